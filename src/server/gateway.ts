import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import Fastify, { type FastifyInstance } from 'fastify';
import { createAccessPolicy, createRoleSchemas, enforceAccess } from '../access/index.js';
import { isRole } from '../auth/index.js';
import type { Authenticator } from '../auth/index.js';
import { createRequestContext, type GatewayServices } from '../context/index.js';
import type { DataQualityReports, InsightsModels } from '../population/index.js';
import { buildRecordOfProcessing, type PrivacyOperations } from '../privacy/index.js';
import type { ResolverContext } from '../resolvers/index.js';
import { formatError } from './format-error.js';
import { oneOfVariablesRule } from './one-of-variables-rule.js';
import { createPlainSchema } from './plain-schema.js';
import { fastifyLogOptions, registerRequestLog, requestLogPlugin, withRequestLog, type Logger } from '../logging/index.js';
import { createQueryLimits, registerHttpLimits, type QueryLimits } from './limits/index.js';
import { auditPlugin, noStorePlugin, sourcesPlugin } from './sources-plugin.js';
import { retryAfterPlugin } from './retry-after-plugin.js';
import { mediaTypePlugin } from './media-type-plugin.js';
import { startOperationTrace, tracingPlugin } from './tracing-plugin.js';
import type { Metrics } from '../metrics/index.js';
import { registerAdmission, type Admission, type AdmissionOptions } from './admission.js';
import { capConnections, transportServerOptions } from './transport.js';
import { registerCors, type CorsOptions } from './cors.js';
import { registerExplorer } from './explorer/index.js';
import { assertBudgetKindsMatchSchema, callerBudgetPlugin } from './caller-budget-plugin.js';
import type { CallerBudgets } from '../resilience/index.js';
import type { TransportSettings } from '../config/index.js';
import { createTrustedDocuments } from './trusted-documents.js';
import { readTrustedManifest } from './trusted-manifest.js';

/** What the gateway is built from. */
export interface GatewayOptions {
  services: GatewayServices;
  /** Data-subject operations for the privacy resolvers; absent in stacks built without a privacy database. */
  privacy?: PrivacyOperations;
  /** The population models for insightsModel, refitInsightsModel and the model fields; absent in test rigs built without them. */
  insightsModels?: InsightsModels;
  /** The data-quality reports (dataQualityReport, runDataQualityReport) and the stale setting of `Customer.dataQuality`; absent in test rigs built without them. */
  dataQuality?: DataQualityReports;
  authenticator: Authenticator;
  /** Largest request body accepted, in bytes. */
  bodyLimit?: number;
  /** Where the per-request lines go; nothing is logged when absent. */
  logger?: Logger;
  /** Query limits; DEFAULT_QUERY_LIMITS for any not given. */
  limits?: Partial<QueryLimits>;
  /** More of the `/readyz` body, e.g. `{ silos: breakerStates(), cache: stats() }`; `database` comes from the audit trail. */
  readiness?: () => Record<string, unknown>;
  /** Serves `GET /metrics`, times GraphQL requests and counts their admission. */
  metrics?: Pick<Metrics, 'contentType' | 'render' | 'apolloPlugin' | 'observeAdmission' | 'trackAdmission'>;
  /** The admission gate of /graphql (`ADMISSION_*`); without it every request is taken on at once (test rigs). */
  admission?: Omit<AdmissionOptions, 'graphqlPath' | 'onEvent'>;
  /** Timeouts and connection caps of the HTTP server (`REQUEST_*_TIMEOUT_MS`, `CONNECTION_*`, `MAX_CONNECTIONS`); TRANSPORT_DEFAULTS when absent. */
  transport?: TransportSettings;
  /** Per-caller budgets of reads, look-ups and privacy operations (`CALLER_*_PER_MINUTE`); none when absent (test rigs). */
  budgets?: CallerBudgets;
  /** A manifest of trusted documents (`TRUSTED_DOCUMENTS`): only its documents run, ad-hoc ones for admin only; APQ as Apollo Server has it when absent. */
  trustedDocumentsFile?: string;
  /** The web origins allowed to call from a browser (`CORS_ALLOWED_ORIGINS`); none when absent (CORS closed). */
  cors?: CorsOptions;
  /** Demo mode's token per role, offered by the explorer's role picker; none outside demo mode. */
  demoTokens?: ReadonlyMap<string, string> | null;
}

/** A built gateway, not yet listening. */
export interface Gateway {
  app: FastifyInstance;
  /** The admission gate's state, when there is one. */
  admission: Admission | null;
  listen(port: number, host: string): Promise<string>;
  close(): Promise<void>;
}

