import { SOURCES, SYSTEM_OF, type SiloBudgetHooks, type Source, type System } from '../model/index.js';
import type { GuardOptions } from './guard-options.js';
import { createRedisBucketStore } from './redis-bucket-store.js';
import { createRequestBudget } from './request-budget.js';
import { createRetryBudget, type CountingRetryBudget } from './retry-budget.js';
import type { ResilienceSettings } from './settings.js';
import { createLocalBucketStore, type BucketStore } from './token-bucket.js';
import { rateRules } from './vendor-limits.js';

/** Every silo's retry and request budgets, ready to hand to `createSilos`. */
export interface SiloBudgets {
  /** `createSilos`'s fourth argument: the budgets of one silo's HTTP client. */
  hooks: SiloBudgetHooks;
  /** Retries seen and refused per silo in the current window. */
  retryCounts(): Record<Source, { requests: number; retries: number; refused: number }>;
  /** Where the request buckets live: this process, or Redis shared by the replicas ('unavailable' while down). */
  store(): 'local' | 'redis' | 'unavailable';
  /** Resolves once the shared buckets are reachable (true), or false (the budgets then pace in-process). */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

/** What the settings cannot carry. */
export interface SiloBudgetOptions {
  /** Buckets somewhere else (tests); default: Redis when `redisUrl` is given, else in-process. */
  store?: BucketStore;
  /** The Redis the replicas share (REDIS_URL, read with the cache settings); absent: buckets in this process. */
  redisUrl?: string;
  /** The vendors running as embedded sandboxes: no request budget for them unless `RATE_BUDGET_SANDBOXES` is set. */
  sandboxed?: readonly System[];
  onError?: (error: Error) => void;
}

/**
 * Creates each silo's retry budget (in-process: it only protects the silo from this replica's retries) and request
 * budget (shared through Redis when `redisUrl` is given, so all replicas together stay under the vendor's limit).
 */
export function createSiloBudgets(settings: ResilienceSettings, options: SiloBudgetOptions = {}): SiloBudgets {
  const redis = !options.store && options.redisUrl
    ? createRedisBucketStore({ url: options.redisUrl, prefix: settings.RATE_BUDGET_REDIS_PREFIX, ...(options.onError ? { onError: options.onError } : {}) })
    : null;
  const store = options.store ?? redis ?? createLocalBucketStore();
  const rules = rateRules(settings);
  const retry = new Map<Source, CountingRetryBudget>(SOURCES.map((s) => [s, createRetryBudget({ ratio: settings.RETRY_BUDGET_RATIO, minPerSecond: settings.RETRY_BUDGET_MIN_PER_SECOND })]));
  const unmetered = (s: Source) => !settings.RATE_BUDGET_SANDBOXES && (options.sandboxed ?? []).includes(SYSTEM_OF[s]);
  const request = new Map(SOURCES.flatMap((s) => {
    const rule = unmetered(s) ? undefined : rules[s];
    return rule ? [[s, createRequestBudget(s, rule, store, { maxWaitMs: settings.RATE_BUDGET_MAX_WAIT_MS, headroom: settings.RATE_BUDGET_HEADROOM })] as const] : [];
  }));

  return {
    hooks: (source) => ({
      retryBudget: retry.get(source),
      ...(request.has(source) ? { requestBudget: request.get(source) } : {}),
    }),
    retryCounts: () => Object.fromEntries(SOURCES.map((s) => [s, (retry.get(s) as CountingRetryBudget).counts()])) as Record<Source, ReturnType<CountingRetryBudget['counts']>>,
    store: () => (redis ? (redis.state() === 'ready' ? 'redis' : 'unavailable') : 'local'),
    ready: () => (redis ? redis.ready() : Promise.resolve(true)),
    close: () => store.close(),
  };
}

/** The breaker and bulkhead part of the settings, as the silo pipeline's guard stages take it. */
export function guardOptionsFromSettings(settings: ResilienceSettings): GuardOptions {
  return {
    breaker: {
      failureRate: settings.CIRCUIT_FAILURE_RATE,
      samplingMs: settings.CIRCUIT_SAMPLING_MS,
      minCalls: settings.CIRCUIT_MIN_CALLS,
      halfOpenAfterMs: settings.CIRCUIT_HALF_OPEN_AFTER_MS,
    },
    bulkhead: { maxConcurrent: settings.BULKHEAD_MAX_CONCURRENT, maxQueued: settings.BULKHEAD_MAX_QUEUED },
  };
}
