import { LRUCache } from 'lru-cache';
import type { Source } from '../model/index.js';
import { depKey, lifetimeOf, type Entry, type Found, type Lifetimes } from './entry.js';

/** This replica's level: an LRU bounded by bytes, plus the index from each record to the entries built on it. */
export interface LocalStore {
  /** The entry under `key` while it may be served (fresh or inside the stale window). */
  get(key: string): Found | undefined;
  /**
   * Stores an entry read from the silo or the shared level; ignored when its silo's lifetime is 0 or it is past use.
   * `bytes` is its size as JSON (what the byte bound counts). The entry is kept as it is, frozen: every hit hands
   * out the same objects, so nothing may change them.
   */
  set(key: string, source: Source, entry: Entry, bytes: number): void;
  /** Drops the entries of these records or items and every entry built on them (look-ups, pages, facets). */
  drop(source: Source, ids: readonly string[]): void;
  /** Drops everything (after missing invalidation messages). */
  clear(): void;
  /** Counts every entry gone or replaced (evicted, expired, overwritten, deleted, dropped): unchanged, every entry held then is held still. */
  changes(): number;
  /** Bumped by every `drop` of the silo, so a read that started before an invalidation does not store its answer. */
  generation(source: Source): number;
  size(): { entries: number; bytes: number };
}

interface Stored {
  source: Source;
  entry: Entry;
  bytes: number;
}

/** Freezes a JSON-shaped value and everything in it, so that a cached entry handed out on a hit cannot be changed. */
function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  return value;
}

/**
 * Creates the in-process level: at most `maxBytes` (counted as JSON), each entry gone when its stale window ends.
 * Entries are kept parsed, so a hit costs no `JSON.parse`.
 */
export function createLocalStore(options: { maxBytes: number; lifetimes: Lifetimes }): LocalStore {
  const { lifetimes } = options;
  const dependents = new Map<string, Set<string>>();
  const generations = new Map<Source, number>();
  let changes = 0;
  const lru = new LRUCache<string, Stored>({
    maxSize: options.maxBytes,
    // One huge page must not flush everything else out.
    maxEntrySize: Math.floor(options.maxBytes / 4),
    sizeCalculation: (stored, key) => stored.bytes + key.length,
    // Read the (injectable) clock on every check: lru-cache would otherwise reuse a reading for 1 ms, and miss a test
    // clock's jump made within it.
    perf: { now: lifetimes.now },
    ttlResolution: 0,
    // Evicted, expired, replaced or deleted: forget what the entry was built on.
    dispose: (stored, key) => {
      changes += 1;
      for (const dep of stored.entry.deps) {
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
      const { entry } = stored;
      const state = lifetimeOf(entry, stored.source, lifetimes);
      if (state === 'expired') {
        lru.delete(key);
        return undefined;
      }
      return { entry, stale: state === 'stale' };
    },
    set(key, source, entry, bytes) {
      const remaining = entry.at + lifetimes.ttlMs(source) + lifetimes.staleMs - lifetimes.now();
      if (lifetimes.ttlMs(source) <= 0 || remaining <= 0) return;
      lru.set(key, { source, entry: deepFreeze(entry), bytes }, { ttl: Math.ceil(remaining) });
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
    changes: () => changes,
    size: () => ({ entries: lru.size, bytes: lru.calculatedSize }),
  };
}
