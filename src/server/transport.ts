import { STATUS_CODES, type ServerOptions, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { TRANSPORT_DEFAULTS, type TransportSettings } from '../config/index.js';
import type { ErrorCode, GraphQLErrorBody } from '../errors/index.js';
import type { Logger } from '../logging/index.js';

/** The Fastify options that carry the transport settings: timeouts, keep-alive, requests per socket, client errors. */
export function transportServerOptions(settings: TransportSettings = TRANSPORT_DEFAULTS, logger?: Logger): Pick<FastifyServerOptions,
  'connectionTimeout' | 'keepAliveTimeout' | 'requestTimeout' | 'maxRequestsPerSocket' | 'clientErrorHandler'> & { http: ServerOptions } {
  return {
    // Fastify's `connectionTimeout` is the socket's inactivity timeout: a connection that sends and receives nothing.
    connectionTimeout: settings.idleTimeoutMs,
    keepAliveTimeout: settings.keepAliveTimeoutMs,
    // Node's requestTimeout: from a request's first byte until its body has arrived whole (headers included).
    requestTimeout: settings.bodyTimeoutMs,
    maxRequestsPerSocket: settings.maxRequestsPerConnection,
    http: {
      headersTimeout: settings.headersTimeoutMs,
      // Node checks both timeouts only this often (30 s by default): check often enough for them to hold.
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(settings.headersTimeoutMs / 4))),
    },
    clientErrorHandler: clientErrorHandler(logger),
  };
}

/** Caps the connections the server holds at once; Node closes any beyond it as it arrives. */
export function capConnections(app: FastifyInstance, settings: TransportSettings = TRANSPORT_DEFAULTS): void {
  app.server.maxConnections = settings.maxConnections;
}

// What a refusal the HTTP parser or a timeout raises answers: status and code by the parser's error code.
function refusalOf(code: string | undefined): { status: number; code: ErrorCode; message: string } {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { status: 408, code: 'REQUEST_TIMEOUT', message: 'The request did not arrive in time (REQUEST_HEADERS_TIMEOUT_MS, REQUEST_BODY_TIMEOUT_MS); nothing was run.' };
  }
  if (code === 'HPE_HEADER_OVERFLOW') return { status: 431, code: 'BAD_REQUEST', message: 'The request headers are too large.' };
  return { status: 400, code: 'BAD_REQUEST', message: 'The request could not be read as HTTP.' };
}

/**
 * Answers a connection the HTTP parser gives up on — a timeout (408 REQUEST_TIMEOUT) or bytes that are not HTTP — and
 * closes it. The log line holds the status and codes only: Fastify's default handler logs the error, whose
 * `rawPacket` is the request's own bytes (headers, tokens, body), and no address is logged either.
 */
function clientErrorHandler(logger: Logger | undefined): (error: Error & { code?: string }, socket: Socket) => void {
  return (error, socket) => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const refusal = refusalOf(error.code);
    logger?.warn({ status: refusal.status, code: refusal.code, reason: error.code ?? error.name }, 'connection refused by the HTTP layer');
    // As Node does: answer only when no response of this socket has begun (keep-alive), or the peer would read garbage.
    const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
    if (socket.writable && !inFlight?.headersSent) {
      const body = JSON.stringify({ errors: [{ message: refusal.message, extensions: { code: refusal.code } }] } satisfies GraphQLErrorBody);
      socket.write(`HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status] ?? ''}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    }
    socket.destroy();
  };
}
