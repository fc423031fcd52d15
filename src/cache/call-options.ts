import type { CallOptions } from '../model/index.js';

/** What the record cache tells the caller about one silo call, for `extensions.sources`. */
export interface CacheOutcome {
  /** Every answer came from the cache (this replica's or the shared one): nothing was asked of the silo. */
  cached: boolean;
  /** At least one answer was past its lifetime: served while a refresh runs, or because the silo failed. */
  stale: boolean;
}

/**
 * Call options as the gateway passes them to cached silos. Connectors see plain `CallOptions` and ignore the rest;
 * the cache decorators read the extra fields and never pass them on.
 */
export interface CacheCallOptions extends CallOptions {
  /** Told once per call how it was answered. */
  onCache?: (outcome: CacheOutcome) => void;
  /**
   * Set when the silo already failed in this request: the cache answers from what it holds (stale included)
   * and throws this error instead of asking the silo for anything it lacks.
   */
  offline?: Error;
  /**
   * Ask the silo for every id even when the cache holds it, joining no read in flight (the answer is still stored):
   * for a look-up whose answer must not depend on what other requests read, such as one by a value the caller may
   * not confirm, where a cache hit would tell that someone read it recently.
   */
  fresh?: boolean;
}

/** The options a connector gets: everything the caller passed (deadline, signal, priority…) but the cache's own fields. */
export function upstreamOptions(opts: CacheCallOptions | undefined): CallOptions {
  if (!opts) return {};
  const { onCache: _onCache, offline: _offline, fresh: _fresh, ...rest } = opts;
  return rest;
}
