import { randomUUID } from 'node:crypto';
import { createSealer } from '../config/index.js';
import type { Source } from '../model/index.js';
import { entryKey, type EntryKind, type Found, type Lifetimes, type Stamp } from './entry.js';
import { createLocalStore } from './local-store.js';
import type { RecordCacheOptions } from './record-cache-options.js';
import { createSharedStore, type SharedStore } from './shared-store.js';

/** An entry to store: its id within its kind, its value, and the records it was built from. */
export interface LevelWrite {
  id: string;
  value: unknown;
  deps: readonly string[];
}

/** This replica's LRU in front of Redis (when configured), read and written as one. */
export interface TwoLevels {
  lifetimes: Lifetimes;
  /** Entries by id: this replica first, then Redis (whose answers are copied here). */
  read(source: Source, kind: EntryKind, ids: readonly string[]): Promise<Map<string, Found>>;
  /** Stores in both levels, unless the silo was invalidated since `stamp` was taken. */
  write(source: Source, stamp: Stamp, kind: EntryKind, items: readonly LevelWrite[]): void;
  generation(source: Source): number;
  /** The entry this replica holds under the id while it is fresh (never asks Redis, never a stale one). */
  held(source: Source, kind: EntryKind, id: string): Found | undefined;
  /** Entries of this replica gone or replaced so far (see `LocalStore.changes`). */
  changes(): number;
  /** Drops here, then in Redis and on every other replica. */
  invalidate(source: Source, ids: readonly string[]): Promise<void>;
  size(): { entries: number; bytes: number };
  ready(): Promise<boolean>;
  sharedState(): 'off' | 'ready' | 'unavailable';
  close(): Promise<void>;
}

/** Creates both levels from the cache options; without `redisUrl` there is only this replica's. */
export function createTwoLevels(options: RecordCacheOptions): TwoLevels {
  if (options.redisUrl && !(options.keySecret && options.sealKey)) {
    throw new Error('record cache: a shared level (redisUrl) needs keySecret and sealKey (derive them from GATEWAY_SECRET)');
  }
  const now = options.now ?? Date.now;
  const lifetimes: Lifetimes = { ttlMs: (s) => options.ttlSeconds[s] * 1000, staleMs: options.staleSeconds * 1000, now };
  const local = createLocalStore({ maxBytes: options.maxBytes, lifetimes });
  const shared: SharedStore | null = options.redisUrl && options.keySecret && options.sealKey
    ? createSharedStore({
        url: options.redisUrl,
        keySecret: options.keySecret,
        sealer: createSealer(options.sealKey),
        prefix: options.redisPrefix ?? 'c360:',
        origin: randomUUID(),
        lifetimes,
        maxLifeMs: (Math.max(...Object.values(options.ttlSeconds)) + options.staleSeconds) * 1000,
        onInvalidate: (m) => local.drop(m.source, m.ids),
        onResync: () => local.clear(),
        ...(options.onError ? { onError: options.onError } : {}),
      })
    : null;
  return {
    lifetimes,
    async read(source, kind, ids) {
      const keys = new Map(ids.map((id) => [entryKey(source, kind, id), id]));
      const out = new Map<string, Found>();
      const missing: { key: string; source: Source }[] = [];
      for (const [key, id] of keys) {
        const found = local.get(key);
        if (found) out.set(id, found);
        else missing.push({ key, source });
      }
      if (shared && missing.length > 0) {
        const generation = local.generation(source);
        for (const [key, found] of await shared.read(missing)) {
          out.set(keys.get(key) as string, found);
          // An invalidation that arrived meanwhile may void it: serve it to this read, keep nothing.
          if (local.generation(source) === generation) local.set(key, source, found.entry, found.json.length);
        }
      }
      return out;
    },
    write(source, stamp, kind, items) {
      if (lifetimes.ttlMs(source) <= 0 || local.generation(source) !== stamp.generation) return;
      const writes = items.map(({ id, value, deps }) => {
        const entry = { at: stamp.at, deps, value };
        return { key: entryKey(source, kind, id), source, entry, json: JSON.stringify(entry) };
      });
      for (const w of writes) local.set(w.key, source, w.entry, w.json.length);
      shared?.write(writes);
    },
    generation: (source) => local.generation(source),
    held(source, kind, id) {
      const found = local.get(entryKey(source, kind, id));
      return found && !found.stale ? found : undefined;
    },
    changes: () => local.changes(),
    async invalidate(source, ids) {
      local.drop(source, ids);
      await shared?.invalidate(source, ids);
    },
    size: () => local.size(),
    ready: () => shared?.ready() ?? Promise.resolve(true),
    sharedState: () => shared?.state() ?? 'off',
    close: async () => shared?.close(),
  };
}
