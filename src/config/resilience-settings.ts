import { z } from 'zod';
import { count, redisPrefix } from './setting-values.js';

const positive = z.coerce.number().int().positive();
const ratio = z.coerce.number().min(0).max(1);
// A vendor limit as the account's plan states it; 0 means "no budget for this silo".
const limit = z.coerce.number().min(0);

/**
 * The bulkhead defaults, per silo: 64 calls in flight and 256 waiting. A silo's calls take a socket each from the
 * keep-alive pool of connectors/shared/transport.ts (128 sockets per silo), so the in-flight limit stays within it and
 * leaves the rest to the calls that bypass no bulkhead (none today) and to sockets being recycled. 64 in flight lets a
 * silo carry 1600 calls/s at 40 ms a call and still about 580 at the 110 ms calls take under load: c=50 agent views
 * (about 8 calls each, up to 3 of them to one silo at once) fit without queueing, where the former 16 capped a silo
 * at 400 calls/s at best and made them wait 300 ms for a slot. The queue holds four times that; no call waits in it
 * past its deadline, and one whose expected wait ends after its deadline is refused at once.
 */
export const BULKHEAD_DEFAULTS = { maxConcurrent: 64, maxQueued: 256 } as const;

/**
 * The breaker, bulkhead, retry-budget and request-budget settings, named as in the environment. The `*_RATE_LIMIT_*`
 * values are the vendor's documented limits for the account's plan (defaults: HubSpot Free/Starter, Shopify
 * Standard, Zendesk Growth/Professional, Square undocumented so a conservative guess); the gateway keeps
 * `RATE_BUDGET_HEADROOM` of them, and of the quota the vendors announce in their answers. Embedded sandboxes enforce no limit unless asked, so they are paced only with
 * `RATE_BUDGET_SANDBOXES=true`. The budgets share the cache's REDIS_URL.
 */
export const resilienceSettings = z.object({
  CIRCUIT_FAILURE_RATE: z.coerce.number().gt(0).lt(1).default(0.5),
  CIRCUIT_SAMPLING_MS: z.coerce.number().int().min(1000).default(2000),
  CIRCUIT_MIN_CALLS: positive.default(5),
  CIRCUIT_HALF_OPEN_AFTER_MS: positive.default(5000),
  BULKHEAD_MAX_CONCURRENT: positive.default(BULKHEAD_DEFAULTS.maxConcurrent),
  BULKHEAD_MAX_QUEUED: count.default(BULKHEAD_DEFAULTS.maxQueued),
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
