import { describe, expect, it } from 'vitest';
import type { Environment } from '../../src/config/index.js';
import { loadSettings } from '../../src/settings.js';

// The cache's slice of the settings, read as the gateway reads it: one parse of every setting.
const cacheSettingsFromEnv = (env: Environment) => loadSettings(env).cache;

describe('cache settings', () => {
  it('defaults to 30 s per silo, a 300 s stale window, 64 MiB, in-process, keys under c360:', () => {
    expect(cacheSettingsFromEnv({})).toEqual({
      ttlSeconds: { CRM: 30, ECOMMERCE: 30, SUPPORT: 30, POS: 30 },
      staleSeconds: 300,
      maxBytes: 64 * 1024 * 1024,
      redisPrefix: 'c360:',
    });
  });

  it('takes a lifetime per silo role over CACHE_TTL_SECONDS, and 0 for all silos from CACHE_TTL_SECONDS=0 alone', () => {
    expect(cacheSettingsFromEnv({ CACHE_TTL_SECONDS: '10', SUPPORT_CACHE_TTL_SECONDS: '2', POS_CACHE_TTL_SECONDS: '0' }).ttlSeconds)
      .toEqual({ CRM: 10, ECOMMERCE: 10, SUPPORT: 2, POS: 0 });
    expect(cacheSettingsFromEnv({ CACHE_TTL_SECONDS: '0' }).ttlSeconds).toEqual({ CRM: 0, ECOMMERCE: 0, SUPPORT: 0, POS: 0 });
  });

  it('reads REDIS_URL, CACHE_REDIS_PREFIX, CACHE_STALE_SECONDS and CACHE_MAX_BYTES', () => {
    expect(cacheSettingsFromEnv({ REDIS_URL: 'redis://127.0.0.1:6379', CACHE_REDIS_PREFIX: 'c360:test:', CACHE_STALE_SECONDS: '0', CACHE_MAX_BYTES: '1048576' }))
      .toMatchObject({ redisUrl: 'redis://127.0.0.1:6379', redisPrefix: 'c360:test:', staleSeconds: 0, maxBytes: 1_048_576 });
  });

  it('takes a vendor-named lifetime as its silo\'s, as the README documents, and rejects bad values without echoing them', () => {
    // Was: HUBSPOT_CACHE_TTL_SECONDS stopped the gateway ("not a setting"); the README documents it, so it is the CRM lifetime.
    expect(cacheSettingsFromEnv({ HUBSPOT_CACHE_TTL_SECONDS: '5' }).ttlSeconds).toEqual({ CRM: 5, ECOMMERCE: 30, SUPPORT: 30, POS: 30 });
    expect(() => cacheSettingsFromEnv({ CACHE_TTL_SECONDS: '86400' })).toThrow(/CACHE_TTL_SECONDS: at most 3600 seconds/);
    expect(() => cacheSettingsFromEnv({ CACHE_MAX_BYTES: '12' })).toThrow(/CACHE_MAX_BYTES/);
    expect(() => cacheSettingsFromEnv({ REDIS_URL: 'http://user:hunter2@host' })).toThrow(/REDIS_URL: a redis:\/\/ or rediss:\/\/ URL/);
    expect(() => cacheSettingsFromEnv({ REDIS_URL: 'http://user:hunter2@host' })).not.toThrow(/hunter2/);
  });

  it('names each silo by its vendor as well as its role: HUBSPOT = CRM, SHOPIFY = ECOMMERCE, ZENDESK = SUPPORT, SQUARE = POS', () => {
    const env = { CACHE_TTL_SECONDS: '60', HUBSPOT_CACHE_TTL_SECONDS: '1', SHOPIFY_CACHE_TTL_SECONDS: '2', ZENDESK_CACHE_TTL_SECONDS: '3', SQUARE_CACHE_TTL_SECONDS: '0' };
    expect(cacheSettingsFromEnv(env).ttlSeconds).toEqual({ CRM: 1, ECOMMERCE: 2, SUPPORT: 3, POS: 0 });
  });

  it('holds a vendor-named lifetime to the same bound as its role-named twin', () => {
    expect(() => cacheSettingsFromEnv({ SQUARE_CACHE_TTL_SECONDS: '86400' })).toThrow(/SQUARE_CACHE_TTL_SECONDS: at most 3600 seconds/);
  });

  it('accepts both names of a silo set to the same value, and refuses them set to different values, naming both', () => {
    expect(cacheSettingsFromEnv({ HUBSPOT_CACHE_TTL_SECONDS: '5', CRM_CACHE_TTL_SECONDS: '5' }).ttlSeconds.CRM).toBe(5);
    expect(() => cacheSettingsFromEnv({ ZENDESK_CACHE_TTL_SECONDS: '5', SUPPORT_CACHE_TTL_SECONDS: '7' }))
      .toThrow('ZENDESK_CACHE_TTL_SECONDS and SUPPORT_CACHE_TTL_SECONDS name the same lifetime but differ: set only one of them');
  });

  it('lists a conflict of names together with the other invalid cache settings', () => {
    expect(() => cacheSettingsFromEnv({ SHOPIFY_CACHE_TTL_SECONDS: '1', ECOMMERCE_CACHE_TTL_SECONDS: '2', CACHE_MAX_BYTES: '12' }))
      .toThrow(/CACHE_MAX_BYTES: at least 65536 bytes; SHOPIFY_CACHE_TTL_SECONDS and ECOMMERCE_CACHE_TTL_SECONDS name the same lifetime/);
  });
});
