/**
 * The record cache: raw silo records (never per-caller answers) in a byte-bounded LRU with a lifetime per silo,
 * stale-while-revalidate and stale-if-error, and with Redis a shared second level plus invalidation across replicas.
 * Access rules run after it, per caller.
 */
export { createCacheLayer, DERIVED_BYTES_PER_ENTRY, type CacheLayer, type CacheLayerOptions, type CacheStats } from './cache-layer.js';
export { createDerivedCache, type DerivedCache, type DerivedInput } from './derived-cache.js';
export type { CacheSettings } from './settings.js';
export { createRecordCache, type Cached, type RecordCache } from './record-cache.js';
export type { RecordCacheOptions } from './record-cache-options.js';
export { createReadThrough, type ReadPlan, type ReadThrough } from './read-through.js';
export { depKey } from './entry.js';
export type { CacheCallOptions, CacheOutcome } from './call-options.js';
export { encodeInvalidation, invalidationChannel, type InvalidationMessage } from './invalidation-message.js';
export type { RecordInvalidator } from './types.js';
export { whenRedisReady } from './redis-ready.js';
