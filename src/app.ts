import { randomBytes } from 'node:crypto';
import type { PrivacySilos, System } from './model/index.js';
import { connectorConfigs, createSilos, sandboxedSystems, startSandboxes, webhookSecretsOf } from '../connectors/index.js';
import { isLoopbackUrl, setWebhookTarget, type RunningSandbox } from '../connectors/sandbox-kit/index.js';
import { createCacheLayer, type CacheLayer } from './cache/index.js';
import { registerWebhooks, withSandboxSecrets } from './webhooks/index.js';
import { createPseudonymiser } from './access/index.js';
import { createAuditTrail, openAuditDatabase } from './audit/index.js';
import { createRequestContext, type GatewayServices } from './context/index.js';
import { createPrivacy } from './privacy/index.js';
import { createSiloPipeline } from './silos/index.js';
import { ROLES, createAuthenticator, issueToken, type Role } from './auth/index.js';
import { deriveKey, loadGatewaySecret, type Environment } from './config/index.js';
import { loadSettings, type Settings } from './settings.js';
import { crawlPosition, createCursorCodec, createCustomerIdCodec } from './identity/index.js';
import { createGateway } from './server/index.js';
import { createLogger, type Logger } from './logging/index.js';
import { createMetrics } from './metrics/index.js';
import { createSiloBudgets, guardOptionsFromSettings, type SiloBudgets } from './resilience/index.js';

/** Deadline of the live reads behind exports, erasure discovery and consent read-backs. */
const PRIVACY_DEADLINE_MS = 30_000;

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
}

/**
 * The composition root: settings → sandboxes for unconfigured silos → connectors → gateway.
 * `npm start` and the integration tests both start the product through here.
 */
