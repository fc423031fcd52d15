import type { ZodType } from 'zod';
import {
  SourceBadResponse,
  SourceRateLimited,
  SourceTimeout,
  SourceUnauthorized,
  SourceUnavailable,
  type CallOptions,
  type ConnectorHooks,
  type QuotaAnnouncement,
  type Source,
  type SourceError,
} from '../../src/model/index.js';
import { createTransport, type RawResponse } from './transport.js';
import { parseBody } from './usable-records.js';

export type { RawResponse } from './transport.js';

/** How a vendor differs; everything else (timeouts, retries, JSON, validation) is shared. */
export interface HttpClientOptions extends ConnectorHooks {
  source: Source;
  baseURL: string;
  /** Auth and version headers sent on every call. Never logged or echoed in errors. */
  headers: Record<string, string>;
  /** Upper bound for one attempt, further cut by the deadline. */
  attemptTimeoutMs?: number;
  /** Attempts in all, first included. */
  maxAttempts?: number;
  /** The deadline used when the caller gives none. */
  defaultBudgetMs?: number;
  /** Whether a response means "slow down" (default: HTTP 429). Shopify says so inside a 200. */
  isRateLimited?: (res: RawResponse) => boolean;
  /** How long the vendor asks us to wait, in ms (default: the `Retry-After` header). */
  retryAfterMs?: (res: RawResponse) => number | undefined;
  /** A short, safe description of a vendor error body (a code or category, never its free text). */
  describeError?: (res: RawResponse) => string | undefined;
  /** What an answer to `request` says about the vendor's remaining quota (its rate-limit headers or cost block); handed to the request budget. */
  announcedQuota?: (res: RawResponse, request: { method: string; path: string }) => QuotaAnnouncement | undefined;
}

/** One request. Reads are retried; writes only when `idempotent` says the vendor carries a read in a POST. */
export interface RequestSpec<T> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  /** The path as a template, each value in it a `{name}` (`/v2/customers/{id}`); required when the path holds one. */
  endpoint?: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Defaults to true for GET, false otherwise. */
  idempotent?: boolean;
  /** Validates a 2xx body; a mismatch is `SourceBadResponse`. */
  schema: ZodType<T>;
  /** Statuses answered with `null` instead of an error (e.g. 404 for a get-by-id). */
  nullOn?: readonly number[];
}

/** A validated vendor answer. */
export interface HttpResult<T> {
  status: number;
  headers: Readonly<Record<string, string | undefined>>;
  data: T;
}

/** The shared HTTP client every connector is built on. */
export interface HttpClient {
  request<T>(spec: RequestSpec<T> & { nullOn: readonly number[] }, opts?: CallOptions): Promise<HttpResult<T> | null>;
  request<T>(spec: RequestSpec<T>, opts?: CallOptions): Promise<HttpResult<T>>;
}

/** Parses a `Retry-After` header (seconds or an HTTP date) into ms. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Full-jitter exponential backoff: a random wait in [0, base·2^attempt), capped. */
export function backoffMs(attempt: number, baseMs = 50, capMs = 2000): number {
  return Math.random() * Math.min(capMs, baseMs * 2 ** attempt);
}

