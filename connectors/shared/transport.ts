import http from 'node:http';
import https from 'node:https';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { GatewayStalled, MAX_TIMER_LATE_MS, SourceTimeout, SourceUnavailable, isSourceError, type Source, type SourceError } from '../../src/model/index.js';

/** A vendor response as the shared client sees it before validation. */
export interface RawResponse {
  status: number;
  headers: Readonly<Record<string, string | undefined>>;
  /** The parsed JSON body, or undefined when it was empty or not JSON. */
  body: unknown;
}

/** What one attempt sends: the method, the path under the base URL, the query string and an optional JSON body. */
export interface WireRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
}

/** Sends one attempt; resolves with any status, rejects with a typed source error (timeout, cancellation, network). */
export type SendAttempt = (request: WireRequest, timeoutMs: number, signal?: AbortSignal) => Promise<RawResponse>;

/** The time an attempt's timer runs on: monotonic ms, and a timer (tests pass a clock they move themselves). */
export interface AttemptClock {
  now(): number;
  /** Calls `fn` once `ms` have passed on this clock; the returned function cancels it. */
  after(ms: number, fn: () => void): () => void;
}

const monotonicClock: AttemptClock = {
  now: () => performance.now(),
  after(ms, fn) {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};

/**
 * Runs `fn` once the event loop has read its sockets again. An immediate runs in the check phase, right after the
 * poll phase that reads the sockets; two of them make sure a whole poll phase lies between, whichever phase this is
 * called from (a timer fired by `setTimeout` runs before the poll phase, one fired by a test's clock may run inside it).
 */
const afterNextRead = (fn: () => void) => setImmediate(() => setImmediate(fn));

/** Bodies are validated by schema; this only bounds memory on a runaway response. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

// Encoded as axios encoded its params, so that vendors see the same query strings as before (`:`, `,`, `$`, `[`
// and `]` left readable, a space as `+`).
const encodeParam = (value: string) =>
  encodeURIComponent(value).replace(/%3A/gi, ':').replace(/%24/g, '$').replace(/%2C/gi, ',').replace(/%20/g, '+').replace(/%5B/gi, '[').replace(/%5D/gi, ']');

/** The query string of a request (with its `?`), undefined values left out; empty without any. */
export function queryString(query: WireRequest['query']): string {
  if (!query) return '';
  let out = '';
  for (const key in query) {
    const value = query[key];
    if (value === undefined) continue;
    out += `${out ? '&' : '?'}${encodeParam(key)}=${encodeParam(String(value))}`;
  }
  return out;
}

const NOT_BLANK = /\S/;

function parseBody(text: string): unknown {
  // A test, not `trim()`: a trimmed copy of every vendor body only to see that it is not empty.
  if (!NOT_BLANK.test(text)) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function flatHeaders(headers: http.IncomingHttpHeaders): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const key in headers) {
    const value = headers[key];
    out[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function decoded(res: http.IncomingMessage): NodeJS.ReadableStream {
  switch (res.headers['content-encoding']?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return res.pipe(createGunzip());
    case 'deflate':
      return res.pipe(createInflate());
    case 'br':
      return res.pipe(createBrotliDecompress());
    default:
      return res;
  }
}

/** Where a transport sends, and the clock its attempt timers run on. */
export interface TransportOptions {
  source: Source;
  baseURL: string;
  headers: Readonly<Record<string, string>>;
  maxSockets?: number;
  /** Default: `performance.now` and `setTimeout`. */
  clock?: AttemptClock;
}

/**
 * Creates the wire level of the shared HTTP client over Node's own `http`/`https`, with one keep-alive agent per
 * client (so per silo): JSON bodies, gzip/deflate/br answers, a timer per attempt and the caller's cancellation, no
 * redirects followed. It replaced axios, whose per-request config merging and header objects cost a tenth of the
 * gateway's CPU on the cold path; the retry, budget and status logic stays in `createHttpClient`.
 *
 * An attempt's timer does not end it on the spot: Node runs due timers before it reads the sockets, so after a busy
 * spell an answer that came in time may still be unread. The timeout is decided after the next read of the sockets
 * (`afterNextRead`). It is `GatewayStalled`, which says nothing about the silo, when the gateway was the slow one:
 * it looked more than `MAX_TIMER_LATE_MS` late at an answer already coming in, or sent the request that late. A
 * silo that had the whole time and sent nothing timed out, however late the gateway looked.
 */
export function createTransport(options: TransportOptions): SendAttempt {
  const { source, clock = monotonicClock } = options;
  const base = new URL(options.baseURL.replace(/\/+$/, ''));
  const secure = base.protocol === 'https:';
  const transport = secure ? https : http;
  const agent = secure ? new https.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 128 }) : new http.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 128 });
  const prefix = base.pathname === '/' ? '' : base.pathname;
  const target = { protocol: base.protocol, hostname: base.hostname.replace(/^\[|\]$/g, ''), port: base.port || undefined, agent };
  const common: Record<string, string> = { Accept: 'application/json', 'Accept-Encoding': 'gzip, deflate, br', 'User-Agent': 'customer-360-gateway', ...options.headers };
  const withBody = { ...common, 'Content-Type': 'application/json' };

  return (request, timeoutMs, signal) => new Promise<RawResponse>((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled(signal));
    const payload = request.body === undefined ? undefined : JSON.stringify(request.body);
    const req = transport.request({
      ...target,
      method: request.method,
      path: prefix + request.path + queryString(request.query),
      // A body-less request names no content type.
      headers: payload === undefined ? common : { ...withBody, 'Content-Length': String(Buffer.byteLength(payload)) },
    });
    let done = false;
    const finish = (error: SourceError | undefined, res?: RawResponse) => {
      if (done) return;
      done = true;
      cancelTimer();
      signal?.removeEventListener('abort', onAbort);
      if (error) {
        req.destroy();
        reject(error);
      } else resolve(res as RawResponse);
    };
    const started = clock.now();
    const due = started + timeoutMs;
    let sentAt: number | undefined;
    let answering = false;
    // Whose timeout: the silo's when it had the whole time and said nothing (a late look only gave it longer); the
    // gateway's when it looked late at an answer already coming in, or sent the request late (a busy loop).
    const expire = () => {
      if (done) return;
      const lateMs = clock.now() - due;
      const sentLate = sentAt === undefined ? lateMs > MAX_TIMER_LATE_MS : sentAt - started > MAX_TIMER_LATE_MS;
      const stalled = sentLate || (answering && lateMs > MAX_TIMER_LATE_MS);
      finish(stalled ? new GatewayStalled(source, timeoutMs, Math.max(0, lateMs)) : new SourceTimeout(source, `no answer within ${timeoutMs} ms`));
    };
    const cancelTimer = clock.after(timeoutMs, () => afterNextRead(expire));
    const onAbort = () => finish(cancelled(signal as AbortSignal));
    signal?.addEventListener('abort', onAbort, { once: true });
    const failed = (error: Error & { code?: string }) => finish(new SourceUnavailable(source, `connection failed (${error.code ?? 'network error'})`));
    req.on('error', failed);
    req.on('finish', () => (sentAt = clock.now()));
    req.on('response', (res) => {
      answering = true;
      const chunks: Buffer[] = [];
      let size = 0;
      const body = decoded(res);
      body.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) finish(new SourceUnavailable(source, `connection failed (answer over ${MAX_BODY_BYTES} bytes)`));
        else chunks.push(chunk);
      });
      body.on('error', failed);
      res.on('aborted', () => finish(new SourceUnavailable(source, 'connection failed (ECONNRESET)')));
      body.on('end', () => {
        const text = chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8');
        finish(undefined, { status: res.statusCode ?? 0, headers: flatHeaders(res.headers), body: parseBody(text) });
      });
    });
    req.end(payload);
  });

  function cancelled(signal: AbortSignal): SourceError {
    const reason: unknown = signal.reason;
    return isSourceError(reason) ? reason : new SourceTimeout(source, 'request cancelled');
  }
}
