import type { Source } from '../model/index.js';

/**
 * The record cache's settings: lifetimes per silo, the stale window, the byte bound and the shared level. src/config
 * reads them once (`cacheSettings`: CACHE_TTL_SECONDS, `<SILO>_CACHE_TTL_SECONDS`, CACHE_STALE_SECONDS, CACHE_MAX_BYTES,
 * REDIS_URL, CACHE_REDIS_PREFIX).
 */
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