/** Assembles Fastify, Apollo Server, the schema and the per-request context. */
export async function createGateway({ services, privacy, insightsModels, dataQuality, authenticator, bodyLimit = 256 * 1024, logger, limits, readiness, metrics, admission: admit, transport, budgets, trustedDocumentsFile, cors = { allowedOrigins: [] }, demoTokens = null }: GatewayOptions): Promise<Gateway> {
  // Export links carry a sealed token in the path (src/privacy), longer than Fastify's default 100-character parameter.
  const app = Fastify({ ...fastifyLogOptions(logger), ...transportServerOptions(transport, logger), bodyLimit, routerOptions: { maxParamLength: 2048 } });
  capConnections(app, transport);
  // Request ids and completion lines, batching and body-size refusals (src/logging, src/server/limits).
  registerRequestLog(app);
  // CORS before admission: a preflight is answered at once and never takes a GraphQL slot.
  registerCors(app, cors);
  // Admission first: a request the gateway cannot take on is refused before its body is read.
  const admission = admit
    ? registerAdmission(app, { ...admit, graphqlPath: '/graphql', ...(metrics ? { onEvent: metrics.observeAdmission } : {}) })
    : null;
  if (admission) metrics?.trackAdmission(admission.stats);
  registerHttpLimits(app, { graphqlPath: '/graphql', bodyLimit });
  let phase: 'starting' | 'ready' | 'stopping' = 'starting';
  const plain = createPlainSchema();
  // Fails start-up when any field has no access rule, or a personal field no source silo (the record of processing).
  const policy = createAccessPolicy(plain);
  const schema = enforceAccess(plain, policy);
  buildRecordOfProcessing(plain, { ttlSeconds: { CRM: 0, ECOMMERCE: 0, SUPPORT: 0, POS: 0 }, staleSeconds: 0 });
  // What a caller other than admin sees of the schema when introspecting: their role's view, fields denied to it left out.
  const roleSchemas = createRoleSchemas(schema, policy);
  const hardening = createQueryLimits(schema, limits, (roles) => roleSchemas(roles.filter(isRole)));
  assertBudgetKindsMatchSchema(schema);
  // Read and checked against the schema at start-up: a document the schema no longer accepts stops the gateway.
  const trusted = trustedDocumentsFile === undefined ? null : createTrustedDocuments(readTrustedManifest(trustedDocumentsFile, plain));
  trusted?.register(app, '/graphql');
  const apollo = new ApolloServer<ResolverContext>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    ...hardening.options,
    // Outside trusted-documents mode, automatic persisted queries stay Apollo Server's default (an in-memory cache).
    ...(trusted ? { persistedQueries: trusted.persistedQueries } : {}),
    validationRules: [...hardening.options.validationRules, oneOfVariablesRule],
    ...(logger ? { logger: logger.child({ component: 'apollo' }) } : {}),
    // Apollo's landing page would load Apollo Sandbox from a CDN: the explorer (./explorer) is served instead.
    plugins: [fastifyApolloDrainPlugin(app), ApolloServerPluginCacheControlDisabled(), ApolloServerPluginLandingPageDisabled(), noStorePlugin, sourcesPlugin, auditPlugin, retryAfterPlugin, hardening.plugin, mediaTypePlugin, ...(budgets ? [callerBudgetPlugin(budgets)] : []), requestLogPlugin, ...(metrics ? [metrics.apolloPlugin] : []), ...(services.tracer ? [tracingPlugin] : [])],
  });
  await apollo.start();

  registerExplorer(app, { graphqlPath: '/graphql', demoTokens });
  app.get('/healthz', async () => ({ status: 'ok' }));
  // Ready while it can serve: silos that are down still leave partial answers, so only start-up and shutdown are 503.
  app.get('/readyz', async (_request, reply) => {
    let extra: Record<string, unknown>;
    try {
      extra = readiness?.() ?? {};
    } catch {
      extra = { error: 'readiness details unavailable' };
    }
    const body = { status: phase, silos: null, cache: null, database: services.auditTrail.status().database, ...extra };
    return reply.status(phase === 'ready' ? 200 : 503).send(body);
  });
  if (metrics) app.get('/metrics', async (_request, reply) => reply.type(metrics.contentType).send(await metrics.render()));
  await app.register(fastifyApollo(apollo), {
    context: withRequestLog(async (request) => {
      const principal = await authenticator.authenticate(request.headers.authorization);
      trusted?.admit(request, principal.roles);
      // The request's deadline runs from its arrival: the time it waited for admission is spent.
      const waited = admission?.waitedMs(request) ?? 0;
      const requestServices = waited > 0 ? { ...services, deadlineMs: services.deadlineMs - waited } : services;
      // With tracing on, the request's operation span is the parent of its identity rounds' and silo calls' spans.
      const operationTrace = services.tracer ? startOperationTrace(services.tracer, request.headers) : undefined;
      const context: ResolverContext = { ...createRequestContext(requestServices, principal, operationTrace?.context), access: policy, ...(operationTrace ? { operationTrace } : {}) };
      return { ...context, ...(privacy ? { privacy } : {}), ...(insightsModels ? { insightsModels } : {}), ...(dataQuality ? { dataQuality } : {}) };
    }),
  });

  return {
    app,
    admission,
    async listen(port, host) {
      await app.listen({ port, host });
      phase = 'ready';
      const address = app.server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      return `http://${host}:${bound}`;
    },
    async close() {
      phase = 'stopping';
      await app.close();
    },
  };
}
