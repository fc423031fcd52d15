/** A clock a test holds still or lets run, for sandboxes whose windows (rate limits, query-cost refills) follow a clock. */
export interface HeldClock {
  /** The time in ms: standing while held, running with the wall clock once let go. */
  now(): number;
  /** Moves a held clock on by `ms`. */
  tick(ms: number): void;
  /** Stops the clock where it is. */
  hold(): void;
  /** Lets the clock run at wall-clock speed from where it stands. */
  release(): void;
}

/**
 * Creates a held clock. A sandbox on it sees requests arrive at the same instant however slowly a busy machine sends
 * them, so what a window decides depends on what was asked, not on timing; `release` lets waits the client sleeps
 * through count again.
 */
export function createHeldClock(start = 1_700_000_000_000): HeldClock {
  let standing = start;
  let runningSince: number | null = null;
  const now = () => (runningSince === null ? standing : standing + (performance.now() - runningSince));
  return {
    now,
    tick(ms) {
      if (runningSince !== null) throw new Error('tick a held clock only');
      standing += ms;
    },
    hold() {
      standing = now();
      runningSince = null;
    },
    release() {
      if (runningSince === null) runningSince = performance.now();
    },
  };
}
