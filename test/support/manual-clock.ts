import type { Clock } from '../../src/resilience/index.js';

/** A clock with timers that moves only when the test moves it, firing every timer it passes, in order. */
export interface ManualClock extends Clock {
  /** Moves the clock on by `ms`, running each timer due on the way at its own time. */
  advance(ms: number): void;
  /** Timers set and neither fired nor cancelled. */
  pending(): number;
}

/** Creates a manual clock: deadlines, queue waits and breaker windows on it depend on what the test says, not on load. */
export function createManualClock(start = 1_700_000_000_000): ManualClock {
  let now = start;
  const timers: { at: number; fn: () => void; live: boolean }[] = [];
  const due = (until: number) => timers.filter((t) => t.live && t.at <= until).sort((a, b) => a.at - b.at)[0];
  return {
    now: () => now,
    after(ms, fn) {
      const timer = { at: now + Math.max(0, ms), fn, live: true };
      timers.push(timer);
      return () => void (timer.live = false);
    },
    advance(ms) {
      const until = now + ms;
      for (let next = due(until); next; next = due(until)) {
        now = next.at;
        next.live = false;
        next.fn();
      }
      now = until;
    },
    pending: () => timers.filter((t) => t.live).length,
  };
}
