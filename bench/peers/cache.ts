import { LRUCache } from 'lru-cache';
import type { Vendors } from './vendors.js';

/** Vendor answers peer 2 keeps: 30 s, as the issue describes it. */
export const PEER_CACHE_TTL_MS = 30_000;

const MAX_ENTRIES = 20_000;

/**
 * Peer 2's cache: every vendor answer kept for `ttlMs` in an lru-cache, keyed by the call and its arguments. The
 * pending promise is what is cached, so concurrent requests for the same answer share one call; a failed call is
 * dropped at once.
 */
export function cachedVendors(v: Vendors, ttlMs = PEER_CACHE_TTL_MS): Vendors {
  const cache = new LRUCache<string, Promise<unknown>>({ max: MAX_ENTRIES, ttl: ttlMs });
  const memo = <A extends unknown[], R>(name: string, call: (...args: A) => Promise<R>) => (...args: A): Promise<R> => {
    const key = `${name}:${JSON.stringify(args)}`;
    const hit = cache.get(key) as Promise<R> | undefined;
    if (hit) return hit;
    const pending = call(...args);
    cache.set(key, pending);
    pending.catch(() => cache.delete(key));
    return pending;
  };
  return {
    ticket: memo('ticket', v.ticket),
    user: memo('user', v.user),
    requestedTickets: memo('requestedTickets', v.requestedTickets),
    hubspotByEmails: memo('hubspotByEmails', v.hubspotByEmails),
    hubspotPage: memo('hubspotPage', v.hubspotPage),
    shopifyByEmails: memo('shopifyByEmails', v.shopifyByEmails),
    squareByEmail: memo('squareByEmail', v.squareByEmail),
    squareOrders: memo('squareOrders', v.squareOrders),
  };
}
