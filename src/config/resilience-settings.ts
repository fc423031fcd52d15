import { z } from 'zod';
import { count, redisPrefix } from './setting-values.js';

const positive = z.coerce.number().int().positive();
const ratio = z.coerce.number().min(0).max(1);
// A vendor limit as the account's plan states it; 0 means "no budget for this silo".
const limit = z.coerce.number().min(0);

/**
 * The breaker, bulkhead, retry-budget and request-budget settings, named as in the environment. The `*_RATE_LIMIT_*`
 * values are the vendor's documented limits for the account's plan (defaults: HubSpot Free/Starter, Shopify
 * Standard, Zendesk Growth/Professional, Square undocumented so a conservative guess); the gateway keeps
 * `RATE_BUDGET_HEADROOM` of them. Embedded sandboxes enforce no limit unless asked, so they are paced only with
 * `RATE_BUDGET_SANDBOXES=true`. The budgets share the cache's REDIS_URL.
 */
export const resilienceSettings = z.object({
  CIRCUIT_FAILURE_RATE: z.coerce.number().gt(0).lt(1).default(0.5),
  CIRCUIT_SAMPLING_MS: z.coerce.number().int().min(1000).default(2000),
  CIRCUIT_MIN_CALLS: positive.default(5),
  CIRCUIT_HALF_OPEN_AFTER_MS: positive.default(5000),
  BULKHEAD_MAX_CONCURRENT: positive.default(16),
  BULKHEAD_MAX_QUEUED: count.default(64),
  RETRY_BUDGET_RATIO: ratio.default(0.2),
  RETRY_BUDGET_MIN_PER_SECOND: z.coerce.number().min(0).default(1),
  RATE_BUDGET_HEADROOM: z.coerce.number().gt(0).max(1).default(0.9),
  RATE_BUDGET_BULK_RESERVE: ratio.default(0.25),
  RATE_BUDGET_MAX_WAIT_MS: count.default(500),
  RATE_BUDGET_SANDBOXES: z.stringbool().default(false),
  HUBSPOT_RATE_LIMIT_PER_10S: limit.default(100),
  HUBSPOT_SEARCH_RATE_LIMIT_PER_SECOND: limit.default(4),
  SHOPIFY_RESTORE_POINTS_PER_SECOND: limit.default(100),
  SHOPIFY_BUCKET_POINTS: limit.default(1000),
  SHOPIFY_POINTS_PER_REQUEST: z.coerce.number().positive().default(20),
  ZENDESK_RATE_LIMIT_PER_MINUTE: limit.default(400),
  SQUARE_RATE_LIMIT_PER_SECOND: limit.default(10),
  RATE_BUDGET_REDIS_PREFIX: redisPrefix,
});

/** The validated resilience settings, named as in the environment. */
export type ResilienceSettings = z.output<typeof resilienceSettings>;
