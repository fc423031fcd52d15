/** The window of Zendesk's permanent user deletion limit: 700 per 10 minutes by default. */
const WINDOW_MS = 10 * 60_000;

/** Zendesk's limit on permanent user deletions: at most `limit` in any 10 minutes. */
export interface DeletionLimit {
  /** Seconds until another permanent deletion may go, or 0 when one may go now. */
  retryAfterSeconds(): number;
  /** Counts one permanent deletion. */
  record(): void;
}

/** Creates the permanent-deletion limit as a sliding 10-minute window over the deletions made. */
export function createDeletionLimit(limit: number, now: () => number = Date.now): DeletionLimit {
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`permanentDeletionLimit must be a positive integer: ${limit}`);
  const made: number[] = [];
  const prune = (t: number) => {
    while (made.length > 0 && (made[0] ?? 0) <= t - WINDOW_MS) made.shift();
  };
  return {
    retryAfterSeconds() {
      const t = now();
      prune(t);
      const oldest = made[0];
      return made.length < limit || oldest === undefined ? 0 : Math.max(1, Math.ceil((oldest + WINDOW_MS - t) / 1000));
    },
    record() {
      made.push(now());
    },
  };
}
