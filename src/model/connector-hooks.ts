import type { Source } from './provenance.js';

/** One observed upstream call, for metrics and tests. */
export interface CallEvent {
  source: Source;
  method: string;
  path: string;
  /** The path as a template (`/v2/customers/{id}`): the endpoint without the values in it, safe to record. */
  endpoint: string;
  status: number | 'error';
  durationMs: number;
  attempt: number;
}

/** Caps retries to a share of recent requests so a failing silo is not hammered (src/resilience provides one). */
export interface RetryBudget {
  /** Notes a first attempt, which earns the silo a fraction of a retry. */
  onRequest(): void;
  /** Takes one retry from the budget; false when it is spent. */
  tryAcquire(): boolean;
}

/** One attempt asking a request budget for leave to go. */
export interface BudgetRequest {
  method: string;
  /** The vendor path; it may hold personal data, so a budget classifies by it and never records it. */
  path: string;
  priority: 'interactive' | 'bulk';
  deadline: number;
  signal?: AbortSignal;
}

/**
 * What a vendor's answer said about the quota the gateway draws from, in the vendor's own units (requests, or
 * Shopify's query-cost points): how much is left, of how much, and how it comes back.
 */
export interface QuotaAnnouncement {
  /** Units still allowed now. */
  remaining: number;
  /** The quota's size: a window's limit, or a leaky bucket's depth. */
  limit: number;
  /**
   * How the spent units come back: all at once when a window ends (`resetMs` from now; a rolling window frees
   * every unit it counts within its length, so that is a safe bound), or continuously (`perSecond`).
   */
  refill: { kind: 'window'; resetMs: number; windowMs: number } | { kind: 'rate'; perSecond: number };
  /** What the answered call cost (1 for a request count; Shopify: the query's requested cost). */
  cost: number;
}

/** Paces attempts below a vendor's rate limit (src/resilience provides one). */
export interface RequestBudget {
  /** Resolves when the attempt may be sent; rejects with `SourceRateLimited` when that would be past the deadline. */
  acquire(request: BudgetRequest): Promise<void>;
  /** Told what an answer to `request` announced about the vendor's quota, so that later attempts slow down before a 429. */
  observe?(request: Pick<BudgetRequest, 'method' | 'path'>, quota: QuotaAnnouncement): void;
}

/** What the gateway hands a connector, which passes it to its HTTP client untouched: an observer and the silo's budgets. */
export interface ConnectorHooks {
  onCall?: (event: CallEvent) => void;
  /** Limits retries to a share of recent requests; without it every failed idempotent attempt may be retried. */
  retryBudget?: RetryBudget;
  /** Asked before every attempt, retries included; without it attempts go out unpaced. */
  requestBudget?: RequestBudget;
}

/** A silo's retry and request budgets, handed to its connector's HTTP client (src/resilience makes them). */
export type SiloBudgetHooks = (source: Source) => Pick<ConnectorHooks, 'retryBudget' | 'requestBudget'>;
