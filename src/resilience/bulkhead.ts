import { SourceTimeout, SourceUnavailable, type Source, type SourceError } from '../model/index.js';
import { blameGateway as shedError } from './blame.js';

/** Limits on the calls one silo may have at once. */
export interface BulkheadOptions {
  maxConcurrent: number;
  /** Calls that may wait for a slot; any more fail at once. */
  maxQueued: number;
}

/** A per-silo concurrency limit with a bounded, deadline-aware queue. */
export interface Bulkhead {
  /** Runs `fn` in a slot; waits for one until `deadline`, or fails at once when the queue is full. */
  run<T>(fn: () => Promise<T>, deadline: number | undefined, signal?: AbortSignal): Promise<T>;
  stats(): { active: number; queued: number };
}

interface Waiter {
  start(): void;
  fail(error: SourceError): void;
}

/**
 * Creates a bulkhead. Unlike cockatiel's, a queued call leaves the queue when its deadline passes or its signal
 * aborts (cockatiel keeps it until a slot frees, and can then strand live callers behind cancelled ones).
 */
export function createBulkhead(source: Source, { maxConcurrent, maxQueued }: BulkheadOptions): Bulkhead {
  let active = 0;
  const queue: Waiter[] = [];

  const release = () => {
    active -= 1;
    const next = queue.shift();
    if (next) next.start();
  };

  const inSlot = async <T>(fn: () => Promise<T>) => {
    try {
      return await fn();
    } finally {
      release();
    }
  };

  return {
    async run(fn, deadline, signal) {
      if (active < maxConcurrent) {
        active += 1;
        return inSlot(fn);
      }
      if (signal?.aborted) throw shedError(new SourceTimeout(source, 'request cancelled while waiting for a free slot'));
      if (queue.length >= maxQueued) {
        throw shedError(new SourceUnavailable(source, `bulkhead full: ${active} calls in flight and ${queue.length} waiting`));
      }
      await new Promise<void>((resolve, reject) => {
        const leave = () => {
          const at = queue.indexOf(waiter);
          if (at >= 0) queue.splice(at, 1);
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
        };
        const waiter: Waiter = {
          start() {
            leave();
            active += 1;
            resolve();
          },
          fail(error) {
            leave();
            reject(error);
          },
        };
        const onAbort = () => waiter.fail(shedError(new SourceTimeout(source, 'request cancelled while waiting for a free slot')));
        const timer = deadline === undefined ? undefined
          : setTimeout(() => waiter.fail(shedError(new SourceTimeout(source, 'no free slot before the deadline (bulkhead)'))), Math.max(0, deadline - Date.now()));
        signal?.addEventListener('abort', onAbort, { once: true });
        queue.push(waiter);
      });
      return inSlot(fn);
    },
    stats: () => ({ active, queued: queue.length }),
  };
}
