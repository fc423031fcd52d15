import type { SourceError, SourceErrorCode } from '../model/index.js';
import type { ErrorCode } from './codes.js';
import { GatewayError } from './gateway-error.js';

/** The codes of the limits Apollo Server enforces on a document (src/server/limits). */
export type QueryLimitCode = Extract<ErrorCode, `${string}_LIMIT_EXCEEDED`>;

/** The request carries no valid credentials: the whole request is refused with 401. */
export class Unauthenticated extends GatewayError<'UNAUTHENTICATED'> {
  override readonly name = 'Unauthenticated';
  constructor(message: string) {
    super('UNAUTHENTICATED', message, { refusesRequest: true });
  }
}

/** A validly signed token whose times the gateway does not accept (issued in the future, or living too long): 401. */
export class TokenRefused extends GatewayError<'TOKEN_ISSUED_IN_FUTURE' | 'TOKEN_LIFETIME_TOO_LONG'> {
  override readonly name = 'TokenRefused';
  constructor(code: 'TOKEN_ISSUED_IN_FUTURE' | 'TOKEN_LIFETIME_TOO_LONG', message: string) {
    super(code, message, { refusesRequest: true });
  }
}

/**
 * The caller is not allowed to see this. A denied field (with its access category) nulls that field alone;
 * `refusesRequest` refuses the whole request with 403 (introspection).
 */
export class Forbidden extends GatewayError<'FORBIDDEN'> {
  override readonly name = 'Forbidden';
  constructor(message: string, options: { category?: string; refusesRequest?: boolean } = {}) {
    super('FORBIDDEN', message, {
      ...(options.category === undefined ? {} : { extensions: { category: options.category } }),
      ...(options.refusesRequest ? { refusesRequest: true } : {}),
    });
  }
}

/** A client-side mistake in an argument; the message starts with the argument's name. */
export class BadUserInput extends GatewayError<'BAD_USER_INPUT'> {
  override readonly name = 'BadUserInput';
  constructor(
    /** The argument at fault, e.g. `after` or `subject.email`. */
    readonly argument: string,
    message: string,
  ) {
    super('BAD_USER_INPUT', `${argument}: ${message}`, { extensions: { argument } });
  }
}

/** A timeline cursor the gateway did not hand out (malformed, or naming no event position); `extensions.argument` names it. */
export class TimelineCursorInvalid extends GatewayError<'TIMELINE_CURSOR_INVALID'> {
  override readonly name = 'TimelineCursorInvalid';
  constructor(
    /** The argument at fault: `after`. */
    readonly argument: string,
    message: string,
  ) {
    super('TIMELINE_CURSOR_INVALID', `${argument}: ${message}`, { extensions: { argument } });
  }
}

/** An email or phone that names a privacy subject is shared by several people. */
export class AmbiguousSubject extends GatewayError<'AMBIGUOUS_SUBJECT'> {
  override readonly name = 'AmbiguousSubject';
  constructor(message: string) {
    super('AMBIGUOUS_SUBJECT', message, { extensions: { argument: 'subject' } });
  }
}

/** Personal data is refused because the audit trail cannot record the read. */
export class AuditUnavailable extends GatewayError<'AUDIT_UNAVAILABLE'> {
  override readonly name = 'AuditUnavailable';
  constructor() {
    super('AUDIT_UNAVAILABLE', 'personal data cannot be served while the audit trail is unavailable');
  }
}

/** Privacy operations are not configured, or their database cannot be reached. */
export class PrivacyUnavailable extends GatewayError<'PRIVACY_UNAVAILABLE'> {
  override readonly name = 'PrivacyUnavailable';
  constructor(message: string) {
    super('PRIVACY_UNAVAILABLE', message);
  }
}

/** A document over one of the query limits: the request is refused with 400 before anything is resolved. */
export class QueryLimitExceeded extends GatewayError<QueryLimitCode> {
  override readonly name = 'QueryLimitExceeded';
  constructor(code: QueryLimitCode, message: string) {
    super(code, message, { refusesRequest: true });
  }
}

/** Trusted-documents mode refuses a document its manifest does not list (or an ad-hoc one from a role other than admin): 403. */
export class DocumentNotTrusted extends GatewayError<'DOCUMENT_NOT_TRUSTED'> {
  override readonly name = 'DocumentNotTrusted';
  constructor(message: string) {
    super('DOCUMENT_NOT_TRUSTED', message, { refusesRequest: true });
  }
}

/**
 * A typed silo failure (src/model) as the client sees it: the silo's code and message, and the silo in
 * `extensions.source` (GraphQLError's own `source` is the GraphQL document, so the silo is not a property here).
 */
export class SourceFailure extends GatewayError<SourceErrorCode> {
  override readonly name = 'SourceFailure';
  constructor(error: SourceError) {
    super(error.code, error.message, { extensions: { source: error.source } });
  }
}

/**
 * The gateway did not call a silo because it had no room for the call in time (its own queue for the silo was full,
 * no slot came before the deadline, the request's time was gone), or called it but was too busy to read its answer
 * in time (`GatewayStalled`): that field is null, and no silo is named, since none is at fault. The admission gate's refusal of a whole request has the same code (503 with `Retry-After`).
 */
export class Overloaded extends GatewayError<'OVERLOADED'> {
  override readonly name = 'Overloaded';
  /** `shed`: the call was never sent; `stalled`: it was, but the gateway was too busy to read the answer in time. */
  constructor(why: 'shed' | 'stalled' = 'shed') {
    super('OVERLOADED', why === 'shed'
      ? 'The gateway had no room to call a silo for this field in time (its own queue, not the silo); retry later.'
      : 'The gateway was too busy to read the answer of a silo for this field in time (its own load, not the silo); retry later.');
  }
}

/** Anything unexpected, masked: a fixed message and nothing of the original. */
export class InternalServerError extends GatewayError<'INTERNAL_SERVER_ERROR'> {
  override readonly name = 'InternalServerError';
  constructor() {
    super('INTERNAL_SERVER_ERROR', 'Internal server error');
  }
}
