import { createHmac } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Sealer } from '../config/index.js';
import type { Source } from '../model/index.js';
import { depKey, entryKey, lifetimeOf, type Entry, type Found, type Lifetimes } from './entry.js';
import { whenRedisReady } from './redis-ready.js';
import { encodeInvalidation, invalidationChannel, parseInvalidation, type InvalidationMessage } from './invalidation-message.js';

/** An entry to write to the shared level, with its JSON. */
export interface SharedWrite {
  key: string;
  source: Source;
  entry: Entry;
  json: string;
}

/** The second level shared by every replica through Redis, and the invalidation channel between them. */
export interface SharedStore {
  /** Entries still usable (fresh or stale) and not voided by an invalidation newer than their read. */
  read(wanted: readonly { key: string; source: Source }[]): Promise<Map<string, Found & { json: string }>>;
  /** Writes in the background; a Redis failure only costs a later miss. */
  write(items: readonly SharedWrite[]): void;
  /** Deletes the records' entries, leaves a tombstone that voids everything built on them, and tells the others. */
  invalidate(source: Source, ids: readonly string[]): Promise<void>;
  /** Resolves once subscribed to the channel (true), or false when Redis cannot be reached. */
  ready(): Promise<boolean>;
  state(): 'ready' | 'unavailable';
  close(): Promise<void>;
}

/** How to reach Redis and what to do with the other replicas' invalidations. */
export interface SharedStoreOptions {
  url: string;
  prefix: string;
  /** Keys the hashes Redis keys are made of (record ids, emails and phones never appear in a key). */
  keySecret: Uint8Array;
  /** Seals every value and invalidation message (AES-256-GCM), so a Redis dump or a subscriber reads nothing. */
  sealer: Sealer;
  /** This replica's id in messages, so it ignores its own. */
  origin: string;
  lifetimes: Lifetimes;
  /** Longest lifetime plus stale window of any silo: how long a tombstone must outlive what it voids. */
  maxLifeMs: number;
  onInvalidate(message: InvalidationMessage): void;
  /** Called after a reconnect: messages may have been missed, so local entries cannot be trusted. */
  onResync(): void;
  onError?(error: Error): void;
}

/**
 * Connects the shared level: one connection for commands, one subscribed to the invalidation channel. What it puts in
 * Redis shows nothing of a person: an entry is `<prefix>e|<HMAC of its key>` holding its sealed JSON, a tombstone is
 * `<prefix>t|<HMAC of the record>` holding a time, and messages are sealed.
 */
export function createSharedStore(options: SharedStoreOptions): SharedStore {
  const { prefix, lifetimes, sealer } = options;
  const channel = invalidationChannel(prefix);
  // Named after the prefix, so an operator (or a test) can tell this deployment's connections apart.
  const named = (role: string) => ({ connectionName: `c360-cache:${prefix}${role}`, connectTimeout: 2000 });
  // Fail fast rather than queue: a cache that waits for Redis is slower than the silo it saves.
  const client = new Redis(options.url, { ...named('commands'), enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 500 });
  const subscriber = new Redis(options.url, named('invalidations'));
  // Only a code or class name goes out: a parse error would quote the cached value, which is personal data.
  const report = (error: Error) => {
    const code = (error as { code?: unknown }).code;
    options.onError?.(new Error(`Redis ${typeof code === 'string' ? code : error.name}`));
  };
  client.on('error', report);
  subscriber.on('error', report);
  let wasReady = false;
  subscriber.on('ready', () => {
    if (wasReady) options.onResync();
    wasReady = true;
  });
  subscriber.on('message', (from: string, payload: string) => {
    const message = from === channel ? parseInvalidation(payload, sealer) : null;
    if (message && message.origin !== options.origin) options.onInvalidate(message);
  });
  const subscribed = subscriber.subscribe(channel).then(() => true, () => false);
  const ready = whenRedisReady([client, subscriber], subscribed, 3000);
  const hashed = (text: string) => createHmac('sha256', options.keySecret).update(text).digest('base64url');
  const stored = (key: string) => `${prefix}e|${hashed(key)}`;
  const tombstone = (dep: string) => `${prefix}t|${hashed(dep)}`;

  async function read(wanted: readonly { key: string; source: Source }[]) {
    const out = new Map<string, Found & { json: string }>();
    if (wanted.length === 0 || client.status !== 'ready') return out;
    try {
      const values = await client.mget(wanted.map((w) => stored(w.key)));
      const found: { key: string; entry: Entry; json: string; stale: boolean }[] = [];
      values.forEach((sealed, i) => {
        const w = wanted[i];
        // Not sealed under this key (another deployment's, or altered): a miss.
        const json = sealed === null ? null : sealer.openText(sealed);
        if (json === null || !w) return;
        const entry = JSON.parse(json) as Entry;
        const state = lifetimeOf(entry, w.source, lifetimes);
        if (state !== 'expired') found.push({ key: w.key, entry, json, stale: state === 'stale' });
      });
      const deps = [...new Set(found.flatMap((f) => f.entry.deps))];
      const stones = deps.length ? await client.mget(deps.map(tombstone)) : [];
      const voidedAt = new Map(deps.map((dep, i) => [dep, Number(stones[i] ?? -Infinity)]));
      for (const f of found) {
        if (f.entry.deps.some((dep) => (voidedAt.get(dep) ?? -Infinity) >= f.entry.at)) continue;
        out.set(f.key, { entry: f.entry, json: f.json, stale: f.stale });
      }
    } catch (error) {
      report(error as Error);
    }
    return out;
  }

  function write(items: readonly SharedWrite[]) {
    if (items.length === 0 || client.status !== 'ready') return;
    const batch = client.pipeline();
    for (const { key, source, entry, json } of items) {
      const remaining = Math.ceil(entry.at + lifetimes.ttlMs(source) + lifetimes.staleMs - lifetimes.now());
      if (remaining > 0) batch.set(stored(key), sealer.sealText(json), 'PX', remaining);
    }
    batch.exec().catch(report);
  }

  async function invalidate(source: Source, ids: readonly string[]) {
    const at = String(lifetimes.now());
    const batch = client.multi();
    for (const id of ids) {
      batch.del(stored(entryKey(source, 'r', id)), stored(entryKey(source, 'o', id)));
      batch.set(tombstone(depKey(source, id)), at, 'PX', Math.max(1, options.maxLifeMs));
    }
    batch.publish(channel, encodeInvalidation({ origin: options.origin, source, ids: [...ids] }, sealer));
    try {
      await batch.exec();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      throw new Error(`cache invalidation did not reach Redis (${typeof code === 'string' ? code : (error as Error).message}): other replicas keep their copies until their lifetime ends`);
    }
  }

  return {
    read,
    write,
    invalidate,
    ready: () => ready,
    state: () => (client.status === 'ready' && subscriber.status === 'ready' ? 'ready' : 'unavailable'),
    async close() {
      await Promise.all([client, subscriber].map((r) => (r.status === 'ready' ? r.quit().catch(() => r.disconnect()) : r.disconnect())));
    },
  };
}
