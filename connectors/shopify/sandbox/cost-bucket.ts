/** The size and refill speed of the query-cost bucket (per app and store at Shopify). */
export interface ThrottleOptions {
  maximumAvailable?: number;
  restoreRate?: number;
}

/** `extensions.cost.throttleStatus` as Shopify reports it. */
export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

/** Shopify's leaky bucket of query-cost points. */
export interface CostBucket {
  /** Takes `cost` points; false (and nothing taken) when enforcing and the bucket holds too few. */
  take(cost: number): boolean;
  /** Gives back what a query was charged beyond its actual cost. */
  refund(points: number): void;
  status(): ThrottleStatus;
}

/**
 * Creates a bucket that refills at `restoreRate` points a second up to `maximumAvailable`. When not enforcing it
 * still counts (so responses report realistic numbers) but never refuses a query.
 */
export function createCostBucket(options: ThrottleOptions, enforce: boolean, now: () => number = Date.now): CostBucket {
  const { maximumAvailable = 2000, restoreRate = 100 } = options;
  let available = maximumAvailable;
  let at = now();
  const refill = () => {
    const t = now();
    available = Math.min(maximumAvailable, available + ((t - at) / 1000) * restoreRate);
    at = t;
  };
  return {
    take(cost) {
      refill();
      if (enforce && cost > available) return false;
      available = Math.max(0, available - cost);
      return true;
    },
    refund(points) {
      available = Math.min(maximumAvailable, available + Math.max(0, points));
    },
    status() {
      refill();
      return { maximumAvailable, currentlyAvailable: Math.floor(available), restoreRate };
    },
  };
}
