import { createDerivedCache, type DerivedCache } from './derived-cache.js';
import { createReadThrough, type ReadThrough } from './read-through.js';
import { createRecordCache, type RecordCache } from './record-cache.js';
import type { RecordCacheOptions } from './record-cache-options.js';
import type { CacheSettings } from './settings.js';
import type { RecordInvalidator } from './types.js';

/** How the cache has done since start, for `/metrics` and `/readyz`. */
export interface CacheStats {
  /** Keys answered from the cache (this replica's or Redis), stale ones included. */
  hits: number;
  /** Keys that needed the silo (fetched, or joined a fetch already in flight). */
  misses: number;
  /** Keys answered with an entry past its lifetime (while refreshing, or while the silo failed). */
  staleServed: number;
  /** Entries and bytes (JSON length) held by this replica. */
  entries: number;
  bytes: number;
  /** The shared level: off (no REDIS_URL), ready, or unavailable (the cache then works in-process only). */
  redis: 'off' | 'ready' | 'unavailable';
}

/** The record cache as the composition root uses it. */
export interface CacheLayer {
  /** The entries, for the silo pipeline's cache stage (which decides, per operation, what is cached and how). */
  records: RecordCache;
  /** Reads through `records`, sharing upstream reads in flight and refreshing stale entries in the background. */
  reads: ReadThrough;
  /** Forgets records here and on every other replica (webhooks, erasure). */
  invalidator: RecordInvalidator;
  /**
   * A cache of values derived from record-cache answers (resolved clusters), valid exactly while those answers are:
   * bounded to one value per `DERIVED_BYTES_PER_ENTRY` of CACHE_MAX_BYTES.
   */
  derived<V extends object>(): DerivedCache<V>;
  stats(): CacheStats;
  /** Resolves once the shared level is connected and subscribed (true), or false if Redis cannot be reached. */
  ready(): Promise<boolean>;
  /** Disconnects from Redis. */
  close(): Promise<void>;
}

/** What `createCacheLayer` takes: the settings, plus what the environment cannot carry. */
export type CacheLayerOptions = CacheSettings & Pick<RecordCacheOptions, 'keySecret' | 'sealKey' | 'now' | 'onError'> & {
  /** Time a background refresh may take (default 10 s). */
  refreshBudgetMs?: number;
};

/**
 * CACHE_MAX_BYTES per derived value held (64 MiB: 4096 values). A value is small (a resolved cluster: its links, and
 * references to the records the record cache holds anyway), but it keeps the entries it rests on alive after the
 * record cache let them go, until it is next asked for or evicted.
 */
export const DERIVED_BYTES_PER_ENTRY = 16 * 1024;

/** Creates the cache layer from its settings (`cacheSettingsFromEnv`): in-process, or shared through Redis with `redisUrl`. */
export function createCacheLayer(options: CacheLayerOptions): CacheLayer {
  const cache = createRecordCache(options);
  return {
    records: cache,
    reads: createReadThrough(cache, { refreshBudgetMs: options.refreshBudgetMs ?? 10_000, ...(options.onError ? { onError: options.onError } : {}) }),
    invalidator: { invalidate: (source, ids) => cache.invalidate(source, ids) },
    derived: <V extends object>() => createDerivedCache<V>(cache, { maxEntries: Math.floor(options.maxBytes / DERIVED_BYTES_PER_ENTRY) }),
    stats: () => ({ ...cache.counters, ...cache.size(), redis: cache.sharedState() }),
    ready: () => cache.ready(),
    close: () => cache.close(),
  };
}
