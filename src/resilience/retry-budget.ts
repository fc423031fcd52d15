import type { RetryBudget } from '../model/index.js';

/** How many retries a silo may spend. */
export interface RetryBudgetOptions {
  /** Retries allowed per first attempt over the window (0.2: one retry for every five requests). */
  ratio: number;
  /** Retries allowed per second whatever the traffic, so a quiet silo can still retry a blip. */
  minPerSecond: number;
  /** How far back "recent" reaches, in whole seconds. */
  windowSeconds?: number;
  now?: () => number;
}

/** A retry budget with counts of what it saw in the window, for tests and metrics. */
export interface CountingRetryBudget extends RetryBudget {
  counts(): { requests: number; retries: number; refused: number };
}

/**
 * Creates a per-silo retry budget over a sliding window of one-second slots: a retry is allowed while retries in
 * the window stay within `ratio` × first attempts + `minPerSecond` × window. When a silo fails every call, this
 * caps its load at about (1 + ratio) × the calls made instead of the HTTP client's `maxAttempts` ×.
 */
export function createRetryBudget(options: RetryBudgetOptions): CountingRetryBudget {
  const { ratio, minPerSecond, windowSeconds = 10, now = Date.now } = options;
  const second = new Array<number>(windowSeconds).fill(-1);
  const requests = new Array<number>(windowSeconds).fill(0);
  const retries = new Array<number>(windowSeconds).fill(0);
  let refused = 0;

  /** The current slot, cleared when it last held an older second. */
  const slot = () => {
    const s = Math.floor(now() / 1000);
    const i = s % windowSeconds;
    if (second[i] !== s) {
      second[i] = s;
      requests[i] = 0;
      retries[i] = 0;
    }
    return { i, s };
  };
  const sum = (values: number[], s: number) => values.reduce((total, v, i) => total + ((second[i] ?? -1) > s - windowSeconds ? v : 0), 0);

  return {
    onRequest() {
      const { i } = slot();
      requests[i] = (requests[i] ?? 0) + 1;
    },
    tryAcquire() {
      const { i, s } = slot();
      const allowed = ratio * sum(requests, s) + minPerSecond * windowSeconds;
      if (sum(retries, s) + 1 > allowed) {
        refused += 1;
        return false;
      }
      retries[i] = (retries[i] ?? 0) + 1;
      return true;
    },
    counts() {
      const { s } = slot();
      return { requests: sum(requests, s), retries: sum(retries, s), refused };
    },
  };
}
