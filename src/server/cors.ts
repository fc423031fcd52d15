import type { FastifyInstance, FastifyReply } from 'fastify';
import { replyWithError } from '../errors/index.js';
import { REQUEST_ID_HEADER } from '../logging/index.js';

/** Which web origins may call the gateway from a browser page of theirs. */
export interface CorsOptions {
  /** Exact origins (`https://console.example.com`); empty: CORS closed, no page of another origin may call. */
  allowedOrigins: readonly string[];
}

const ALLOWED_METHODS = ['GET', 'POST'];
// What a browser client sends: the bearer token, the body's type, the media type it accepts, and the headers Apollo
// Server's CSRF prevention asks of a GET.
const ALLOWED_HEADERS = ['authorization', 'content-type', 'accept', 'apollo-require-preflight', 'x-apollo-operation-name', REQUEST_ID_HEADER];
// What a page may read of an answer besides the CORS-safelisted headers: when to retry a refusal, and the request id.
const EXPOSED_HEADERS = ['retry-after', REQUEST_ID_HEADER];
const PREFLIGHT_MAX_AGE_SECONDS = 600;

function allowOrigin(reply: FastifyReply, origin: string): void {
  reply.header('access-control-allow-origin', origin);
  reply.header('access-control-expose-headers', EXPOSED_HEADERS.join(', '));
}

/**
 * Cross-origin access by allow-list (`CORS_ALLOWED_ORIGINS`), on every route. An allowed origin's requests are
 * answered with `Access-Control-Allow-Origin` naming it (never `*`, and no credentials: the token travels in
 * `Authorization`, not in a cookie), and its preflights with 204 and the methods and headers a client needs. Any
 * other origin gets no CORS header and its preflight 403 `CORS_ORIGIN_NOT_ALLOWED`, so a browser lets none of its
 * pages read an answer. Preflights are answered before admission: they never wait for, nor take, a slot.
 * A hand-written hook rather than @fastify/cors: that package is not among the dependencies, and an exact allow-list
 * with fixed methods and headers is all the gateway needs.
 */
export function registerCors(app: FastifyInstance, { allowedOrigins }: CorsOptions): void {
  const allowed = new Set(allowedOrigins);
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    const preflight = request.method === 'OPTIONS' && origin !== undefined && request.headers['access-control-request-method'] !== undefined;
    // With an allow-list, every answer depends on the Origin it is asked from: caches must keep them apart.
    if (allowed.size > 0) reply.header('vary', 'Origin');
    const isAllowed = origin !== undefined && allowed.has(origin);
    if (!preflight) {
      if (isAllowed) allowOrigin(reply, origin);
      return;
    }
    const method = String(request.headers['access-control-request-method']).toUpperCase();
    if (!isAllowed || !ALLOWED_METHODS.includes(method)) {
      return replyWithError(reply, 'CORS_ORIGIN_NOT_ALLOWED', isAllowed
        ? `Cross-origin ${method} requests are not allowed; use ${ALLOWED_METHODS.join(' or ')}.`
        : 'Cross-origin requests from this origin are not allowed; the gateway lists the origins it allows in CORS_ALLOWED_ORIGINS.');
    }
    allowOrigin(reply, origin);
    reply.header('access-control-allow-methods', ALLOWED_METHODS.join(', '));
    reply.header('access-control-allow-headers', ALLOWED_HEADERS.join(', '));
    reply.header('access-control-max-age', String(PREFLIGHT_MAX_AGE_SECONDS));
    return reply.code(204).send();
  });
}
