import { createHmac } from 'node:crypto';
import { Redis } from 'ioredis';
import { whenRedisReady } from '../cache/index.js';
import type { System } from '../model/index.js';
import { createMemoryEventIdStore, EVENT_MEMORY_TTL_MS, type EventIdStore } from './event-id-store.js';

/** How to reach the replay memory the replicas share. */
export interface RedisEventIdStoreOptions {
  url: string;
  /** Prefix of every key; an event is `<prefix>webhook:<vendor>:<keyed hash>`. */
  prefix: string;
  /** Keys the hash in the Redis key (derived from GATEWAY_SECRET), so a Redis dump does not tell which event ids were seen. */
  keySecret: Buffer;
  /** How long an event is remembered (default EVENT_MEMORY_TTL_MS, 73 h). */
  ttlMs?: number;
  onError?: (error: Error) => void;
}

/**
 * An EventIdStore every replica shares through Redis (`SET key 1 NX PX ttl`, atomic per id), so an event replayed
 * to another replica is a duplicate there too. Each key is a fixed-size keyed hash and Redis expires it, so the
 * memory stays bounded. When Redis cannot answer, this replica's own memory takes over (a delivery is never refused
 * for Redis being down; at worst a replay reaching another replica then is applied once more there).
 */
export function createRedisEventIdStore(options: RedisEventIdStoreOptions): EventIdStore & { ready(): Promise<boolean>; close(): Promise<void> } {
  const ttlMs = options.ttlMs ?? EVENT_MEMORY_TTL_MS;
  // Fail fast rather than queue: the vendor is waiting for its answer.
  const client = new Redis(options.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 500, connectTimeout: 2000 });
  client.on('error', (error: Error) => options.onError?.(error));
  const local = createMemoryEventIdStore({ ttlMs });
  const key = (vendor: System, id: string) => `${options.prefix}webhook:${vendor}:${createHmac('sha256', options.keySecret).update(id).digest('base64url')}`;
  // Down at start: the gateway starts anyway, on this replica's own memory, and moves to Redis once it is up.
  const connected = whenRedisReady([client], Promise.resolve(true), 2500);

  return {
    async firstTime(vendor, id) {
      if (client.status !== 'ready') return local.firstTime(vendor, id);
      try {
        return (await client.set(key(vendor, id), '1', 'PX', ttlMs, 'NX')) === 'OK';
      } catch (error) {
        options.onError?.(error as Error);
        return local.firstTime(vendor, id);
      }
    },
    async release(vendor, id) {
      await local.release?.(vendor, id);
      if (client.status !== 'ready') return;
      await client.del(key(vendor, id)).catch((error: Error) => options.onError?.(error));
    },
    ready: () => connected,
    async close() {
      await client.quit().catch(() => client.disconnect());
    },
  };
}
