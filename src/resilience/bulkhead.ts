import { SourceTimeout, SourceUnavailable, type Source, type SourceError } from '../model/index.js';
import { shedByGateway } from './blame.js';
import type { Clock } from './clock.js';
import { SlotRefused, createSlotQueue, type SlotRefusal, type SlotStats } from './slot-queue.js';

/** Limits on the calls one silo may have at once. */
export interface BulkheadOptions {
  maxConcurrent: number;
  /** Calls that may wait for a slot; any more fail at once. */
  maxQueued: number;
  clock?: Clock;
}

/** A per-silo concurrency limit with a bounded, deadline-aware queue. */
export interface Bulkhead {
  /**
   * Runs `fn` in a slot; waits for one until `deadline`, or fails at once when the queue is full or the wait it
   * would take ends after the deadline.
   */
  run<T>(fn: () => Promise<T>, deadline: number | undefined, signal?: AbortSignal): Promise<T>;
  stats(): { active: number; queued: number };
}

// What a refused call fails with: the silo's typed errors (identity resolution files them as that silo's failure),
// marked as shed by the gateway, so that no circuit counts them and the answer names no silo (OVERLOADED).
const REFUSALS: Readonly<Record<SlotRefusal, (source: Source, stats: SlotStats) => SourceError>> = {
  full: (source, s) => new SourceUnavailable(source, `bulkhead full: ${s.active} calls in flight and ${s.queued} waiting`),
  late: (source, s) => new SourceTimeout(source, `no free slot expected before the deadline (bulkhead: ${s.queued} waiting)`),
  expired: (source) => new SourceTimeout(source, 'no free slot before the deadline (bulkhead)'),
  cancelled: (source) => new SourceTimeout(source, 'request cancelled while waiting for a free slot'),
};

/** Creates a silo's bulkhead over the shared slot queue (`createSlotQueue`). */
export function createBulkhead(source: Source, { maxConcurrent, maxQueued, clock }: BulkheadOptions): Bulkhead {
  const slots = createSlotQueue({ maxActive: maxConcurrent, maxQueued, ...(clock ? { clock } : {}) });
  return {
    async run(fn, deadline, signal) {
      // A free slot is taken before the first await, so `fn` starts in the caller's turn.
      let release = slots.tryAcquire();
      try {
        release ??= await slots.acquire({ deadline, signal });
      } catch (error) {
        throw error instanceof SlotRefused ? shedByGateway(REFUSALS[error.reason](source, error.stats)) : error;
      }
      try {
        return await fn();
      } finally {
        release();
      }
    },
    stats: () => {
      const { active, queued } = slots.stats();
      return { active, queued };
    },
  };
}
