import { z } from 'zod';
import { SOURCES, type Source } from '../model/index.js';

const MAX_SECONDS = 3600;
// Short-lived by design (no central copy): an hour is the most any setting may keep silo data.
const seconds = z.coerce.number().int().min(0).max(MAX_SECONDS, `at most ${MAX_SECONDS} seconds: the cache keeps silo data for seconds, not hours`);

const schema = z.object({
  CACHE_TTL_SECONDS: seconds.default(30),
  CRM_CACHE_TTL_SECONDS: seconds.optional(),
  ECOMMERCE_CACHE_TTL_SECONDS: seconds.optional(),
  SUPPORT_CACHE_TTL_SECONDS: seconds.optional(),
  POS_CACHE_TTL_SECONDS: seconds.optional(),
  CACHE_STALE_SECONDS: seconds.default(300),
  CACHE_MAX_BYTES: z.coerce.number().int().min(64 * 1024, 'at least 65536 bytes').default(64 * 1024 * 1024),
  REDIS_URL: z.string().trim().regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL').optional(),
  CACHE_REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9:_.-]{1,64}$/, 'letters, digits and : _ . - only').default('c360:'),
});

/** The record cache's settings: lifetimes per silo role, the stale window, the byte bound and the shared level. */
export interface CacheSettings {
  /** Seconds a record stays fresh, per silo; 0 turns caching off for that silo. */
  ttlSeconds: Readonly<Record<Source, number>>;
  /** Seconds past its lifetime a record may still be served while refreshed, or while its silo fails. */
  staleSeconds: number;
  /** Upper bound of this replica's cache, in bytes of JSON. */
  maxBytes: number;
  /** Redis for the shared second level and invalidation across replicas; absent: in-process only. */
  redisUrl?: string;
  /** Prefix of every Redis key; the invalidation channel is `<prefix>invalidate`. */
  redisPrefix: string;
}

// Vendor-named variants are easy to guess wrong: name the setting that is meant instead of ignoring them.
const VENDOR_ALIASES: Readonly<Record<string, Source>> = { HUBSPOT: 'CRM', SHOPIFY: 'ECOMMERCE', ZENDESK: 'SUPPORT', SQUARE: 'POS' };

/**
 * Reads the cache settings: `CACHE_TTL_SECONDS` (30), `CRM_`/`ECOMMERCE_`/`SUPPORT_`/`POS_CACHE_TTL_SECONDS`
 * (default: `CACHE_TTL_SECONDS`), `CACHE_STALE_SECONDS` (300), `CACHE_MAX_BYTES` (64 MiB), `REDIS_URL` and
 * `CACHE_REDIS_PREFIX` (`c360:`). An error names each bad setting and what it expects, never its value.
 */
export function cacheSettingsFromEnv(env: Readonly<Record<string, string | undefined>>): CacheSettings {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const problems: string[] = [];
  for (const [vendor, source] of Object.entries(VENDOR_ALIASES)) {
    if (present[`${vendor}_CACHE_TTL_SECONDS`] !== undefined) {
      problems.push(`${vendor}_CACHE_TTL_SECONDS: not a setting; lifetimes are per silo role, use ${source}_CACHE_TTL_SECONDS`);
    }
  }
  const parsed = schema.safeParse(present);
  if (!parsed.success) problems.push(...parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  if (problems.length > 0 || !parsed.success) throw new Error(`invalid cache settings: ${problems.join('; ')}`);
  const s = parsed.data;
  const ttlSeconds = Object.fromEntries(SOURCES.map((source) => [source, s[`${source}_CACHE_TTL_SECONDS`] ?? s.CACHE_TTL_SECONDS])) as Record<Source, number>;
  return {
    ttlSeconds,
    staleSeconds: s.CACHE_STALE_SECONDS,
    maxBytes: s.CACHE_MAX_BYTES,
    ...(s.REDIS_URL ? { redisUrl: s.REDIS_URL } : {}),
    redisPrefix: s.CACHE_REDIS_PREFIX,
  };
}
