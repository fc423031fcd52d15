import type { Source } from '../model/index.js';
import type { ResilienceSettings } from './settings.js';

/** A token bucket: it holds at most `capacity` requests and refills at `refillPerSecond`. */
export interface BucketRule {
  capacity: number;
  refillPerSecond: number;
  /** Tokens bulk calls leave for interactive ones: bulk waits while the bucket holds fewer than this plus its cost. */
  bulkReserve: number;
}

/** A silo's request budget: its buckets, and which one an upstream request draws from (null: none). */
export interface SiloRateRule {
  buckets: Readonly<Record<string, BucketRule>>;
  bucketFor(request: { method: string; path: string }): string | null;
}

function withReserve(capacity: number, refillPerSecond: number, reserveShare: number): BucketRule {
  return { capacity, refillPerSecond, bulkReserve: Math.max(0, Math.min(capacity - 1, Math.floor(capacity * reserveShare))) };
}

/**
 * A bucket that keeps a rolling-window limit of `limit` per `windowSeconds`: in any window it lets through at most
 * `capacity + refill × window` ≤ `limit`, and sustains `headroom` of the limit (one request less for tiny limits).
 */
export function windowedBucket(limit: number, windowSeconds: number, headroom: number, reserveShare: number): BucketRule {
  const perWindow = limit > 1 ? Math.min(headroom * limit, limit - 1) : headroom * limit;
  const capacity = Math.max(1, Math.floor(limit - perWindow));
  return withReserve(capacity, perWindow / windowSeconds, reserveShare);
}

/** A bucket for a vendor that itself meters with a leaky bucket (`burst` deep, refilling at `perSecond`). */
export function leakyBucket(perSecond: number, burst: number, headroom: number, reserveShare: number): BucketRule {
  return withReserve(Math.max(1, Math.floor(burst * headroom)), perSecond * headroom, reserveShare);
}

const single = (bucket: BucketRule): SiloRateRule => ({ buckets: { requests: bucket }, bucketFor: () => 'requests' });

/**
 * Each silo's request budget from the settings. HubSpot: 100 per rolling 10 s (Free/Starter), with CRM search on
 * its own 4 per second and v4 association batch reads exempt from the 10-second limit. Shopify: a cost bucket
 * (Standard: 100 points/s restore, 1000 deep) approximated as requests of `SHOPIFY_POINTS_PER_REQUEST` points.
 * Zendesk: a per-minute account limit (Growth/Professional: 400). Square publishes none: 10/s assumed.
 */
export function rateRules(settings: ResilienceSettings): Partial<Record<Source, SiloRateRule>> {
  const h = settings.RATE_BUDGET_HEADROOM;
  const r = settings.RATE_BUDGET_BULK_RESERVE;
  const rules: Partial<Record<Source, SiloRateRule>> = {};
  const general = settings.HUBSPOT_RATE_LIMIT_PER_10S > 0 ? windowedBucket(settings.HUBSPOT_RATE_LIMIT_PER_10S, 10, h, r) : null;
  const search = settings.HUBSPOT_SEARCH_RATE_LIMIT_PER_SECOND > 0 ? windowedBucket(settings.HUBSPOT_SEARCH_RATE_LIMIT_PER_SECOND, 1, h, r) : null;
  if (general || search) {
    rules.CRM = {
      buckets: { ...(general ? { general } : {}), ...(search ? { search } : {}) },
      bucketFor({ method, path }) {
        if (method === 'POST' && /\/search$/.test(path)) return search ? 'search' : null;
        if (path.startsWith('/crm/v4/associations/')) return null;
        return general ? 'general' : null;
      },
    };
  }
  const points = settings.SHOPIFY_POINTS_PER_REQUEST;
  if (settings.SHOPIFY_RESTORE_POINTS_PER_SECOND > 0) {
    rules.ECOMMERCE = single(leakyBucket(settings.SHOPIFY_RESTORE_POINTS_PER_SECOND / points, Math.max(1, settings.SHOPIFY_BUCKET_POINTS / points), h, r));
  }
  if (settings.ZENDESK_RATE_LIMIT_PER_MINUTE > 0) rules.SUPPORT = single(windowedBucket(settings.ZENDESK_RATE_LIMIT_PER_MINUTE, 60, h, r));
  if (settings.SQUARE_RATE_LIMIT_PER_SECOND > 0) {
    rules.POS = single(leakyBucket(settings.SQUARE_RATE_LIMIT_PER_SECOND, settings.SQUARE_RATE_LIMIT_PER_SECOND, h, r));
  }
  return rules;
}
