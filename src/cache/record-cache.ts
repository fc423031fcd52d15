import type { ContactRecord, Source } from '../model/index.js';
import { depKey, type EntryKind, type Found, type Lifetimes, type Stamp } from './entry.js';
import type { RecordCacheOptions } from './record-cache-options.js';
import { createTwoLevels, type LevelWrite } from './two-levels.js';
import type { RecordInvalidator } from './types.js';

/** A value as the cache holds it, and whether it is past its lifetime. */
export interface Cached<V> {
  value: V;
  stale: boolean;
}

/** A list of records as a look-up or a contact page holds it: ids resolved through the record entries. */
export interface RecordList<X = null> {
  records: ContactRecord[];
  extra: X;
}

/** How a look-up or contact page is stored: the ids of its records, plus the page's cursor and count. */
export interface StoredList<X> {
  ids: string[];
  extra: X;
}

/** How the cache has answered so far: keys served from it (stale included), keys asked of a silo, stale ones served. */
export interface CacheCounters {
  hits: number;
  misses: number;
  staleServed: number;
}

/** Raw silo records, look-ups and pages, in this replica and (with Redis) shared by every replica. */
export interface RecordCache extends RecordInvalidator {
  lifetimes: Lifetimes;
  /** Updated by the read-through engine (`createReadThrough`). */
  counters: CacheCounters;
  enabled(source: Source): boolean;
  stamp(source: Source): Stamp;
  /** How many invalidations of the silo this replica has seen (a read that began before the last one is not reused). */
  generation(source: Source): number;
  /** Entries by key, of one kind: records and single items by id, facet pages by their own key. */
  entries<V>(source: Source, kind: 'r' | 'o' | 'f', ids: readonly string[]): Promise<Map<string, Cached<V>>>;
  /** Look-ups (`k`) or contact pages (`l`): record ids resolved through the record entries; one missing record misses all. */
  lists<X>(source: Source, kind: 'k' | 'l', ids: readonly string[]): Promise<Map<string, Cached<RecordList<X>>>>;
  /** The entry this replica holds under the id while it is fresh (for values derived from entries; never asks Redis). */
  held(source: Source, kind: EntryKind, id: string): Found | undefined;
  /** Entries of this replica gone or replaced so far: while it stays the same, every entry held is held still, unchanged. */
  changes(): number;
  put(source: Source, stamp: Stamp, kind: 'r' | 'o' | 'f', items: readonly LevelWrite[]): void;
  putLists(source: Source, stamp: Stamp, kind: 'k' | 'l', items: readonly { id: string; records: readonly ContactRecord[]; extra: unknown }[]): void;
  size(): { entries: number; bytes: number };
  ready(): Promise<boolean>;
  sharedState(): 'off' | 'ready' | 'unavailable';
  close(): Promise<void>;
}

/** Creates the record cache: an LRU bounded in bytes, TTL per silo, and Redis as a shared second level when configured. */
export function createRecordCache(options: RecordCacheOptions): RecordCache {
  const levels = createTwoLevels(options);
  return {
    lifetimes: levels.lifetimes,
    counters: { hits: 0, misses: 0, staleServed: 0 },
    enabled: (source) => options.ttlSeconds[source] > 0,
    stamp: (source) => ({ at: levels.lifetimes.now(), generation: levels.generation(source) }),
    generation: (source) => levels.generation(source),
    async entries<V>(source: Source, kind: 'r' | 'o' | 'f', ids: readonly string[]) {
      const found = await levels.read(source, kind, ids);
      return new Map([...found].map(([id, f]) => [id, { value: f.entry.value as V, stale: f.stale }]));
    },
    async lists<X>(source: Source, kind: 'k' | 'l', ids: readonly string[]) {
      const lists = await levels.read(source, kind, ids);
      const recordIds = [...new Set([...lists.values()].flatMap((f) => (f.entry.value as StoredList<X>).ids))];
      const records = await levels.read(source, 'r', recordIds);
      const out = new Map<string, Cached<RecordList<X>>>();
      for (const [id, f] of lists) {
        const { ids: members, extra } = f.entry.value as StoredList<X>;
        const resolved = members.map((m) => records.get(m));
        // A record evicted or invalidated since: the list cannot be trusted whole, so it is a miss.
        if (resolved.some((r) => !r || r.entry.value === null)) continue;
        const stale = f.stale || resolved.some((r) => r?.stale);
        out.set(id, { value: { records: resolved.map((r) => r?.entry.value as ContactRecord), extra }, stale });
      }
      return out;
    },
    held: (source, kind, id) => levels.held(source, kind, id),
    changes: () => levels.changes(),
    put: (source, stamp, kind, items) => levels.write(source, stamp, kind, items),
    putLists(source, stamp, kind, items) {
      const records = new Map(items.flatMap((i) => i.records.map((r) => [r.provenance.recordId, r] as const)));
      levels.write(source, stamp, 'r', [...records].map(([id, value]) => ({ id, value, deps: [depKey(source, id)] })));
      levels.write(source, stamp, kind, items.map(({ id, records: rs, extra }) => {
        const ids = rs.map((r) => r.provenance.recordId);
        return { id, value: { ids, extra } satisfies StoredList<unknown>, deps: ids.map((m) => depKey(source, m)) };
      }));
    },
    invalidate: (source, ids) => levels.invalidate(source, ids),
    size: () => levels.size(),
    ready: () => levels.ready(),
    sharedState: () => levels.sharedState(),
    close: () => levels.close(),
  };
}
