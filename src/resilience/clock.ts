/** The time the queues and the guard read, and the timers they wait on; tests pass one they move themselves. */
export interface Clock {
  /** Epoch ms. */
  now(): number;
  /** Calls `fn` once `ms` have passed on this clock; the returned function cancels it. */
  after(ms: number, fn: () => void): () => void;
}

/** The system clock: `Date.now` and `setTimeout`. */
export const systemClock: Clock = {
  now: () => Date.now(),
  after(ms, fn) {
    const timer = setTimeout(fn, Math.max(0, ms));
    return () => clearTimeout(timer);
  },
};
