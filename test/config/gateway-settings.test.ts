import { describe, expect, expectTypeOf, it } from 'vitest';
import { sandboxedSystems, type SandboxSettings } from '../../connectors/index.js';
import type { AuthSettings } from '../../src/auth/index.js';
import type { CacheSettings } from '../../src/cache/index.js';
import type { LoggerOptions } from '../../src/logging/index.js';
import type { ErasureTiming } from '../../src/privacy/index.js';
import type { ResilienceSettings } from '../../src/resilience/index.js';
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from '../../src/server/limits/index.js';
import { loadSettings } from '../../src/settings.js';
import { settingsFailure } from './support.js';

const defaults = loadSettings({});

describe('the settings of each concern', () => {
  it('gives every concern its own slice, with the defaults the README lists', () => {
    expect(defaults.server).toEqual({ port: 4000, host: '127.0.0.1', deadlineMs: 3000, siloTimeoutMs: 1500, phoneRegion: 'US', admission: { maxInProgress: 64, minInProgress: 4, targetMs: 1800, maxQueued: 256, maxWaitMs: 750, maxLagMs: 100 }, corsAllowedOrigins: [] });
    expect(defaults.storage).toEqual({ dataDir: '.data', auditMaxQueued: 10_000, auditBatchMaxCustomerIds: 2000, embeddedYoungGenerationMb: 4 });
    expect(defaults.auth).toEqual({ clockSkewSeconds: 60, maxTokenLifetimeSeconds: 86_400 });
    expect(defaults.logging).toEqual({ level: 'info' });
    expect(defaults.identity).toEqual({ bounds: { maxNamesPerValue: 5, maxClusterSize: 12 }, reviewMaxEntries: 1000 });
    expect(defaults.limits).toEqual({ bodyBytes: 262_144, query: DEFAULT_QUERY_LIMITS });
    expect(defaults.privacy).toEqual({
      exportTtlSeconds: 900,
      exportLinksBearerOnly: false,
      erasure: { pollMs: 1000, leaseMs: 60_000, retryBaseMs: 1000, retryCapMs: 300_000, vendorPollMs: 30_000, callTimeoutMs: 10_000 },
    });
    expect(defaults.sandboxes).toEqual({ seed: 42, people: 2000, latencyMs: 0, shopifyErasureDelayMs: 5000 });
    expect(defaults.resilience).toMatchObject({ CIRCUIT_FAILURE_RATE: 0.5, BULKHEAD_MAX_CONCURRENT: 64, RATE_BUDGET_REDIS_PREFIX: 'c360:' });
    expect([defaults.hubspot, defaults.shopify, defaults.zendesk, defaults.square].map((t) => t.target)).toEqual(['sandbox', 'sandbox', 'sandbox', 'sandbox']);
  });

  it('types each slice as the concern that receives it takes it', () => {
    expectTypeOf(defaults.cache).toMatchTypeOf<CacheSettings>();
    expectTypeOf(defaults.auth).toMatchTypeOf<AuthSettings>();
    expectTypeOf(defaults.limits.query).toEqualTypeOf<QueryLimits>();
    expectTypeOf(defaults.privacy.erasure).toEqualTypeOf<ErasureTiming>();
    expectTypeOf(defaults.resilience).toEqualTypeOf<Readonly<ResilienceSettings>>();
    expectTypeOf(defaults.sandboxes).toMatchTypeOf<SandboxSettings>();
    expectTypeOf(defaults.logging.level).toEqualTypeOf<LoggerOptions['level']>();
    expectTypeOf(defaults.server.port).toBeNumber();
    expect(typeof defaults.server.port).toBe('number');
  });

  it('reads numbers, flags and URLs as such', () => {
    const settings = loadSettings({ PORT: '8080', ALLOW_INTROSPECTION: 'true', RATE_BUDGET_SANDBOXES: 'yes', PUBLIC_URL: 'https://gateway.example', SANDBOX_PEOPLE: '300' });
    expect([settings.server.port, settings.limits.query.allowIntrospection, settings.resilience.RATE_BUDGET_SANDBOXES]).toEqual([8080, true, true]);
    expect([settings.server.publicUrl, settings.sandboxes.people]).toEqual(['https://gateway.example', 300]);
  });

  it('reads the audit trail\'s memory bounds, and refuses a bound that is not a positive whole number, naming it', () => {
    const storage = loadSettings({ AUDIT_BATCH_MAX_CUSTOMER_IDS: '500', AUDIT_EMBEDDED_YOUNG_GENERATION_MB: '16' }).storage;
    expect([storage.auditBatchMaxCustomerIds, storage.embeddedYoungGenerationMb]).toEqual([500, 16]);
    const { issues } = settingsFailure(() => loadSettings({ AUDIT_BATCH_MAX_CUSTOMER_IDS: '0', AUDIT_EMBEDDED_YOUNG_GENERATION_MB: '2.5' }));
    expect(issues.map((i) => i.message.split(':')[0])).toEqual(['AUDIT_BATCH_MAX_CUSTOMER_IDS', 'AUDIT_EMBEDDED_YOUNG_GENERATION_MB']);
    expect(settingsFailure(() => loadSettings({ AUDIT_EMBEDDED_YOUNG_GENERATION_MB: '1024' })).issues.map((i) => i.message.split(':')[0])).toEqual(['AUDIT_EMBEDDED_YOUNG_GENERATION_MB']);
  });

  it('takes the identity bounds as whole numbers from 2, and refuses anything else naming the setting', () => {
    expect(loadSettings({ IDENTITY_MAX_NAMES_PER_VALUE: '8', IDENTITY_MAX_CLUSTER_SIZE: '20' }).identity.bounds).toEqual({ maxNamesPerValue: 8, maxClusterSize: 20 });
    const { issues } = settingsFailure(() => loadSettings({ IDENTITY_MAX_NAMES_PER_VALUE: '1', IDENTITY_MAX_CLUSTER_SIZE: 'many', LINK_REVIEW_MAX_ENTRIES: '0' }));
    expect(issues.map((i) => i.message.split(':')[0]).sort()).toEqual(['IDENTITY_MAX_CLUSTER_SIZE', 'IDENTITY_MAX_NAMES_PER_VALUE', 'LINK_REVIEW_MAX_ENTRIES']);
  });

  it('caps one silo call at half the request deadline unless SILO_TIMEOUT_MS says otherwise', () => {
    expect(loadSettings({ REQUEST_DEADLINE_MS: '1001' }).server.siloTimeoutMs).toBe(501);
    expect(loadSettings({ REQUEST_DEADLINE_MS: '1000', SILO_TIMEOUT_MS: '900' }).server.siloTimeoutMs).toBe(900);
  });

  it('validates a configured account at start-up, before any sandbox runs, and starts sandboxes only for the others', () => {
    const settings = loadSettings({ SQUARE_BASE_URL: 'https://connect.squareup.com', SQUARE_ACCESS_TOKEN: 'EAAA-token' });
    expect(settings.square).toEqual({ target: 'account', config: expect.objectContaining({ baseUrl: 'https://connect.squareup.com', accessToken: 'EAAA-token' }) });
    expect(sandboxedSystems(settings)).toEqual(['hubspot', 'shopify', 'zendesk']);
  });

  it('reads REDIS_URL once, with the cache, for the request budgets too', () => {
    const settings = loadSettings({ REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(settings.cache.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(Object.keys(settings.resilience)).not.toContain('REDIS_URL');
  });
});
