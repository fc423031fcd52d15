import { describe, expect, it } from 'vitest';
import { cacheSettingsFromEnv } from '../../src/cache/index.js';

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

  it('names the setting meant when a vendor-named lifetime is given, and rejects bad values without echoing them', () => {
    expect(() => cacheSettingsFromEnv({ HUBSPOT_CACHE_TTL_SECONDS: '5' })).toThrow('HUBSPOT_CACHE_TTL_SECONDS: not a setting; lifetimes are per silo role, use CRM_CACHE_TTL_SECONDS');
    expect(() => cacheSettingsFromEnv({ CACHE_TTL_SECONDS: '86400' })).toThrow(/CACHE_TTL_SECONDS: at most 3600 seconds/);
    expect(() => cacheSettingsFromEnv({ CACHE_MAX_BYTES: '12' })).toThrow(/CACHE_MAX_BYTES/);
    expect(() => cacheSettingsFromEnv({ REDIS_URL: 'http://user:hunter2@host' })).toThrow(/REDIS_URL: a redis:\/\/ or rediss:\/\/ URL/);
    expect(() => cacheSettingsFromEnv({ REDIS_URL: 'http://user:hunter2@host' })).not.toThrow(/hunter2/);
  });
});
