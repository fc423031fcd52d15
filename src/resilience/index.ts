/**
 * Resilience against failing silos: per silo, a circuit breaker and a bulkhead (the silo pipeline's guard stages
 * put every connector call behind them), and below them, in each connector's HTTP client, a retry budget and a
 * request budget that keeps the gateway under the vendor's rate limit, shared across replicas through Redis
 * (`createSiloBudgets`). Per caller (`sub`), budgets for reads, look-ups and privacy operations (`createCallerBudgets`),
 * shared the same way. The bulkheads queue over `createSlotQueue`, which the HTTP admission gate (src/server) shares.
 */
export {
  DEFAULT_BREAKER,
  DEFAULT_BULKHEAD,
  DEFAULT_FAIR_SHARE,
  DEFAULT_MAX_LATE_MS,
  DEFAULT_MIN_FAIR_TIMEOUT_MS,
  type GuardOptions,
  type SiloCallOutcome,
} from './guard-options.js';
export { blameGateway, shedByGateway } from './blame.js';
export { createSiloBudgets, guardOptionsFromSettings, type SiloBudgetOptions, type SiloBudgets } from './silo-budgets.js';
export type { ResilienceSettings } from './settings.js';
export { createSiloBreaker, isSiloFault, type BreakerOptions, type BreakerState, type SiloBreaker } from './breaker.js';
export { createCredentialWatch, type CredentialState, type CredentialWatch } from './credential-watch.js';
export { createBulkhead, type Bulkhead, type BulkheadOptions } from './bulkhead.js';
export { systemClock, type Clock } from './clock.js';
export {
  SlotRefused,
  createSlotQueue,
  type Release,
  type SlotEvent,
  type SlotQueue,
  type SlotQueueOptions,
  type SlotRefusal,
  type SlotStats,
  type SlotWait,
} from './slot-queue.js';
export { createRetryBudget, type CountingRetryBudget, type RetryBudgetOptions } from './retry-budget.js';
export { createRequestBudget, type RequestBudgetOptions } from './request-budget.js';
export { createLocalBucketStore, takeToken, type BucketStore, type TakeRequest, type TakeResult } from './token-bucket.js';
export { createRedisBucketStore, type RedisBucketStoreOptions } from './redis-bucket-store.js';
export { rateRules, windowedBucket, leakyBucket, type BucketRule, type SiloRateRule } from './vendor-limits.js';
export { FailureRateBreaker, type FailureRateOptions } from './failure-rate-breaker.js';
export { createCallerBudgets, type CallerBudgetOptions, type CallerBudgets } from './caller-budgets.js';
export { spendBudgets, type BudgetAsk, type BudgetKind, type SpendResult } from './caller-budget.js';
