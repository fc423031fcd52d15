import {
  SourceRateLimited,
  SourceTimeout,
  type BudgetRequest,
  type RequestBudget,
  type Source,
} from '../model/index.js';
import { createQuotaShadow, type QuotaShadow } from './announced-quota.js';
import type { BucketStore } from './token-bucket.js';
import type { SiloRateRule } from './vendor-limits.js';

/** How long a call may wait for a token, and test seams for the clock and the wait. */
export interface RequestBudgetOptions {
  /**
   * The longest any attempt waits for a token, whatever its deadline: a silo that is over budget for longer fails
   * fast with `SourceRateLimited` instead of spending the request's deadline that the other silos' calls need.
   */
  maxWaitMs?: number;
  /** The share of an announced quota attempts may use (RATE_BUDGET_HEADROOM; default 0.9): the rest is left to the vendor's other clients. */
  headroom?: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

// A refused bulk call asks again no sooner than this, so waiting costs the store a bounded number of round trips.
const MIN_RECHECK_MS = 5;

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Creates a silo's request budget, asked by its HTTP client before every attempt. Interactive attempts take a
 * token or reserve the next one; bulk attempts wait while the bucket is below its reserve. No wait outlasts the
 * call's deadline: an attempt that cannot go in time fails at once with `SourceRateLimited`. What the vendor's answers
 * announce of its quota (`observe`: rate-limit headers, Shopify's cost block) paces them too, before any 429: once the
 * quota left is down to the share kept back, an attempt waits for the window to end or the bucket to refill. That is
 * the quota the vendor counts, the vendor's other clients included, which the buckets cannot know.
 */
export function createRequestBudget(source: Source, rule: SiloRateRule, store: BucketStore, options: RequestBudgetOptions = {}): RequestBudget {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? abortableSleep;
  const maxWaitMs = options.maxWaitMs ?? Number.POSITIVE_INFINITY;
  const headroom = options.headroom ?? 0.9;
  // Per bucket, in this process: each replica paces by the answers it gets, which count every replica's calls.
  const announced = new Map<string, QuotaShadow>();
  const wait = (ms: number, signal?: AbortSignal) =>
    sleep(ms, signal).catch(() => {
      throw new SourceTimeout(source, 'request cancelled');
    });

  /** Waits until the vendor's announced quota has room for the attempt, or fails as the buckets do when that is too late. */
  async function announcedRoom(bucket: string, request: BudgetRequest, giveUpAt: number) {
    const reservation = announced.get(bucket)?.reserve(now());
    if (!reservation || reservation.waitMs <= 0) return;
    if (reservation.waitMs >= giveUpAt - now()) {
      reservation.cancel();
      throw new SourceRateLimited(source, `request budget spent: the ${bucket} quota the vendor announced is nearly used up`, undefined, reservation.waitMs);
    }
    await wait(reservation.waitMs, request.signal).catch((error: unknown) => {
      reservation.cancel();
      throw error;
    });
  }

  return {
    observe(request, quota) {
      const bucket = rule.bucketFor(request);
      if (bucket === null || !rule.buckets[bucket]) return;
      let shadow = announced.get(bucket);
      if (!shadow) announced.set(bucket, (shadow = createQuotaShadow(quota, headroom)));
      shadow.observe(quota, now());
    },
    async acquire(request: BudgetRequest) {
      const bucket = rule.bucketFor(request);
      const bucketRule = bucket === null ? undefined : rule.buckets[bucket];
      if (!bucketRule) return;
      const take = { key: `${source}:${bucket}`, rule: bucketRule, bulk: request.priority === 'bulk' };
      const giveUpAt = Math.min(request.deadline, now() + maxWaitMs);
      await announcedRoom(bucket as string, request, giveUpAt);
      // Each pass either returns, throws, or sleeps at least MIN_RECHECK_MS of a finite deadline.
      for (;;) {
        const left = giveUpAt - now();
        const { granted, waitMs } = await store.take({ ...take, maxWaitMs: Math.max(0, left) });
        if (granted) {
          if (waitMs > 0) await wait(waitMs, request.signal);
          return;
        }
        if (waitMs >= giveUpAt - now()) {
          throw new SourceRateLimited(source, `request budget spent: no ${bucket} request slot in time`, undefined, waitMs);
        }
        await wait(Math.max(MIN_RECHECK_MS, waitMs), request.signal);
      }
    },
  };
}
