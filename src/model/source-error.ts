import type { Source } from './provenance.js';

/** The codes a silo failure surfaces as, in `extensions.code`. */
export type SourceErrorCode =
  | 'SOURCE_UNAVAILABLE'
  | 'SOURCE_UNAUTHORIZED'
  | 'SOURCE_TIMEOUT'
  | 'SOURCE_RATE_LIMITED'
  | 'SOURCE_BAD_RESPONSE'
  | 'CIRCUIT_OPEN';

/** A silo failed to answer usefully. The message names the silo and the condition, never a URL or credential. */
export abstract class SourceError extends Error {
  abstract readonly code: SourceErrorCode;
  constructor(
    readonly source: Source,
    message: string,
    /** The HTTP status the vendor answered with, if it answered. */
    readonly status?: number,
  ) {
    super(`${source}: ${message}`);
  }
}

/** The silo failed the call (5xx, connection reset, outage). */
export class SourceUnavailable extends SourceError {
  readonly code = 'SOURCE_UNAVAILABLE';
  override readonly name = 'SourceUnavailable';
}

/**
 * The silo refused the gateway's credentials (HTTP 401 or 403: a revoked, expired or wrong token, or one without
 * the scopes the call needs). Not an outage: the silo answered, so it is never retried and never opens the circuit.
 */
export class SourceUnauthorized extends SourceError {
  readonly code = 'SOURCE_UNAUTHORIZED';
  override readonly name = 'SourceUnauthorized';
}

/** The silo did not answer within the time the request had left. */
export class SourceTimeout extends SourceError {
  readonly code = 'SOURCE_TIMEOUT';
  override readonly name: string = 'SourceTimeout';
}

/**
 * How late a call's timer may run and its timeout still count against the silo. Later than this, the gateway's
 * event loop was busy when the time ran out (its own CPU, a garbage collection, the machine's), so the silo's answer
 * may have been waiting unread: the timeout is the gateway's (`GatewayStalled`).
 */
export const MAX_TIMER_LATE_MS = 100;

/**
 * A call's time ran out while the gateway itself was too busy: it looked more than `MAX_TIMER_LATE_MS` late at an
 * answer already coming in, or sent the request that late. The silo is not at fault: the call counts toward no circuit and is answered as the gateway's overload,
 * naming no silo (`source` says which call it was, for metrics and logs).
 */
export class GatewayStalled extends SourceTimeout {
  override readonly name: string = 'GatewayStalled';
  constructor(
    source: Source,
    timeoutMs: number,
    /** How late after its time the gateway looked, in ms. */
    readonly lateMs: number,
  ) {
    super(source, `no answer read within ${Math.round(timeoutMs)} ms: the gateway was busy and looked ${Math.round(lateMs)} ms late`);
  }
}

/** The silo rate-limited us and its wait does not fit the request's deadline. */
export class SourceRateLimited extends SourceError {
  readonly code = 'SOURCE_RATE_LIMITED';
  override readonly name = 'SourceRateLimited';
  constructor(
    source: Source,
    message: string,
    status?: number,
    /** How long the vendor asked us to wait, in ms, if it said. */
    readonly retryAfterMs?: number,
  ) {
    super(source, message, status);
  }
}

/** The silo answered with something that is not what its API documents (HTML, truncated JSON, wrong types). */
export class SourceBadResponse extends SourceError {
  readonly code = 'SOURCE_BAD_RESPONSE';
  override readonly name = 'SourceBadResponse';
}

/** The gateway stopped calling the silo for a while after repeated failures. */
export class CircuitOpen extends SourceError {
  readonly code = 'CIRCUIT_OPEN';
  override readonly name = 'CircuitOpen';
}

/** Determines if the given value is a typed silo failure. */
export function isSourceError(value: unknown): value is SourceError {
  return value instanceof SourceError;
}
