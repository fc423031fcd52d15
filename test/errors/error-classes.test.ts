import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  AmbiguousSubject,
  AuditUnavailable,
  BadUserInput,
  Forbidden,
  GatewayError,
  InternalServerError,
  PrivacyUnavailable,
  QueryLimitExceeded,
  SourceFailure,
  Unauthenticated,
  statusOf,
  type ErrorCode,
} from '../../src/errors/index.js';
import { SourceRateLimited } from '../../src/model/index.js';

interface Case {
  error: GatewayError;
  code: ErrorCode;
  name: string;
  message: string;
  /** Extensions besides `code` (and `http`). */
  extensions?: Record<string, unknown>;
  /** Whether it refuses the whole request, so Apollo Server answers with the code's status. */
  refuses: boolean;
}

const cases: Case[] = [
  { error: new Unauthenticated('missing bearer token'), code: 'UNAUTHENTICATED', name: 'Unauthenticated', message: 'missing bearer token', refuses: true },
  {
    error: new Forbidden('Customer.emails is not available to your role', { category: 'CONTACT' }), code: 'FORBIDDEN', name: 'Forbidden',
    message: 'Customer.emails is not available to your role', extensions: { category: 'CONTACT' }, refuses: false,
  },
  { error: new Forbidden('Introspection is only allowed for the admin role.', { refusesRequest: true }), code: 'FORBIDDEN', name: 'Forbidden', message: 'Introspection is only allowed for the admin role.', refuses: true },
  { error: new BadUserInput('after', 'is not a cursor returned by customers'), code: 'BAD_USER_INPUT', name: 'BadUserInput', message: 'after: is not a cursor returned by customers', extensions: { argument: 'after' }, refuses: false },
  { error: new AmbiguousSubject('subject: 2 different people share this email'), code: 'AMBIGUOUS_SUBJECT', name: 'AmbiguousSubject', message: 'subject: 2 different people share this email', extensions: { argument: 'subject' }, refuses: false },
  { error: new AuditUnavailable(), code: 'AUDIT_UNAVAILABLE', name: 'AuditUnavailable', message: 'personal data cannot be served while the audit trail is unavailable', refuses: false },
  { error: new PrivacyUnavailable('privacy operations are not configured on this gateway'), code: 'PRIVACY_UNAVAILABLE', name: 'PrivacyUnavailable', message: 'privacy operations are not configured on this gateway', refuses: false },
  { error: new QueryLimitExceeded('DEPTH_LIMIT_EXCEEDED', 'The query is nested 9 levels deep; the limit is 8.'), code: 'DEPTH_LIMIT_EXCEEDED', name: 'QueryLimitExceeded', message: 'The query is nested 9 levels deep; the limit is 8.', refuses: true },
  { error: new SourceFailure(new SourceRateLimited('CRM', 'rate-limited for 20 s', 429, 20_000)), code: 'SOURCE_RATE_LIMITED', name: 'SourceFailure', message: 'CRM: rate-limited for 20 s', extensions: { source: 'CRM' }, refuses: false },
  { error: new InternalServerError(), code: 'INTERNAL_SERVER_ERROR', name: 'InternalServerError', message: 'Internal server error', refuses: false },
];

describe('the gateway error classes', () => {
  it.each(cases)('$name carries $code, its name, the status of its code and its extensions', ({ error, code, name, message, extensions = {}, refuses }) => {
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toBeInstanceOf(GraphQLError);
    expect([error.name, error.code, error.status, error.message]).toEqual([name, code, statusOf(code), message]);
    expect(error.extensions).toEqual({ ...extensions, code, ...(refuses ? { http: { status: statusOf(code) } } : {}) });
  });

  it('sends only message and extensions when serialised: no stack, no name', () => {
    const sent = JSON.stringify(new BadUserInput('id', 'is not a customer id'));
    expect(JSON.parse(sent)).toEqual({ message: 'id: is not a customer id', extensions: { code: 'BAD_USER_INPUT', argument: 'id' } });
  });

  it('lets HTTP-only codes be built from the base class with the status of the table', () => {
    const error = new GatewayError('EXPORT_LINK_EXPIRED', 'this export link has expired: request a new export');
    expect([error.name, error.code, error.status, error.extensions]).toEqual(['GatewayError', 'EXPORT_LINK_EXPIRED', 410, { code: 'EXPORT_LINK_EXPIRED' }]);
  });
});
