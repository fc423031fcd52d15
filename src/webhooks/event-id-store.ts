import { LRUCache } from 'lru-cache';
import type { System } from '../model/index.js';

/**
 * Remembers which vendor events were already applied, so a redelivery (vendors retry, and redeliver on
 * request) is acknowledged without a second effect. A Redis-backed store shared by replicas can
 * implement the same interface (`SET key 1 NX PX ttl` for `firstTime`, `DEL` for `release`).
 */
export interface EventIdStore {
  /** Claims an event id: true the first time it is seen, false for a redelivery. Atomic per id. */
  firstTime(vendor: System, id: string): Promise<boolean>;
  /** Gives a claim back when its effect failed, so the vendor's next attempt is applied. */
  release?(vendor: System, id: string): Promise<void>;
}

/** Bounds of the in-memory store. */
export interface MemoryEventIdStoreOptions {
  /** Ids remembered at most; the least recently claimed go first (default 100,000). */
  max?: number;
  /** How long an id is remembered (default 24 h: longer than HubSpot's and Shopify's retry schedules of a few hours to a day). */
  ttlMs?: number;
  /** Monotonic clock in ms, injectable for tests. */
  now?: () => number;
}

/** An in-process EventIdStore: bounded by count and time, lost on restart (a redelivery after a restart is applied again, harmlessly). */
export function createMemoryEventIdStore({ max = 100_000, ttlMs = 24 * 60 * 60_000, now }: MemoryEventIdStoreOptions = {}): EventIdStore {
  const seen = new LRUCache<string, true>({ max, ttl: ttlMs, ...(now ? { perf: { now } } : {}) });
  const key = (vendor: System, id: string) => `${vendor}\u0000${id}`;
  return {
    async firstTime(vendor, id) {
      if (seen.has(key(vendor, id))) return false;
      seen.set(key(vendor, id), true);
      return true;
    },
    async release(vendor, id) {
      seen.delete(key(vendor, id));
    },
  };
}
