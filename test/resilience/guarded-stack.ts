import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectorConfigs, createSilos, startSandboxes } from '../../connectors/index.js';
import { createHubSpotSandbox } from '../../connectors/hubspot/index.js';
import { generateWorld, startSandbox, type RunningSandbox } from '../../connectors/sandbox-kit/index.js';
import { createAuditTrail } from '../../src/audit/index.js';
import { createAuthenticator, issueToken, type Role } from '../../src/auth/index.js';
import { createMetrics } from '../../src/metrics/index.js';
import type { Source, System } from '../../src/model/index.js';
import { createSiloBudgets, guardOptionsFromSettings } from '../../src/resilience/index.js';
import { createGateway } from '../../src/server/index.js';
import { loadSettings } from '../../src/settings.js';
import { createSiloPipeline } from '../../src/silos/index.js';
import { testGatewayServices } from '../support/gateway-services.js';
import type { GqlResponse } from '../support/stack.js';

const JWT_SECRET = 'resilience-test-jwt-secret-of-sufficient-length';

/** How the stack differs from the defaults. */
export interface GuardedStackOptions {
  /** Resilience and connector settings, as the environment would give them. */
  env?: Record<string, string>;
  deadlineMs?: number;
  siloTimeoutMs?: number;
  /** Rate limits the HubSpot sandbox enforces with real 429s (by default it only counts). */
  hubspotRateLimits?: { tenSecondly?: number; searchPerSecond?: number };
  /** Whether to start listening (default true); when false, call `listen()` to do it. */
  listen?: boolean;
  /**
   * The breakers' clock (sampling window, half-open delay); default `Date.now`. A test that waits for a circuit to
   * open passes one that only it moves, so a busy machine cannot spread the failures past the window.
   */
  breakerClock?: () => number;
}

/**
 * The product assembled from its exported pieces as src/app.ts does, but without the record cache, so every call
 * reaches the guard: sandboxes → connectors with budgets and metrics → the silo pipeline (tracker, breakers,
 * bulkheads) → gateway with /readyz details and /metrics.
 */
export async function startGuardedStack(options: GuardedStackOptions = {}) {
  const env = options.env ?? {};
  const sandboxes = await startSandboxes({ seed: 42, people: 300, latencyMs: 0, systems: options.hubspotRateLimits ? ['shopify', 'zendesk', 'square'] : undefined });
  if (options.hubspotRateLimits) {
    const world = generateWorld({ seed: 42, people: 300 });
    sandboxes.set('hubspot', await startSandbox(createHubSpotSandbox(world, { rateLimits: options.hubspotRateLimits }), { host: '127.0.0.1', port: 0 }));
  }
  const settings = loadSettings(env);
  const metrics = createMetrics();
  const budgets = createSiloBudgets(settings.resilience);
  const urls = new Map([...sandboxes].map(([system, s]) => [system, s.url]));
  const guard = guardOptionsFromSettings(settings.resilience);
  const pipeline = createSiloPipeline(createSilos(connectorConfigs(settings, urls), metrics.onCall, budgets.hooks), {
    guard: {
      ...guard,
      breaker: { ...guard.breaker, ...(options.breakerClock ? { now: options.breakerClock } : {}) },
      onStateChange: metrics.onBreakerStateChange,
      onOutcome: metrics.observeSiloCall,
    },
    onStage: metrics.observeStage,
  });
  const { silos, breakerStates } = pipeline;
  metrics.track({ breakerStates, cacheStats: () => null });
  const auditTrail = await createAuditTrail({ dataDir: mkdtempSync(join(tmpdir(), 'c360-resilience-')) });
  const deadlineMs = options.deadlineMs ?? 1500;
  const gateway = await createGateway({
    authenticator: createAuthenticator({ jwtSecret: JWT_SECRET }),
    metrics,
    readiness: () => ({ silos: breakerStates(), cache: null }),
    services: { ...testGatewayServices({ silos, auditTrail, secret: 'resilience-test-gateway-secret' }), deadlineMs, siloTimeoutMs: options.siloTimeoutMs ?? Math.ceil(deadlineMs / 2) },
  });
  let url = options.listen === false ? '' : await gateway.listen(0, '127.0.0.1');
  const tokens = new Map<Role, string>();
  const sandbox = (system: System): RunningSandbox => {
    const running = sandboxes.get(system);
    if (!running) throw new Error(`no ${system} sandbox`);
    return running;
  };

  return {
    get url() {
      return url;
    },
    gateway,
    async listen() {
      url = await gateway.listen(0, '127.0.0.1');
    },
    metrics,
    breakerStates,
    budgets,
    /** One GraphQL request; it fails (AbortError) if no answer comes within `timeoutMs`. */
    async query<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}, { role = 'support' as Role, timeoutMs = 30_000 } = {}): Promise<GqlResponse<T>> {
      if (!tokens.has(role)) tokens.set(role, await issueToken(JWT_SECRET, { sub: `resilience-${role}`, roles: [role] }));
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(role)}` },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      return { status: res.status, ...((await res.json()) as object) };
    },
    async faults(system: System, faults: Record<string, unknown>) {
      const res = await fetch(`${sandbox(system).url}/__sandbox/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
      if (!res.ok) throw new Error(`faults refused: ${res.status}`);
    },
    async stats(system: System): Promise<number> {
      return ((await (await fetch(`${sandbox(system).url}/__sandbox/stats`)).json()) as { total: number }).total;
    },
    async close() {
      await gateway.close();
      await auditTrail.close();
      await budgets.close();
      await Promise.all([...sandboxes.values()].map((s) => s.close()));
    },
  };
}

/** The stack `startGuardedStack` returns. */
export type GuardedStack = Awaited<ReturnType<typeof startGuardedStack>>;

/** Each silo's sandbox. */
export const SYSTEM_OF: Readonly<Record<Source, System>> = { CRM: 'hubspot', ECOMMERCE: 'shopify', SUPPORT: 'zendesk', POS: 'square' };
