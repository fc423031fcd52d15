import { LRUCache } from 'lru-cache';
import type { System } from '../model/index.js';

/**
 * How long an event is remembered by default: longer than every vendor's retries (Square retries for 72 hours,
 * Shopify for 48), and at least as long as the oldest delivery still accepted (Square's `SQUARE_EVENT_MAX_AGE_MS`),
 * so a replay young enough to be accepted is always a duplicate unless the memory's count bound evicted it.
 */
export const EVENT_MEMORY_TTL_MS = 73 * 60 * 60_000;

/**
 * Remembers which vendor events were already applied, so a redelivery (vendors retry, and redeliver on
 * request) is acknowledged without a second effect. The ids it is given are fixed-size digests (applyEvents hashes
 * the vendor's value), so what it holds is bounded by its count alone. A Redis-backed store shared by replicas can
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
  /** How long an id is remembered (default EVENT_MEMORY_TTL_MS, 73 h). */
  ttlMs?: number;
  /** Monotonic clock in ms, injectable for tests. */
  now?: () => number;
}

/** An in-process store, with what it holds open to inspection. */
export interface MemoryEventIdStore extends EventIdStore {
  /** Ids held now. */
  readonly size: number;
  /** The keys held now (vendor and id), for tests that check nothing unbounded is kept. */
  keys(): string[];
}

/** An in-process EventIdStore: bounded by count and time, lost on restart (a redelivery after a restart is applied again, harmlessly). */
export function createMemoryEventIdStore({ max = 100_000, ttlMs = EVENT_MEMORY_TTL_MS, now }: MemoryEventIdStoreOptions = {}): MemoryEventIdStore {
  // lru-cache caches its clock reading for `ttlResolution` ms (1 by default): an injected clock must be read on every
  // check, or a jump made within that millisecond is not seen.
  const seen = new LRUCache<string, true>({ max, ttl: ttlMs, ...(now ? { perf: { now }, ttlResolution: 0 } : {}) });
  const key = (vendor: System, id: string) => `${vendor}\u0000${id}`;
  return {
    get size() {
      return seen.size;
    },
    keys: () => [...seen.keys()],
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
