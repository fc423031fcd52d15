import { LRUCache } from 'lru-cache';
import type { Source } from '../model/index.js';
import { depKey, lifetimeOf, type Entry, type Found, type Lifetimes } from './entry.js';

/** This replica's level: an LRU bounded by bytes, plus the index from each record to the entries built on it. */
export interface LocalStore {
  /** The entry under `key` while it may be served (fresh or inside the stale window). */
  get(key: string): Found | undefined;
  /** Stores an entry read from the silo or the shared level; ignored when its silo's lifetime is 0 or it is past use. */
  set(key: string, source: Source, entry: Entry, json: string): void;
  /** Drops the entries of these records or items and every entry built on them (look-ups, pages, facets). */
  drop(source: Source, ids: readonly string[]): void;
  /** Drops everything (after missing invalidation messages). */
  clear(): void;
  /** Bumped by every `drop` of the silo, so a read that started before an invalidation does not store its answer. */
  generation(source: Source): number;
  size(): { entries: number; bytes: number };
}

interface Stored {
  source: Source;
  json: string;
  deps: readonly string[];
}

/** Creates the in-process level: at most `maxBytes` of JSON, each entry gone when its stale window ends. */
export function createLocalStore(options: { maxBytes: number; lifetimes: Lifetimes }): LocalStore {
  const { lifetimes } = options;
  const dependents = new Map<string, Set<string>>();
  const generations = new Map<Source, number>();
  const lru = new LRUCache<string, Stored>({
    maxSize: options.maxBytes,
    // One huge page must not flush everything else out.
    maxEntrySize: Math.floor(options.maxBytes / 4),
    sizeCalculation: (stored, key) => stored.json.length + key.length,
    perf: { now: lifetimes.now },
    // Evicted, expired, replaced or deleted: forget what the entry was built on.
    dispose: (stored, key) => {
      for (const dep of stored.deps) {
        const keys = dependents.get(dep);
        keys?.delete(key);
        if (keys?.size === 0) dependents.delete(dep);
      }
    },
  });

  return {
    get(key) {
      const stored = lru.get(key);
      if (!stored) return undefined;
      const entry = JSON.parse(stored.json) as Entry;
      const state = lifetimeOf(entry, stored.source, lifetimes);
      if (state === 'expired') {
        lru.delete(key);
        return undefined;
      }
      return { entry, stale: state === 'stale' };
    },
    set(key, source, entry, json) {
      const remaining = entry.at + lifetimes.ttlMs(source) + lifetimes.staleMs - lifetimes.now();
      if (lifetimes.ttlMs(source) <= 0 || remaining <= 0) return;
      lru.set(key, { source, json, deps: entry.deps }, { ttl: Math.ceil(remaining) });
      // A too-large entry is refused by the LRU: index only what it holds.
      if (!lru.has(key)) return;
      for (const dep of entry.deps) {
        let keys = dependents.get(dep);
        if (!keys) dependents.set(dep, (keys = new Set()));
        keys.add(key);
      }
    },
    drop(source, ids) {
      generations.set(source, (generations.get(source) ?? 0) + 1);
      for (const id of ids) for (const key of [...(dependents.get(depKey(source, id)) ?? [])]) lru.delete(key);
    },
    clear() {
      for (const source of generations.keys()) generations.set(source, (generations.get(source) ?? 0) + 1);
      lru.clear();
    },
    generation: (source) => generations.get(source) ?? 0,
    size: () => ({ entries: lru.size, bytes: lru.calculatedSize }),
  };
}
