import type { RateLimitPolicy } from './answers.js';

/** Limits a sandbox enforces when given; without them it only counts and reports. */
export interface HubSpotRateLimits {
  /** Requests per rolling 10 s, search excepted (HubSpot: 100 Free/Starter, 190 Pro/Enterprise). */
  tenSecondly?: number;
  /** Search requests per second (HubSpot: 4 per token, some sources say 5). */
  searchPerSecond?: number;
  /** Requests per day. */
  daily?: number;
}

/** Which bucket a request draws from: search has its own, some batch reads are exempt from the 10 s one. */
export type RateBucket = 'general' | 'search' | 'exempt';

const TEN_SECONDS = 10_000;

/** Rolling-window counters behind the `X-HubSpot-RateLimit-*` headers and, when enforcing, the 429s. */
export function createRateLimiter(enforced: HubSpotRateLimits | undefined, clock: () => number = Date.now) {
  const limits = { tenSecondly: 100, searchPerSecond: 4, daily: 250_000, ...enforced };
  const general: number[] = [];
  const search: number[] = [];
  let daily = 0;
  const prune = (times: number[], windowMs: number, now: number) => {
    while (times.length > 0 && (times[0] ?? now) <= now - windowMs) times.shift();
  };

  /** The headers HubSpot sends on every answer. */
  function headers(): Record<string, string> {
    prune(general, TEN_SECONDS, clock());
    return {
      'X-HubSpot-RateLimit-Daily': String(limits.daily),
      'X-HubSpot-RateLimit-Daily-Remaining': String(Math.max(0, limits.daily - daily)),
      'X-HubSpot-RateLimit-Interval-Milliseconds': String(TEN_SECONDS),
      'X-HubSpot-RateLimit-Max': String(limits.tenSecondly),
      'X-HubSpot-RateLimit-Remaining': String(Math.max(0, limits.tenSecondly - general.length)),
    };
  }

  /** Counts one request; returns the window it overruns when limits are enforced, else null. */
  function take(bucket: RateBucket): RateLimitPolicy | null {
    const now = clock();
    prune(general, TEN_SECONDS, now);
    prune(search, 1000, now);
    if (enforced) {
      if (daily >= limits.daily) return 'DAILY';
      if (bucket === 'general' && general.length >= limits.tenSecondly) return 'TEN_SECONDLY_ROLLING';
      if (bucket === 'search' && search.length >= limits.searchPerSecond) return 'SECONDLY';
    }
    daily += 1;
    if (bucket === 'general') general.push(now);
    if (bucket === 'search') search.push(now);
    return null;
  }

  /** The headers of a spent daily quota, for the 429 the fault injector answers with. */
  function exhaustedHeaders(): Record<string, string> {
    return { ...headers(), 'X-HubSpot-RateLimit-Daily-Remaining': '0' };
  }

  return { headers, take, exhaustedHeaders };
}

/** A sandbox's rate limiter. */
export type RateLimiter = ReturnType<typeof createRateLimiter>;