export async function startStack(env: Environment = process.env, options: StackOptions = {}): Promise<RunningStack> {
  // The one read of the environment: every concern below gets its own typed slice.
  const settings = loadSettings(env);
  const logger = options.logger ?? createLogger({ level: settings.logging.level });
  let cache: CacheLayer | undefined;
  let budgets: SiloBudgets | undefined;
  const sandboxes = await startSandboxes({ ...settings.sandboxes, systems: sandboxedSystems(settings) });
  let stopErasureWorker: (() => Promise<void>) | undefined;
  try {
    const root = loadGatewaySecret(settings.storage.gatewaySecret, settings.storage.dataDir);
    const configs = connectorConfigs(settings, new Map([...sandboxes].map(([system, s]) => [system, s.url])));
    // Records are cached below the access rules (raw source records, never responses), so every caller
    // still gets only what its role allows.
    cache = createCacheLayer({
      ...settings.cache,
      keySecret: deriveKey(root, 'cache-keys'),
      onError: (error) => logger.warn({ reason: error.message }, 'record cache: Redis error'),
    });
    // Subscribed to other replicas' invalidations before serving (resolves false without Redis).
    await cache.ready();
    const layer = cache;
    // Every silo call through one pipeline (src/silos/silo-pipeline.ts): request tracker → record cache (which
    // serves stale records while a circuit is open) → breaker → bulkhead → connector, whose HTTP client meters every
    // attempt and sends it under the silo's retry and request budgets.
    const metrics = createMetrics();
    budgets = createSiloBudgets(settings.resilience, {
      redisUrl: settings.cache.redisUrl,
      sandboxed: [...sandboxes.keys()],
      onError: (error) => logger.warn({ reason: error.message }, 'request budget: Redis error'),
    });
    const pipeline = createSiloPipeline(createSilos(configs, metrics.onCall, budgets.hooks), {
      cache: layer,
      guard: {
        ...guardOptionsFromSettings(settings.resilience),
        onStateChange: (source, state) => {
          metrics.onBreakerStateChange(source, state);
          logger.warn({ source, state }, 'circuit breaker state changed');
        },
        onOutcome: metrics.observeSiloCall,
      },
      onStage: metrics.observeStage,
    });
    metrics.track({ breakerStates: pipeline.breakerStates, cacheStats: () => layer.stats() });
    const silos = pipeline.silos;
    const { auth } = settings;
    const demo = !auth.jwtSecret && !auth.jwksUrl;
    const jwtSecret = auth.jwtSecret ?? (demo ? randomBytes(32).toString('base64url') : undefined);
    const authenticator = createAuthenticator({ ...auth, jwtSecret });
    // One database for the audit trail and the privacy jobs (PGlite allows one opener per directory).
    const { storage, server } = settings;
    const database = await openAuditDatabase({ ...(storage.databaseUrl ? { databaseUrl: storage.databaseUrl } : {}), dataDir: storage.dataDir });
    const auditTrail = await createAuditTrail({
      database,
      dataDir: storage.dataDir,
      maxQueued: storage.auditMaxQueued,
      logger: logger.child({ component: 'audit' }),
    });
    let publicUrl = server.publicUrl ?? '';
    const services: GatewayServices = {
      silos,
      customerIds: createCustomerIdCodec(deriveKey(root, 'customer-id/enc'), deriveKey(root, 'customer-id/iv')),
      crawlCursors: createCursorCodec(deriveKey(root, 'crawl-cursor'), crawlPosition),
      deadlineMs: server.deadlineMs,
      siloTimeoutMs: server.siloTimeoutMs,
      phoneRegion: server.phoneRegion,
      auditTrail,
      pseudonymise: createPseudonymiser(deriveKey(root, 'pseudonym')),
    };
    // Privacy operations take the pipeline's live path (past the record cache) with a deadline sized for whole exports and erasures.
    const live: GatewayServices = { ...services, silos: pipeline.live, deadlineMs: PRIVACY_DEADLINE_MS, siloTimeoutMs: PRIVACY_DEADLINE_MS };
    const privacy = await createPrivacy({
      database,
      sealKey: deriveKey(root, 'privacy/seal'),
      hashKey: deriveKey(root, 'privacy/suppression'),
      privacy: pipeline.live.privacy,
      contacts: pipeline.live.contacts,
      invalidator: layer.invalidator,
      context: (principal) => createRequestContext(live, principal),
      recordAction: (action) => auditTrail.record(action),
      timing: settings.privacy.erasure,
      exportTtlSeconds: settings.privacy.exportTtlSeconds,
      publicUrl: () => publicUrl,
      cacheLifetimes: settings.cache,
      region: server.phoneRegion,
      logger: logger.child({ component: 'privacy' }),
    });
    const gateway = await createGateway({
      authenticator,
      logger,
      limits: settings.limits.query,
      bodyLimit: settings.limits.bodyBytes,
      metrics,
      readiness: () => ({ silos: pipeline.breakerStates(), cache: layer.stats() }),
      services,
      privacy,
    });
    const webhookSecrets = withSandboxSecrets(webhookSecretsOf(configs), sandboxes.keys());
    const { invalidator } = cache;
    await registerWebhooks(gateway.app, {
      invalidator,
      secrets: webhookSecrets,
      publicUrl: () => publicUrl,
      logger: logger.child({ component: 'webhooks' }),
      // A person erased earlier who appears again (a form re-creates the contact) is flagged to the privacy role.
      onRecordsChanged: (source, ids) => void privacy.suppression.checkChanged(source, ids),
    });
    privacy.exports.routes(gateway.app);
    const url = await gateway.listen(server.port, server.host);
    // PUBLIC_URL defaults to http://HOST:PORT, known only once listening; embedded sandboxes deliver there.
    publicUrl ||= url;
    for (const [system, sandbox] of sandboxes) {
      const secret = webhookSecrets[system];
      const target = `${publicUrl.replace(/\/+$/, '')}/webhooks/${system}`;
      if (secret && isLoopbackUrl(target)) await setWebhookTarget(sandbox.app, { url: target, secret });
    }
    stopErasureWorker = privacy.start();
    const demoTokens = demo && jwtSecret
      ? new Map(await Promise.all(ROLES.map(async (role) => [role, await issueToken(jwtSecret, { sub: `demo-${role}`, roles: [role] })] as const)))
      : null;
    return {
      url,
      sandboxes,
      demoTokens,
      settings,
      logger,
      async close() {
        await stopErasureWorker?.();
        await gateway.close();
        await cache?.close();
        await budgets?.close();
        await Promise.all([...sandboxes.values()].map((s) => s.close()));
      },
    };
  } catch (error) {
    await stopErasureWorker?.();
    await cache?.close();
    await budgets?.close();
    await Promise.all([...sandboxes.values()].map((s) => s.close()));
    throw error;
  }
}
