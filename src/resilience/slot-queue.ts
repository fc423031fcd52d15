import { systemClock, type Clock } from './clock.js';

/** How many may hold a slot at once, how many may wait for one, and the clock they wait on. */
export interface SlotQueueOptions {
  maxActive: number;
  /** Waiters beyond the holders; a newcomer past them is refused at once (`full`). */
  maxQueued: number;
  clock?: Clock;
  /** Told how each `acquire` went (metrics). */
  onEvent?: (event: SlotEvent) => void;
}

/**
 * Why a slot was refused: the queue was `full`; the wait expected for the queue ahead would end after the deadline
 * (`late`, refused at once); the deadline passed while waiting (`expired`); the caller cancelled (`cancelled`).
 */
export type SlotRefusal = 'full' | 'late' | 'expired' | 'cancelled';

/** A slot refused, with how long until the queue is expected to have drained (what a `Retry-After` can say). */
export class SlotRefused extends Error {
  override readonly name = 'SlotRefused';
  constructor(
    readonly reason: SlotRefusal,
    /** The queue's expected drain time when refused, in ms. */
    readonly drainMs: number,
    readonly stats: SlotStats,
  ) {
    super(`slot refused (${reason}): ${stats.active} holding, ${stats.queued} waiting`);
  }
}

/** How long a caller may wait for a slot. */
export interface SlotWait {
  /** Epoch ms on the queue's clock after which it stops waiting; none: it waits as long as it takes. */
  deadline?: number | undefined;
  signal?: AbortSignal | undefined;
}

/** A queue's state: its slots, slots held, callers waiting, and the wait a newcomer should expect. */
export interface SlotStats {
  maxActive: number;
  active: number;
  queued: number;
  expectedWaitMs: number;
}

/** Gives the slot back; calling it again does nothing. */
export type Release = () => void;

/** A bounded number of slots and a bounded queue in front of them, ordered first come, first served. */
export interface SlotQueue {
  /** Takes a slot at once, or after waiting in line within `wait`; throws `SlotRefused` otherwise. */
  acquire(wait?: SlotWait): Promise<Release>;
  /** Takes a slot if one is free and nobody waits for it, without waiting: undefined otherwise. */
  tryAcquire(): Release | undefined;
  /** Changes how many may hold a slot at once: more start waiters at once; fewer take effect as slots are given back. */
  setMaxActive(n: number): void;
  /** Runs `fn` in a slot and gives the slot back when it settles. */
  run<T>(fn: () => Promise<T>, wait?: SlotWait): Promise<T>;
  stats(): SlotStats;
}

/** One step of an `acquire`: it had to wait (`queued`), then got a slot (`admitted`, after `waitedMs`) or a refusal. */
export type SlotEvent = { kind: 'admitted'; waitedMs: number } | { kind: 'queued' } | { kind: 'refused'; reason: SlotRefusal };

interface Waiter {
  start(): void;
  refuse(reason: SlotRefusal): void;
}

// How much of each new hold time moves the estimate: about the last ten holds count.
const SMOOTHING = 0.2;

/**
 * Creates a slot queue: the one queue behind the silo bulkheads (`createBulkhead`) and the HTTP admission gate
 * (src/server). A waiter leaves the line when its deadline passes or its signal aborts, and a newcomer whose wait,
 * as the recent hold times predict it, would end after its deadline is refused at once rather than left to expire.
 *
 * Our own rather than cockatiel's `BulkheadPolicy`: cockatiel keeps a queued call until a slot frees, even once its
 * caller gave up, so cancelled callers strand live ones behind them; it has no deadline to queue by, and it hands a
 * freed slot on a later tick, so a newcomer can take it ahead of the line.
 */
export function createSlotQueue({ maxActive: initial, maxQueued, clock = systemClock, onEvent }: SlotQueueOptions): SlotQueue {
  const checked = (n: number) => {
    if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`maxActive must be a whole number, at least 1: ${n}`);
    return n;
  };
  let maxActive = checked(initial);
  let active = 0;
  // The typical hold time: unknown (0, no wait predicted) until a first slot is given back, then smoothed.
  let holdMs = 0;
  let holds = 0;
  const queue: Waiter[] = [];
  const emit = (event: SlotEvent) => onEvent?.(event);
  // A newcomer at the back waits for the queue ahead and itself to get through the slots.
  const waitFor = (ahead: number) => (active < maxActive ? 0 : ((ahead + 1) / maxActive) * holdMs);
  const stats = (): SlotStats => ({ maxActive, active, queued: queue.length, expectedWaitMs: waitFor(queue.length) });

  const holdSlot = (): Release => {
    active += 1;
    const since = clock.now();
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      const took = clock.now() - since;
      holdMs = holds++ === 0 ? took : holdMs + SMOOTHING * (took - holdMs);
      active -= 1;
      if (active < maxActive) queue.shift()?.start();
    };
  };

  const refuse = (reason: SlotRefusal): never => {
    emit({ kind: 'refused', reason });
    const now = stats();
    throw new SlotRefused(reason, waitFor(now.queued), now);
  };

  const tryAcquire = (): Release | undefined => {
    if (active >= maxActive || queue.length > 0) return undefined;
    emit({ kind: 'admitted', waitedMs: 0 });
    return holdSlot();
  };

  async function acquire({ deadline, signal }: SlotWait = {}): Promise<Release> {
    const free = tryAcquire();
    if (free) return free;
    if (signal?.aborted) refuse('cancelled');
    const now = clock.now();
    if (deadline !== undefined && deadline <= now) refuse('expired');
    if (queue.length >= maxQueued) refuse('full');
    if (deadline !== undefined && now + waitFor(queue.length) > deadline) refuse('late');
    emit({ kind: 'queued' });
    return new Promise<Release>((resolve, reject) => {
      const leave = () => {
        const at = queue.indexOf(waiter);
        if (at >= 0) queue.splice(at, 1);
        cancelTimer?.();
        signal?.removeEventListener('abort', onAbort);
      };
      const waiter: Waiter = {
        start() {
          leave();
          emit({ kind: 'admitted', waitedMs: clock.now() - now });
          resolve(holdSlot());
        },
        refuse(reason) {
          leave();
          try {
            refuse(reason);
          } catch (error) {
            reject(error);
          }
        },
      };
      const onAbort = () => waiter.refuse('cancelled');
      const cancelTimer = deadline === undefined ? undefined : clock.after(deadline - now, () => waiter.refuse('expired'));
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.push(waiter);
    });
  }

  return {
    acquire,
    tryAcquire,
    setMaxActive(n) {
      maxActive = checked(n);
      while (active < maxActive && queue.length > 0) queue.shift()?.start();
    },
    async run(fn, wait) {
      // A free slot is taken before the first await, so `fn` starts in the caller's turn.
      const release = tryAcquire() ?? (await acquire(wait));
      try {
        return await fn();
      } finally {
        release();
      }
    },
    stats,
  };
}
