import { isSourceError, type CallOptions, type Source } from '../model/index.js';
import { upstreamOptions, type CacheCallOptions } from './call-options.js';
import type { Stamp } from './entry.js';
import type { Cached, RecordCache } from './record-cache.js';

/** One cached read: which ids, how to find them in the cache, how to fetch the missing ones in one batch, how to store. */
export interface ReadPlan<V> {
  source: Source;
  /** Separates in-flight reads of the same ids that differ in kind or window. */
  scope: string;
  ids: readonly string[];
  get(ids: readonly string[]): Promise<Map<string, Cached<V>>>;
  /** One upstream call for all the ids given; an id left out of the answer is simply not returned. */
  fetch(ids: readonly string[], call: CallOptions): Promise<Map<string, V>>;
  put(stamp: Stamp, values: Map<string, V>): void;
}

/** Runs read plans against one cache, sharing upstream reads that are in flight. */
export interface ReadThrough {
  run<V>(plan: ReadPlan<V>, opts?: CacheCallOptions): Promise<Map<string, V>>;
}

/**
 * Creates the read-through engine: hits come from the cache; misses go upstream in one batch, and a miss already
 * being fetched (by any request) waits for that fetch; a stale hit is served at once and refreshed in the
 * background, once per key. A refresh that fails leaves the stale entry in place (stale-if-error).
 */
export function createReadThrough(cache: RecordCache, options: { refreshBudgetMs: number; onError?: (error: Error) => void }): ReadThrough {
  // Each read in flight, with the silo's invalidation count when it began: a later invalidation makes it unjoinable.
  const inflight = new Map<string, { value: Promise<unknown>; generation: number }>();
  const flightKey = (plan: ReadPlan<unknown>, id: string) => `${plan.source}|${plan.scope}|${id}`;

  function fetchShared<V>(plan: ReadPlan<V>, ids: readonly string[], call: CallOptions): Promise<Map<string, V>> {
    const stamp = cache.stamp(plan.source);
    let started: Promise<Map<string, V>>;
    try {
      started = plan.fetch(ids, call);
    } catch (error) {
      started = Promise.reject(error);
    }
    const batch = started.then((values) => {
      try {
        plan.put(stamp, values);
      } catch (error) {
        options.onError?.(error as Error);
      }
      return values;
    });
    for (const id of ids) {
      const key = flightKey(plan as ReadPlan<unknown>, id);
      const one = { value: batch.then((values) => values.get(id)), generation: stamp.generation };
      inflight.set(key, one);
      void one.value.catch(() => undefined).finally(() => {
        if (inflight.get(key) === one) inflight.delete(key);
      });
    }
    return batch;
  }

  function refresh<V>(plan: ReadPlan<V>, ids: readonly string[]) {
    const due = ids.filter((id) => !inflight.has(flightKey(plan as ReadPlan<unknown>, id)));
    if (due.length === 0) return;
    // Not the caller's deadline: the caller already has its answer. A silo failure keeps the stale entry.
    // Nobody waits for it, so it yields to calls someone waits for.
    fetchShared(plan, due, { deadline: Date.now() + options.refreshBudgetMs, priority: 'bulk' }).catch((error: unknown) => {
      if (!isSourceError(error)) options.onError?.(error as Error);
    });
  }

  return {
    async run<V>(plan: ReadPlan<V>, opts?: CacheCallOptions) {
      const ids = [...new Set(plan.ids)];
      const cached = opts?.fresh ? new Map<string, Cached<V>>() : await plan.get(ids);
      const out = new Map<string, V>();
      const stale: string[] = [];
      const missing: string[] = [];
      const waits: Promise<void>[] = [];
      for (const id of ids) {
        const hit = cached.get(id);
        if (hit) {
          out.set(id, hit.value);
          if (hit.stale) stale.push(id);
          continue;
        }
        const pending = opts?.fresh ? undefined : inflight.get(flightKey(plan as ReadPlan<unknown>, id));
        if (pending && pending.generation === cache.generation(plan.source)) {
          waits.push((pending.value as Promise<V | undefined>).then((value) => void (value !== undefined && out.set(id, value))));
        } else missing.push(id);
      }
      const { counters } = cache;
      counters.hits += cached.size;
      counters.misses += ids.length - cached.size;
      counters.staleServed += stale.length;
      if (stale.length > 0) refresh(plan, stale);
      if (missing.length > 0) {
        if (opts?.offline) {
          // Joined reads are given up with the call: their failures, if any, are nobody's to handle now.
          for (const wait of waits) wait.catch(() => undefined);
          throw opts.offline;
        }
        waits.push(fetchShared(plan, missing, upstreamOptions(opts)).then((values) => {
          for (const id of missing) if (values.has(id)) out.set(id, values.get(id) as V);
        }));
      }
      await Promise.all(waits);
      opts?.onCache?.({ cached: cached.size === ids.length, stale: stale.length > 0 });
      return out;
    },
  };
}
