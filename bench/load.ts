import autocannon from 'autocannon';
import type { Scenario } from './scenarios.js';

/** How a window ended: something served, answers but none served (all shed or failed), or no answer at all. */
export type Outcome = 'served' | 'none-served' | 'none-completed';

/** What one load window measured, client side. */
export interface LoadResult {
  durationSec: number;
  outcome: Outcome;
  /** Responses received, of any kind. */
  completed: number;
  /**
   * Responses that answered the query: 2xx, not shed (`OVERLOADED`), with a customer (a partial answer counts).
   * Throughput and latency count only these.
   */
  served: number;
  /** `OVERLOADED` answers (load shed by the server): never counted as served. */
  overloaded: number;
  /** `OVERLOADED` answers without a `Retry-After` header. */
  overloadedWithoutRetryAfter: number;
  /** Requests written, answered or not when the window closed. */
  sent: number;
  /** Served responses per second. */
  requestsPerSec: number;
  /** Over served responses; null when none was served. */
  latencyMs: { p50: number | null; p95: number | null; p99: number | null; mean: number | null; max: number | null };
  errors: {
    /** Connection errors and timeouts (autocannon counts a timeout as an error). */
    transport: number;
    /** Non-2xx answers other than `OVERLOADED`. */
    non2xx: number;
    /** 2xx responses whose body carries GraphQL `errors` (partial results included). */
    graphql: number;
    /** 2xx responses with no customer at all (`data` null or the root empty): not served. */
    empty: number;
    /** Error codes (`extensions.code`) across all responses, by code; `OVERLOADED` included. */
    codes: Record<string, number>;
    /** Errors that name a silo (`extensions.source`), by silo and code: `{ CRM: { CIRCUIT_OPEN: 3 } }`. */
    blamed: Record<string, Record<string, number>>;
  };
}

/** What a load window is made of. */
export interface LoadPlan {
  graphqlUrl: string;
  scenario: Scenario;
  variables: readonly Record<string, unknown>[];
  /** The next bearer token of the rotation: each call gives another `sub`. */
  nextToken(): string;
  connections: number;
  durationSec: number;
}

interface ErrorBody {
  errors?: { extensions?: { code?: unknown; source?: unknown } }[];
}

/** The q-quantile of sorted values (nearest rank), or null when there are none. */
function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

/** Rounded to `digits` decimals; null stays null. */
export function round(n: number, digits?: number): number;
export function round(n: number | null, digits?: number): number | null;
export function round(n: number | null, digits = 1): number | null {
  return n === null ? null : Math.round(n * 10 ** digits) / 10 ** digits;
}

/** The errors of a body as `[code, silo | null]` pairs; a body that is not JSON is one `UNPARSEABLE` error. */
function errorsOf(body: string): [string, string | null][] {
  try {
    const parsed = JSON.parse(body) as ErrorBody;
    return (parsed.errors ?? []).map((e) => [typeof e.extensions?.code === 'string' ? e.extensions.code : 'NO_CODE', typeof e.extensions?.source === 'string' ? e.extensions.source : null]);
  } catch {
    return [['UNPARSEABLE', null]];
  }
}

/**
 * Runs closed-loop load with autocannon: `connections` callers, each sending its next request as soon as
 * the previous one is answered. Every request gets the next token and the next variables of the rotation.
 * Each answer is classified as it arrives (autocannon calls `onResponse` just before it emits `response`), so
 * latencies are kept for served answers only, and `OVERLOADED` answers never count as served.
 */
export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const url = new URL(plan.graphqlUrl);
  const bodies = plan.variables.map((variables) => JSON.stringify({ query: plan.scenario.query, variables }));
  if (bodies.length === 0) throw new Error(`${plan.scenario.id}: no variables to send`);
  let next = 0;
  let graphql = 0;
  let empty = 0;
  let overloaded = 0;
  let withoutRetryAfter = 0;
  let non2xx = 0;
  let lastServed = false;
  const codes: Record<string, number> = {};
  const blamed: Record<string, Record<string, number>> = {};
  const latencies: number[] = [];
  const instance = autocannon({
    url: url.href,
    connections: plan.connections,
    duration: plan.durationSec,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: url.pathname,
        setupRequest: (request) => {
          const i = next++;
          return {
            ...request,
            method: 'POST',
            path: url.pathname,
            headers: { ...request.headers, 'content-type': 'application/json', authorization: `Bearer ${plan.nextToken()}` },
            body: bodies[i % bodies.length] as string,
          };
        },
        onResponse: (status, body, _context, headers) => {
          const ok = status >= 200 && status < 300;
          let shed = false;
          if (body.includes('"errors":[') || !ok) {
            const errors = errorsOf(body);
            if (ok && errors.length > 0) graphql++;
            for (const [code, silo] of errors) {
              codes[code] = (codes[code] ?? 0) + 1;
              if (code === 'OVERLOADED') shed = true;
              if (silo) (blamed[silo] ??= {})[code] = (blamed[silo]?.[code] ?? 0) + 1;
            }
          }
          if (shed) {
            overloaded++;
            if (!Object.keys(headers ?? {}).some((name) => name.toLowerCase() === 'retry-after')) withoutRetryAfter++;
          }
          if (!ok && !shed) non2xx++;
          const isEmpty = ok && (plan.scenario.isEmpty(body) || body.includes('"data":null'));
          if (isEmpty) empty++;
          // An answer without a customer (every silo it needed failed, or a wrong input) is not served either.
          lastServed = ok && !shed && !isEmpty;
        },
      },
    ],
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => {
    if (lastServed) latencies.push(ms);
  });
  let completed = 0;
  instance.on('response', () => completed++);
  const result = await instance;
  latencies.sort((a, b) => a - b);
  const served = latencies.length;
  return {
    durationSec: result.duration,
    outcome: completed === 0 ? 'none-completed' : served === 0 ? 'none-served' : 'served',
    completed,
    served,
    overloaded,
    overloadedWithoutRetryAfter: withoutRetryAfter,
    sent: result.requests.sent ?? completed,
    requestsPerSec: round(served / Math.max(result.duration, 0.001)),
    latencyMs: {
      p50: round(quantile(latencies, 0.5)),
      p95: round(quantile(latencies, 0.95)),
      p99: round(quantile(latencies, 0.99)),
      mean: round(served ? latencies.reduce((a, b) => a + b, 0) / served : null),
      max: round(latencies.at(-1) ?? null),
    },
    errors: { transport: result.errors, non2xx, graphql, empty, codes, blamed },
  };
}

/** One GraphQL POST with a bearer token; resolves with the parsed body whatever the status. */
export async function postGraphql(graphqlUrl: string, token: string, query: string, variables: Record<string, unknown>): Promise<unknown> {
  const res = await fetch(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return res.json();
}
