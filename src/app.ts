import type { CallEvent, System } from './model/index.js';
import { connectorConfigs, createSilos, sandboxedSystems, startSandboxes, webhookSecretsOf } from '../connectors/index.js';
import { deliverWebhooksTo, type RunningSandbox } from '../connectors/sandbox-kit/index.js';
import { createCacheLayer } from './cache/index.js';
import { createRedisEventIdStore, registerWebhooks, withSandboxSecrets } from './webhooks/index.js';
import { createPseudonymiser } from './access/index.js';
import { createAuditTrail, openAuditDatabase } from './audit/index.js';
import { createRequestContext, type GatewayServices } from './context/index.js';
import { createDataQualityReports, createInsightsModels } from './population/index.js';
import { createPrivacy } from './privacy/index.js';
import { createSiloPipeline } from './silos/index.js';
import { createAuthenticator, demoCredentials, type Role } from './auth/index.js';
import { acquireDataDirLock, deriveKey, loadGatewaySecret, type Environment } from './config/index.js';
import { loadSettings, type Settings } from './settings.js';
import { crawlPosition, createCursorCodec, createCustomerIdCodec, createLinkReview, type MemoizedResolution } from './identity/index.js';
import { createGateway, createPublicUrl } from './server/index.js';
import { createLogger, type Logger } from './logging/index.js';
import { createMetrics } from './metrics/index.js';
import { createCallerBudgets, createCredentialWatch, createSiloBudgets, guardOptionsFromSettings } from './resilience/index.js';
import { createShutdown } from './lifecycle/index.js';
import { createTracing, noteAttempt } from './tracing/index.js';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';

/** Deadline of the live reads behind exports, erasure discovery and consent read-backs. */
const PRIVACY_DEADLINE_MS = 30_000;
/** Who the scheduled and on-demand refits crawl as (their silo reads are the gateway's own, not a caller's). */
const REFIT_PRINCIPAL = { sub: 'system:insights-refit', roles: ['admin' as const] };
/** Who the scheduled and on-demand data-quality reports crawl as. */
const DATA_QUALITY_PRINCIPAL = { sub: 'system:data-quality-report', roles: ['admin' as const] };

/** A running gateway with the sandboxes it started. */
export interface RunningStack {
  /** Base URL of the gateway; GraphQL is at `${url}/graphql`. */
  url: string;
  sandboxes: ReadonlyMap<System, RunningSandbox>;
  /** Demo tokens per role, present only when no AUTH_JWT_SECRET was configured. */
  demoTokens: ReadonlyMap<Role, string> | null;
  settings: Settings;
  logger: Logger;
  close(): Promise<void>;
}

/** What the environment cannot carry. */
export interface StackOptions {
  /** The logger to use instead of one on stdout at LOG_LEVEL (tests pass one writing to memory). */
  logger?: Logger;
  /** Receives the spans instead of the OTLP exporter when OTEL_EXPORTER_OTLP_ENDPOINT turns tracing on (tests pass an in-memory one). */
  traceExporter?: SpanExporter;
}

/**
 * The composition root: settings → sandboxes for unconfigured silos → connectors → silo pipeline → services →
 * gateway. `npm start` and the integration tests both start the product through here. It only wires: every resource
 * is registered with one shutdown as it starts, so a failed start-up and `close()` stop the same things, last first.
 */