/** Creates the shared client: per-attempt timeouts inside the deadline, retries with jitter, typed errors. */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const {
    source,
    attemptTimeoutMs = 10_000,
    maxAttempts = 3,
    defaultBudgetMs = 15_000,
    isRateLimited = (res) => res.status === 429,
    retryAfterMs = (res) => parseRetryAfter(res.headers['retry-after']),
    describeError = () => undefined,
    announcedQuota,
    onCall,
    retryBudget,
    requestBudget,
  } = options;
  const send = createTransport({ source, baseURL: options.baseURL, headers: options.headers });

  const describe = (res: RawResponse) => {
    const detail = describeError(res);
    return detail ? `HTTP ${res.status} (${detail})` : `HTTP ${res.status}`;
  };

  async function request<T>(spec: RequestSpec<T>, opts: CallOptions = {}): Promise<HttpResult<T> | null> {
    const deadline = opts.deadline ?? Date.now() + defaultBudgetMs;
    const idempotent = spec.idempotent ?? spec.method === 'GET';
    let lastError: SourceError | undefined;
    for (let n = 0; n < maxAttempts; n++) {
      if (deadline <= Date.now()) throw lastError ?? new SourceTimeout(source, 'request deadline passed');
      if (requestBudget) await paced(spec, opts, deadline, lastError);
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw lastError ?? new SourceTimeout(source, 'request deadline passed');
      if (n === 0) retryBudget?.onRequest();
      const started = performance.now();
      let res: RawResponse;
      try {
        res = await send(spec, Math.min(attemptTimeoutMs, remaining), opts.signal);
      } catch (error) {
        onCall?.({ source, method: spec.method, path: spec.path, endpoint: spec.endpoint ?? spec.path, status: 'error', durationMs: performance.now() - started, attempt: n + 1 });
        lastError = error as SourceError;
        // A timed-out or reset write may have been applied: never repeat it blindly.
        if (!idempotent || lastError instanceof SourceTimeout) throw lastError;
        await waitOrGiveUp(backoffMs(n), deadline, opts.signal, lastError, n + 1 >= maxAttempts);
        continue;
      }
      onCall?.({ source, method: spec.method, path: spec.path, endpoint: spec.endpoint ?? spec.path, status: res.status, durationMs: performance.now() - started, attempt: n + 1 });
      // Every answer, a 429 included, says how much quota is left: the budget paces the next attempts by it.
      if (announcedQuota && requestBudget?.observe) {
        const quota = announcedQuota(res, spec);
        if (quota) requestBudget.observe({ method: spec.method, path: spec.path }, quota);
      }

      if (isRateLimited(res)) {
        const wait = retryAfterMs(res);
        // A throttled call was not carried out, so even a write may be sent again.
        lastError = new SourceRateLimited(source, `rate limited, ${describe(res)}`, res.status, wait);
        await waitOrGiveUp(wait ?? backoffMs(n, 200), deadline, opts.signal, lastError, n + 1 >= maxAttempts);
        continue;
      }
      if (spec.nullOn?.includes(res.status)) return null;
      if (res.status >= 500) {
        lastError = new SourceUnavailable(source, `failed with ${describe(res)}`, res.status);
        if (!idempotent) throw lastError;
        await waitOrGiveUp(backoffMs(n), deadline, opts.signal, lastError, n + 1 >= maxAttempts);
        continue;
      }
      // Refused credentials (revoked, expired, wrong, or short of a scope) fail the same way on every attempt: never retried.
      if (res.status === 401 || res.status === 403) {
        throw new SourceUnauthorized(source, `refused our credentials, ${describe(res)}`, res.status);
      }
      if (res.status < 200 || res.status >= 300) {
        throw new SourceBadResponse(source, `rejected the request, ${describe(res)}`, res.status);
      }
      if (res.body === undefined && res.status !== 204) {
        throw new SourceBadResponse(source, `answered HTTP ${res.status} with a body that is not JSON`, res.status);
      }
      const { parsed, unusable } = parseBody(spec.schema, res.body ?? {});
      if (!parsed.success) {
        const where = parsed.error.issues[0]?.path.join('.') || '(root)';
        throw new SourceBadResponse(source, `answered with an unexpected shape at ${where}`, res.status);
      }
      for (const record of unusable) opts.onSkippedRecord?.({ source, ...record });
      return { status: res.status, headers: res.headers, data: parsed.data };
    }
    throw lastError ?? new SourceUnavailable(source, 'no attempt was made');
  }

  async function paced(spec: RequestSpec<unknown>, opts: CallOptions, deadline: number, lastError: SourceError | undefined) {
    const request = { method: spec.method, path: spec.path, priority: opts.priority ?? 'interactive', deadline } as const;
    try {
      await requestBudget?.acquire(opts.signal ? { ...request, signal: opts.signal } : request);
    } catch (error) {
      // A retry that cannot be paced in time fails with what the silo last said, not with the pacing.
      throw lastError ?? error;
    }
  }

  async function waitOrGiveUp(ms: number, deadline: number, signal: AbortSignal | undefined, error: SourceError, last: boolean) {
    // No attempt follows the last one: fail now instead of sleeping first. A spent retry budget ends it too.
    if (last || Date.now() + ms >= deadline || (retryBudget && !retryBudget.tryAcquire())) throw error;
    await sleep(ms, signal).catch(() => {
      throw error;
    });
  }

  return { request } as HttpClient;
}
