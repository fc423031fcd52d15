import { GraphQLError, locatedError, type GraphQLFormattedError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ERROR_CODE_LIST, errorCodeInfo, Unauthenticated } from '../../src/errors/index.js';
import { SourceTimeout } from '../../src/model/index.js';
import { formatError } from '../../src/server/format-error.js';

const STACK = ['Error: boom', '    at resolve (/app/src/resolvers/query.ts:12:7)'];
const at = { locations: [{ line: 1, column: 3 }], path: ['customer', 'posTransactions'] };

/** What Apollo Server hands formatError for a thrown value: its formatted form, code defaulted, stack attached. */
function formatted(error: GraphQLError): GraphQLFormattedError {
  return { message: error.message, ...at, extensions: { code: 'INTERNAL_SERVER_ERROR', ...error.extensions, stacktrace: STACK } };
}

/** A value thrown inside a resolver, as graphql-js reports it: wrapped with the field's path. */
const thrownInResolver = (value: unknown) => locatedError(value, null, at.path);

describe('formatError, the last stop of every GraphQL error', () => {
  const apolloCodes = ERROR_CODE_LIST.filter((code) => errorCodeInfo(code).apollo);

  it.each(apolloCodes)("passes Apollo Server's %s through with its message and extensions, without the stack", (code) => {
    const error = new GraphQLError('Syntax Error: Expected Name, found <EOF>.', { extensions: { code, argument: 'n' } });
    const out = formatError(formatted(error), error);
    expect(out).toEqual({ message: error.message, ...at, extensions: { code, argument: 'n' } });
  });

  it('keeps a typed silo failure thrown in a resolver: its code, message, silo and path, and nothing else', () => {
    const error = thrownInResolver(new SourceTimeout('POS', 'no answer within 800 ms'));
    expect(formatError(formatted(error), error)).toEqual({
      message: 'POS: no answer within 800 ms', ...at, extensions: { code: 'SOURCE_TIMEOUT', source: 'POS' },
    });
  });

  it('masks anything unexpected: a fixed message and code, the path kept, nothing of the original', () => {
    const error = thrownInResolver(new Error('connect ECONNREFUSED postgres://gateway:hunter2@db.internal:5432/audit'));
    const out = formatError(formatted(error), error);
    expect(out).toEqual({ message: 'Internal server error', ...at, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(JSON.stringify(out)).not.toMatch(/hunter2|db\.internal|query\.ts/);
  });

  it("masks a GraphQLError that carries none of the table's codes (graphql-js quoting a value it could not serialise)", () => {
    const error = thrownInResolver(new GraphQLError('Enum "TicketStatus" cannot represent value: "p1@example.com"'));
    const out = formatError(formatted(error), error);
    expect(out.message).toBe('Internal server error');
    expect(JSON.stringify(out)).not.toContain('p1@example.com');
  });

  it("sends a gateway error's code and message, without the HTTP status Apollo Server has already used", () => {
    const error = new Unauthenticated('missing bearer token');
    const out = formatError({ message: error.message, extensions: { ...error.extensions, stacktrace: STACK } }, error);
    expect(out).toEqual({ message: 'missing bearer token', extensions: { code: 'UNAUTHENTICATED' } });
  });
});
