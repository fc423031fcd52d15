import { LRUCache } from 'lru-cache';
import type { ContactRecord, Source } from '../model/index.js';
import { entryKey, type Entry } from './entry.js';
import type { RecordCache, StoredList } from './record-cache.js';

/** One answer a derived value was built from: a read by id (`r`) or a look-up by key (`k`, its `lookupKeyId`), and the records it gave. */
export type DerivedInput =
  | { source: Source; kind: 'r'; id: string; found: ContactRecord | null }
  | { source: Source; kind: 'k'; id: string; found: readonly ContactRecord[] };

/**
 * Values computed from record-cache answers alone (resolved clusters), kept exactly as long as those answers: a value
 * is served only while every entry it was built from is still held by this replica, unchanged (the same entry object)
 * and fresh. An invalidation (webhook, erasure, consent write, another replica's message), an eviction, a refresh or
 * the end of an entry's lifetime therefore voids every value built on it, with no index of its own to keep.
 */
export interface DerivedCache<V> {
  /** The value under `key`, or undefined when there is none or anything it was built from has changed since. */
  get(key: string): V | undefined;
  /**
   * Keeps `value` when every input is what the record cache holds now (fresh, the same records): false when one is
   * not (not cached, stale, changed meanwhile), and nothing is kept. It lives no longer than its freshest-ending input.
   */
  put(key: string, value: V, inputs: readonly DerivedInput[]): boolean;
  /** Values held. */
  size(): number;
}

interface Held {
  source: Source;
  kind: 'r' | 'k';
  id: string;
  entry: Entry;
}

interface Derived<V> {
  value: V;
  /** Every record-cache entry the value rests on, with where it is held. */
  entries: readonly Held[];
  /** The record cache's `changes()` when the entries were last found held: while it stays, they still are. */
  checked: number;
}

/** Creates a derived cache over the record cache, bounded to `maxEntries` values (0: keeps nothing). */
export function createDerivedCache<V extends object>(records: RecordCache, options: { maxEntries: number }): DerivedCache<V> {
  const { lifetimes } = records;
  const lru = options.maxEntries > 0
    ? new LRUCache<string, Derived<V>>({ max: options.maxEntries, perf: { now: lifetimes.now }, ttlResolution: 0 })
    : null;

  /** The entries the inputs rest on, or null when one of them is not what the record cache holds now. */
  function entriesOf(inputs: readonly DerivedInput[]): Held[] | null {
    const out = new Map<string, Held>();
    const hold = (source: Source, kind: 'r' | 'k', id: string): Entry | null => {
      const key = entryKey(source, kind, id);
      const known = out.get(key);
      if (known) return known.entry;
      const found = records.held(source, kind, id);
      if (!found) return null;
      out.set(key, { source, kind, id, entry: found.entry });
      return found.entry;
    };
    for (const input of inputs) {
      const entry = hold(input.source, input.kind, input.id);
      if (!entry) return null;
      if (input.kind === 'r') {
        if (entry.value !== input.found) return null;
        continue;
      }
      // A look-up is answered through the record entries of its ids: those are inputs too, and must be the records seen.
      const { ids } = entry.value as StoredList<unknown>;
      if (ids.length !== input.found.length) return null;
      for (const [n, id] of ids.entries()) {
        const record = hold(input.source, 'r', id);
        if (!record || record.value !== input.found[n]) return null;
      }
    }
    return [...out.values()];
  }

  return {
    get(key) {
      const derived = lru?.get(key);
      if (!derived) return undefined;
      // Nothing left the record cache since the last check: every entry is still there (and fresh: the value's own
      // lifetime ends with the first of theirs).
      const changes = records.changes();
      if (derived.checked === changes) return derived.value;
      for (const { source, kind, id, entry } of derived.entries) {
        if (records.held(source, kind, id)?.entry !== entry) {
          lru?.delete(key);
          return undefined;
        }
      }
      derived.checked = changes;
      return derived.value;
    },
    put(key, value, inputs) {
      if (!lru) return false;
      const checked = records.changes();
      const entries = entriesOf(inputs);
      if (!entries || entries.length === 0) return false;
      const freshUntil = Math.min(...entries.map(({ source, entry }) => entry.at + lifetimes.ttlMs(source)));
      const ttl = Math.floor(freshUntil - lifetimes.now());
      if (ttl <= 0) return false;
      lru.set(key, { value, entries, checked }, { ttl });
      return true;
    },
    size: () => lru?.size ?? 0,
  };
}
