import { z } from 'zod';
import { count, positiveMs } from './setting-values.js';

/**
 * The transport defaults. Headers in 10 s and the whole request in 30 s are far beyond any honest client on a LAN
 * or the internet (a request is at most MAX_BODY_BYTES, 256 KiB), yet a client that trickles bytes holds a connection
 * for seconds, not forever. An idle connection is dropped after 60 s (past the longest request, a 30 s privacy
 * operation), a kept-alive one after 5 s without a request (Node's default; behind a load balancer set it above the
 * balancer's idle timeout). 1024 connections at once sit well above the admission gate's 64 + 256 requests.
 */
export const TRANSPORT_DEFAULTS = {
  headersTimeoutMs: 10_000,
  bodyTimeoutMs: 30_000,
  idleTimeoutMs: 60_000,
  keepAliveTimeoutMs: 5_000,
  // No limit by default, as Node's own: past its limit Node answers a pipelining keep-alive client 503 with no body
  // on every further request of the connection (seen in the bench: autocannon at c=1 after 1000 requests).
  maxRequestsPerConnection: 0,
  maxConnections: 1024,
} as const;

/** How the gateway's HTTP server guards its sockets (src/server applies them to Fastify and Node's server). */
export type TransportSettings = { readonly [K in keyof typeof TRANSPORT_DEFAULTS]: number };

/**
 * The HTTP server's timeouts and connection caps: REQUEST_HEADERS_TIMEOUT_MS, REQUEST_BODY_TIMEOUT_MS,
 * CONNECTION_IDLE_TIMEOUT_MS, CONNECTION_KEEP_ALIVE_TIMEOUT_MS, MAX_REQUESTS_PER_CONNECTION, MAX_CONNECTIONS.
 */
export const transportSettings = z
  .object({
    REQUEST_HEADERS_TIMEOUT_MS: positiveMs.default(TRANSPORT_DEFAULTS.headersTimeoutMs),
    REQUEST_BODY_TIMEOUT_MS: positiveMs.default(TRANSPORT_DEFAULTS.bodyTimeoutMs),
    CONNECTION_IDLE_TIMEOUT_MS: positiveMs.default(TRANSPORT_DEFAULTS.idleTimeoutMs),
    CONNECTION_KEEP_ALIVE_TIMEOUT_MS: positiveMs.default(TRANSPORT_DEFAULTS.keepAliveTimeoutMs),
    MAX_REQUESTS_PER_CONNECTION: count.default(TRANSPORT_DEFAULTS.maxRequestsPerConnection),
    MAX_CONNECTIONS: z.coerce.number().int().positive().default(TRANSPORT_DEFAULTS.maxConnections),
  })
  // Node refuses a headers timeout longer than the whole request's: name the settings instead of failing at listen.
  .refine((s) => s.REQUEST_HEADERS_TIMEOUT_MS <= s.REQUEST_BODY_TIMEOUT_MS, {
    message: 'REQUEST_HEADERS_TIMEOUT_MS must not exceed REQUEST_BODY_TIMEOUT_MS (the whole request, headers included)',
    path: ['REQUEST_HEADERS_TIMEOUT_MS'],
    // Only once both are valid numbers: an invalid one is reported as itself.
    when: (payload) => payload.issues.length === 0,
  })
  .transform((s): TransportSettings => ({
    headersTimeoutMs: s.REQUEST_HEADERS_TIMEOUT_MS,
    bodyTimeoutMs: s.REQUEST_BODY_TIMEOUT_MS,
    idleTimeoutMs: s.CONNECTION_IDLE_TIMEOUT_MS,
    keepAliveTimeoutMs: s.CONNECTION_KEEP_ALIVE_TIMEOUT_MS,
    maxRequestsPerConnection: s.MAX_REQUESTS_PER_CONNECTION,
    maxConnections: s.MAX_CONNECTIONS,
  }));
