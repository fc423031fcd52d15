import type { BucketRule } from './vendor-limits.js';

/** A bucket's level at a moment; interactive reservations may take it below zero. */
export interface BucketState {
  tokens: number;
  at: number;
}

/** One request for one token. */
export interface TakeRequest {
  /** The bucket's name, unique per silo and bucket. */
  key: string;
  rule: BucketRule;
  /** Bulk calls never reserve ahead: they wait while the bucket holds fewer than `bulkReserve + 1` tokens. */
  bulk: boolean;
  /** The longest an interactive call may wait for its reserved token. */
  maxWaitMs: number;
}

/** Granted: go after `waitMs` (a reservation). Refused: nothing taken; `waitMs` says when asking again may succeed. */
export interface TakeResult {
  granted: boolean;
  waitMs: number;
}

/** Where buckets live: this process, or Redis shared by every replica. */
export interface BucketStore {
  take(request: TakeRequest): Promise<TakeResult>;
  close(): Promise<void>;
}

/**
 * Refills the bucket to `now` and tries to take one token. An interactive call reserves its token even when the
 * bucket is empty, if the refill pays it back within `maxWaitMs`, so interactive calls are served in arrival order
 * ahead of any bulk call; the Redis script in `redis-bucket-store.ts` is this same function in Lua.
 */
export function takeToken(state: BucketState | undefined, request: Omit<TakeRequest, 'key'>, now: number): { state: BucketState; result: TakeResult } {
  const { capacity, refillPerSecond, bulkReserve } = request.rule;
  const perMs = refillPerSecond / 1000;
  const previous = state ?? { tokens: capacity, at: now };
  const tokens = Math.min(capacity, previous.tokens + Math.max(0, now - previous.at) * perMs);
  const at = Math.max(now, previous.at);
  if (request.bulk) {
    if (tokens - 1 >= bulkReserve) return { state: { tokens: tokens - 1, at }, result: { granted: true, waitMs: 0 } };
    return { state: { tokens, at }, result: { granted: false, waitMs: Math.ceil((bulkReserve + 1 - tokens) / perMs) } };
  }
  const waitMs = tokens >= 1 ? 0 : Math.ceil((1 - tokens) / perMs);
  if (waitMs <= request.maxWaitMs) return { state: { tokens: tokens - 1, at }, result: { granted: true, waitMs } };
  return { state: { tokens, at }, result: { granted: false, waitMs } };
}

/** Buckets in this process only: each replica keeps its own. */
export function createLocalBucketStore(now: () => number = Date.now): BucketStore {
  const buckets = new Map<string, BucketState>();
  return {
    async take(request) {
      const { state, result } = takeToken(buckets.get(request.key), request, now());
      buckets.set(request.key, state);
      return result;
    },
    async close() {
      buckets.clear();
    },
  };
}