export async function startStack(env: Environment = process.env, options: StackOptions = {}): Promise<RunningStack> {
  // The one read of the environment: every concern below gets its own typed slice.
  const settings = loadSettings(env);
  const { storage, server } = settings;
  const logger = options.logger ?? createLogger({ level: settings.logging.level });
  const shutdown = createShutdown();
  try {
    // One gateway per DATA_DIR (its generated secret and embedded database are this process's): refused before anything starts.
    const lock = acquireDataDirLock(storage.dataDir);
    shutdown.defer(lock, () => lock.release());
    // Registered right after the lock, so stopped last but for it: every span of the shutdown's own work is exported by the final flush.
    const tracing = createTracing(settings.tracing, options.traceExporter ? { exporter: options.traceExporter } : {});
    shutdown.defer(tracing, () => tracing.close());
    const { tracer } = tracing;
    const sandboxes = await startSandboxes({ ...settings.sandboxes, systems: sandboxedSystems(settings) });
    shutdown.defer(sandboxes, async () => {
      await Promise.all([...sandboxes.values()].map((s) => s.close()));
    });
    const root = loadGatewaySecret(storage.gatewaySecret, storage.dataDir);
    const configs = connectorConfigs(settings, new Map([...sandboxes].map(([system, s]) => [system, s.url])));

    // Records are cached below the access rules (raw source records, never responses), so every caller still gets
    // only what its role allows. Subscribed to other replicas' invalidations before serving.
    const cache = createCacheLayer({
      ...settings.cache,
      keySecret: deriveKey(root, 'cache-keys'),
      sealKey: deriveKey(root, 'cache/values'),
      onError: (error) => logger.warn({ reason: error.message }, 'record cache: Redis error'),
    });
    shutdown.defer(cache, () => cache.close());
    await cache.ready();
    const budgets = createSiloBudgets(settings.resilience, {
      redisUrl: settings.cache.redisUrl,
      sandboxed: [...sandboxes.keys()],
      onError: (error) => logger.warn({ reason: error.message }, 'request budget: Redis error'),
    });
    shutdown.defer(budgets, () => budgets.close());

    // Every silo call through one pipeline (src/silos/silo-pipeline.ts): request tracker → record cache (which
    // serves stale records while a circuit is open) → breaker → bulkhead → connector, whose HTTP client meters every
    // attempt and sends it under the silo's retry and request budgets.
    const metrics = createMetrics();
    const siloCredentials = createCredentialWatch();
    // Each HTTP attempt is metered, and recorded on its silo call's span when tracing is on.
    const onCall = tracer ? (event: CallEvent) => { metrics.onCall(event); noteAttempt(event); } : metrics.onCall;
    const pipeline = createSiloPipeline(createSilos(configs, onCall, budgets.hooks), {
      cache,
      guard: {
        ...guardOptionsFromSettings(settings.resilience),
        onStateChange: (source, state) => {
          metrics.onBreakerStateChange(source, state);
          logger.warn({ source, state }, 'circuit breaker state changed');
        },
        onOutcome: (outcome) => {
          metrics.observeSiloCall(outcome);
          siloCredentials.observe(outcome);
        },
      },
      onStage: metrics.observeStage,
      ...(tracer ? { tracer } : {}),
    });
    metrics.track({ breakerStates: pipeline.breakerStates, credentialStates: siloCredentials.states, cacheStats: () => cache.stats() });

    // One database for the audit trail and the privacy jobs (PGlite allows one opener per directory); the trail closes it.
    const database = await openAuditDatabase({
      ...(storage.databaseUrl ? { databaseUrl: storage.databaseUrl } : {}),
      dataDir: storage.dataDir,
      embedded: { youngGenerationMb: storage.embeddedYoungGenerationMb },
    });
    const auditTrail = await createAuditTrail({
      database,
      dataDir: storage.dataDir,
      maxQueued: storage.auditMaxQueued,
      batchMaxCustomerIds: storage.auditBatchMaxCustomerIds,
      logger: logger.child({ component: 'audit' }),
    });
    shutdown.defer(auditTrail, () => auditTrail.close());
    metrics.track({ auditCpuMs: () => auditTrail.cpuMs(), auditDatabaseMemory: () => auditTrail.databaseMemoryBytes() });
    const publicUrl = createPublicUrl(server.publicUrl);
    const services: GatewayServices = {
      silos: pipeline.silos,
      customerIds: createCustomerIdCodec(deriveKey(root, 'customer-id/enc'), deriveKey(root, 'customer-id/iv')),
      crawlCursors: createCursorCodec(deriveKey(root, 'crawl-cursor'), crawlPosition),
      deadlineMs: server.deadlineMs,
      siloTimeoutMs: server.siloTimeoutMs,
      phoneRegion: server.phoneRegion,
      auditTrail,
      pseudonyms: createPseudonymiser(deriveKey(root, 'pseudonym')),
      identityBounds: settings.identity.bounds,
      linkReview: createLinkReview(deriveKey(root, 'identity/link-review'), settings.identity.reviewMaxEntries),
      timelineLookaheadMs: settings.timeline.lookaheadMs,
      // Clusters resolved from record-cache answers alone, valid while those answers are (one per 16 KiB of CACHE_MAX_BYTES).
      resolutions: cache.derived<MemoizedResolution>(),
      ...(tracer ? { tracer } : {}),
    };
    // Privacy operations take the pipeline's live path (past the record cache) with a deadline sized for whole exports and erasures.
    const { resolutions: _cachedOnly, ...uncached } = services;
    const live: GatewayServices = { ...uncached, silos: pipeline.live, deadlineMs: PRIVACY_DEADLINE_MS, siloTimeoutMs: PRIVACY_DEADLINE_MS };
    const privacy = await createPrivacy({
      database,
      sealKey: deriveKey(root, 'privacy/seal'),
      hashKey: deriveKey(root, 'privacy/suppression'),
      privacy: pipeline.live.privacy,
      contacts: pipeline.live.contacts,
      invalidator: cache.invalidator,
      context: (principal) => createRequestContext(live, principal),
      recordAction: (action) => auditTrail.record(action),
      timing: settings.privacy.erasure,
      exportTtlSeconds: settings.privacy.exportTtlSeconds,
      publicUrl,
      cacheLifetimes: settings.cache,
      region: server.phoneRegion,
      logger: logger.child({ component: 'privacy' }),
    });

    // The refit job crawls every customer through the same live path, as a system admin, one fresh deadline per page.
    const insightsModels = createInsightsModels({
      database,
      context: () => createRequestContext(live, REFIT_PRINCIPAL),
      now: Date.now,
      refitIntervalSeconds: settings.insights.refitIntervalSeconds,
      scheduledAs: REFIT_PRINCIPAL,
      recordAction: (action) => auditTrail.record(action),
      logger: logger.child({ component: 'insights' }),
    });
    if (!database.opensInBackground) await insightsModels.ready().catch(() => {});
    // The data-quality report takes the same crawl (identity resolution only: findings need no facet), and its
    // counts feed the metrics.
    const dataQuality = createDataQualityReports({
      database,
      context: () => createRequestContext(live, DATA_QUALITY_PRINCIPAL),
      now: Date.now,
      staleDays: settings.dataQuality.staleDays,
      intervalSeconds: settings.dataQuality.reportIntervalSeconds,
      scheduledAs: DATA_QUALITY_PRINCIPAL,
      recordAction: (action) => auditTrail.record(action),
      onReport: metrics.observeDataQuality,
      logger: logger.child({ component: 'data-quality' }),
    });
    if (!database.opensInBackground) await dataQuality.ready().catch(() => {});

    // Per-caller budgets, shared by the replicas through Redis under keyed hashes of each `sub`.
    const callerBudgets = createCallerBudgets(settings.budgets, {
      ...(settings.cache.redisUrl ? { redis: { url: settings.cache.redisUrl, prefix: settings.cache.redisPrefix, keySecret: deriveKey(root, 'caller-budgets') } } : {}),
      onError: (error) => logger.warn({ reason: error.message }, 'caller budgets: Redis error'),
    });
    shutdown.defer(callerBudgets, () => callerBudgets.close());
    await callerBudgets.ready();
    const credentials = demoCredentials(settings.auth);
    const authenticator = createAuthenticator(credentials.auth);
    const demoTokens = await credentials.demoTokens();
    const gateway = await createGateway({
      authenticator,
      logger,
      limits: settings.limits.query,
      bodyLimit: settings.limits.bodyBytes,
      ...(settings.limits.trustedDocumentsFile ? { trustedDocumentsFile: settings.limits.trustedDocumentsFile } : {}),
      metrics,
      admission: server.admission,
      cors: { allowedOrigins: server.corsAllowedOrigins },
      transport: settings.transport,
      budgets: callerBudgets,
      readiness: () => ({ silos: pipeline.breakerStates(), credentials: siloCredentials.states(), cache: cache.stats() }),
      services,
      privacy,
      insightsModels,
      dataQuality,
      demoTokens,
    });
    shutdown.defer(gateway, () => gateway.close());
    const webhookSecrets = withSandboxSecrets(webhookSecretsOf(configs), sandboxes.keys());
    // With Redis, the replicas share one replay memory: an event replayed to another replica is a duplicate there too.
    const seen = settings.cache.redisUrl
      ? createRedisEventIdStore({
        url: settings.cache.redisUrl,
        prefix: settings.cache.redisPrefix,
        keySecret: deriveKey(root, 'webhooks/replay'),
        onError: (error) => logger.warn({ reason: error.message }, 'webhook replay memory: Redis error'),
      })
      : undefined;
    if (seen) shutdown.defer(seen, () => seen.close());
    await seen?.ready();
    await registerWebhooks(gateway.app, {
      invalidator: cache.invalidator,
      secrets: webhookSecrets,
      ...(seen ? { seen } : {}),
      publicUrl,
      logger: logger.child({ component: 'webhooks' }),
      // A person erased earlier who appears again (a form re-creates the contact) is flagged to the privacy role.
      onRecordsChanged: (source, ids) => void privacy.suppression.checkChanged(source, ids),
    });
    // Downloads need a privacy or admin bearer token besides the link, unless EXPORT_LINKS_BEARER_ONLY.
    privacy.exports.routes(gateway.app, { authenticator, bearerOnly: settings.privacy.exportLinksBearerOnly });
    const url = await gateway.listen(server.port, server.host);
    publicUrl.listening(url);
    // The embedded sandboxes deliver their webhooks to this gateway, as a vendor console would be set up to.
    await deliverWebhooksTo(sandboxes.values(), publicUrl(), webhookSecrets);
    shutdown.defer(null, privacy.start());
    shutdown.defer(null, insightsModels.start());
    shutdown.defer(null, dataQuality.start());
    return { url, sandboxes, demoTokens, settings, logger, close: () => shutdown.close() };
  } catch (error) {
    await shutdown.close().catch(() => {});
    throw error;
  }
}
