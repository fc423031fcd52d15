import { GraphQLError } from 'graphql';
import { isSourceError, type Source, type SourceErrorCode } from '../model/index.js';

/** Every `extensions.code` the gateway answers with. */
export type ErrorCode =
  | SourceErrorCode
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'AUDIT_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

declare module 'graphql' {
  interface GraphQLErrorExtensions {
    code?: ErrorCode | string;
    /** The silo at fault, when one is. */
    source?: Source;
    /** The argument at fault, for BAD_USER_INPUT. */
    argument?: string;
  }
}

/** A client-side mistake in an argument; the message names the argument. */
export function badInput(argument: string, message: string): GraphQLError {
  return new GraphQLError(`${argument}: ${message}`, { extensions: { code: 'BAD_USER_INPUT', argument } });
}

/** The caller is not allowed to see this. */
export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}

/** The request carries no valid credentials. */
export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

/**
 * Turns anything thrown inside a resolver into a GraphQLError that is safe to send: typed silo failures
 * keep their code and source, GraphQLErrors pass through, everything else is masked. Never throws.
 */
export function toGraphQLError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) {
    const original = error.originalError;
    if (original && original !== error && !(original instanceof GraphQLError)) return toGraphQLError(original);
    return error;
  }
  if (isSourceError(error)) {
    return new GraphQLError(error.message, { extensions: { code: error.code, source: error.source } });
  }
  return new GraphQLError('Internal server error', { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}
