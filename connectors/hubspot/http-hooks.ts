import { headerCount, parseRetryAfter, windowQuota, type RawResponse } from '../shared/index.js';
import type { CallEvent, QuotaAnnouncement } from '../../src/model/index.js';

const TOKEN = /^[A-Z0-9_]{1,64}$/;
const field = (body: unknown, name: string): string | undefined => {
  const raw = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof raw === 'string' && TOKEN.test(raw) ? raw : undefined;
};

/** The rate-limit window a HubSpot 429 names (`DAILY`, `TEN_SECONDLY_ROLLING`, `SECONDLY`), if it names one. */
export function policyNameOf(res: RawResponse): string | undefined {
  return field(res.body, 'policyName');
}

/**
 * How long HubSpot wants us to wait after a 429: `Retry-After` when sent; none for a spent daily quota
 * (it returns at the account's midnight, so the wait is reported as the time to the next UTC midnight, at least a minute);
 * a second for the search API's per-second limit; otherwise the time one slot of the rolling window
 * takes to free (`X-HubSpot-RateLimit-Interval-Milliseconds` / `-Max`), jittered, at most the interval.
 */
export function hubspotRetryAfterMs(res: RawResponse, now = Date.now(), random = Math.random): number | undefined {
  const header = parseRetryAfter(res.headers['retry-after'], now);
  if (header !== undefined) return header;
  const policy = policyNameOf(res);
  // The quota returns at the account's own midnight, which need not be UTC's: a wait to UTC midnight is a floor,
  // and a second before it would say "retry now" — never less than a minute.
  if (policy === 'DAILY') return Math.max(60_000, 86_400_000 - (now % 86_400_000));
  if (policy === 'SECONDLY') return 1000;
  const interval = Number(res.headers['x-hubspot-ratelimit-interval-milliseconds']);
  if (!Number.isFinite(interval) || interval <= 0) return undefined;
  const max = Number(res.headers['x-hubspot-ratelimit-max']);
  const slot = Number.isFinite(max) && max > 0 ? interval / max : interval;
  return Math.min(interval, Math.round(slot * (1 + random())));
}

/**
 * What HubSpot's `X-HubSpot-RateLimit-Max`, `-Remaining` and `-Interval-Milliseconds` say of the rolling
 * ten-secondly window. They count that window only: CRM search has its own per-second limit and v4 association
 * batch reads are exempt, so their answers announce nothing for their own calls.
 */
export function hubspotQuota(res: RawResponse, request: { method: string; path: string }): QuotaAnnouncement | undefined {
  if (request.method === 'POST' && /\/search$/.test(request.path)) return undefined;
  if (request.path.startsWith('/crm/v4/associations/')) return undefined;
  const interval = headerCount(res, 'x-hubspot-ratelimit-interval-milliseconds') ?? 10_000;
  return windowQuota(headerCount(res, 'x-hubspot-ratelimit-max'), headerCount(res, 'x-hubspot-ratelimit-remaining'), interval, interval);
}

/** A safe summary of a HubSpot error body: its category or rate-limit policy, never its message. */
export function describeHubSpotError(res: RawResponse): string | undefined {
  const category = field(res.body, 'category');
  if (category) return category;
  const errorType = field(res.body, 'errorType');
  const policy = policyNameOf(res);
  return errorType ? [errorType, policy].filter(Boolean).join(' ') : undefined;
}

/** Paths can carry an email address (get by email, subscription status): keep it out of call events. */
export function redactPath(path: string): string {
  return path
    .split('/')
    .map((segment) => (/@|%40/i.test(segment) ? '{email}' : segment))
    .join('/');
}

/** Wraps an `onCall` hook so that it never sees personal data in a path. */
export function redactedOnCall(onCall?: (event: CallEvent) => void): ((event: CallEvent) => void) | undefined {
  return onCall && ((event) => onCall({ ...event, path: redactPath(event.path) }));
}
