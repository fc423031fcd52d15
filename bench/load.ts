import autocannon from 'autocannon';
import type { Scenario } from './scenarios.js';

/** What one load run measured, client side. */
export interface LoadResult {
  durationSec: number;
  /** Responses received. */
  completed: number;
  /** Requests written, answered or not when the run stopped. */
  sent: number;
  requestsPerSec: number;
  /** Null when no response arrived within the run. */
  latencyMs: { p50: number | null; p95: number | null; p99: number | null; mean: number | null; max: number | null };
  errors: {
    /** Connection errors and timeouts (autocannon counts a timeout as an error). */
    transport: number;
    non2xx: number;
    /** 2xx responses whose body carries GraphQL `errors` (partial results included). */
    graphql: number;
    /** Responses with no customer at all. */
    empty: number;
    /** GraphQL error codes (`extensions.code`) across all responses, by code. */
    codes: Record<string, number>;
  };
}

/** What a load run is made of. */
export interface LoadPlan {
  graphqlUrl: string;
  scenario: Scenario;
  variables: readonly Record<string, unknown>[];
  /** The next bearer token of the rotation: each call gives another `sub`. */
  nextToken(): string;
  connections: number;
  durationSec: number;
}

const CODE = /"code":"([A-Z_]{1,64})"/g;

/** The q-quantile of sorted values (nearest rank), or null when there are none. */
function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

function round(n: number, digits?: number): number;
function round(n: number | null, digits?: number): number | null;
function round(n: number | null, digits = 1): number | null {
  return n === null ? null : Math.round(n * 10 ** digits) / 10 ** digits;
}

/**
 * Runs closed-loop load with autocannon: `connections` callers, each sending its next request as soon as
 * the previous one is answered. Every request gets the next token and the next variables of the rotation.
 * Latencies are kept per request (autocannon's own summary has no p95).
 */
export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const url = new URL(plan.graphqlUrl);
  const bodies = plan.variables.map((variables) => JSON.stringify({ query: plan.scenario.query, variables }));
  if (bodies.length === 0) throw new Error(`${plan.scenario.id}: no variables to send`);
  let next = 0;
  let graphql = 0;
  let empty = 0;
  const codes: Record<string, number> = {};
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
        onResponse: (status, body) => {
          if (body.includes('"errors":[')) {
            if (status >= 200 && status < 300) graphql++;
            for (const [, code] of body.matchAll(CODE)) codes[code as string] = (codes[code as string] ?? 0) + 1;
          }
          if (plan.scenario.isEmpty(body)) empty++;
        },
      },
    ],
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms));
  const result = await instance;
  latencies.sort((a, b) => a - b);
  const completed = latencies.length;
  return {
    durationSec: result.duration,
    completed,
    sent: result.requests.sent ?? completed,
    requestsPerSec: round(completed / Math.max(result.duration, 0.001)),
    latencyMs: {
      p50: round(quantile(latencies, 0.5)),
      p95: round(quantile(latencies, 0.95)),
      p99: round(quantile(latencies, 0.99)),
      mean: round(completed ? latencies.reduce((a, b) => a + b, 0) / completed : null),
      max: round(latencies.at(-1) ?? null),
    },
    errors: { transport: result.errors, non2xx: result.non2xx, graphql, empty, codes },
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
