import type { QuotaAnnouncement } from '../model/index.js';

/** A unit reservation against the vendor's announced quota: when the attempt may go, and how to give it back. */
export interface QuotaReservation {
  waitMs: number;
  cancel(): void;
}

/** The gateway's picture of one vendor quota, as its answers announce it, with the attempts sent since. */
export interface QuotaShadow {
  observe(quota: QuotaAnnouncement, now: number): void;
  /** Reserves what one attempt costs, leaving `1 − headroom` of the quota to the vendor's other clients and calls in flight. */
  reserve(now: number): QuotaReservation;
}

/**
 * A window quota (HubSpot's rolling ten seconds, Zendesk's minute): nothing comes back before the window ends, so the
 * units an attempt may use are what the window has left above the reserve; once it is spent, attempts are reserved
 * into the next windows and wait for them. A rolling window frees every unit it counts within its length, so ending it
 * then is a safe bound. The vendor's count only raises ours: our own attempts in flight are not in it yet.
 */
function windowShadow(headroom: number): QuotaShadow {
  let limit = 0;
  let windowMs = 0;
  let resetAt = 0;
  let cost = 1;
  let first = 0;
  let used: number[] = [0];
  const roll = (now: number) => {
    while (windowMs > 0 && now >= resetAt) {
      used = used.slice(1);
      if (used.length === 0) used = [0];
      first += 1;
      resetAt += windowMs;
    }
  };
  return {
    observe(quota, now) {
      if (quota.refill.kind !== 'window') return;
      roll(now);
      limit = quota.limit;
      windowMs = Math.max(1, quota.refill.windowMs);
      cost = Math.max(1, quota.cost);
      const announcedReset = now + Math.max(0, quota.refill.resetMs);
      resetAt = resetAt <= now ? announcedReset : Math.min(resetAt, announcedReset);
      used[0] = Math.max(used[0] ?? 0, limit - quota.remaining);
    },
    reserve(now) {
      roll(now);
      const usable = Math.max(cost, Math.floor(limit * headroom));
      let k = 0;
      while ((used[k] ?? 0) + cost > usable && (used[k] ?? 0) > 0) k += 1;
      used[k] = (used[k] ?? 0) + cost;
      const id = first + k;
      return {
        waitMs: k === 0 ? 0 : Math.max(0, resetAt + (k - 1) * windowMs - now),
        cancel: () => {
          const at = id - first;
          if (at >= 0 && at < used.length) used[at] = Math.max(0, (used[at] ?? 0) - cost);
        },
      };
    },
  };
}

/** A leaky bucket (Shopify's query-cost points): it refills at `perSecond`, so an attempt waits until its cost fits above the reserve. */
function rateShadow(headroom: number): QuotaShadow {
  let limit = 0;
  let perMs = 0;
  let level = 0;
  let at = 0;
  let cost = 1;
  const refill = (now: number) => {
    level = Math.min(limit, level + Math.max(0, now - at) * perMs);
    at = Math.max(at, now);
  };
  return {
    observe(quota, now) {
      if (quota.refill.kind !== 'rate') return;
      limit = quota.limit;
      perMs = quota.refill.perSecond / 1000;
      cost = Math.max(1, quota.cost);
      level = quota.remaining;
      at = now;
    },
    reserve(now) {
      refill(now);
      const need = cost + limit * (1 - headroom);
      const waitMs = level >= need || perMs <= 0 ? 0 : Math.ceil((need - level) / perMs);
      level -= cost;
      return { waitMs, cancel: () => void (level += cost) };
    },
  };
}

/** Creates the shadow of a quota of the kind `quota` announces; `headroom` is the share of it the gateway uses (RATE_BUDGET_HEADROOM). */
export function createQuotaShadow(quota: QuotaAnnouncement, headroom: number): QuotaShadow {
  return quota.refill.kind === 'window' ? windowShadow(headroom) : rateShadow(headroom);
}
