import { GraphQLError } from 'graphql';
import { isSourceError } from '../model/index.js';
import { isErrorCode } from './codes.js';
import { InternalServerError, SourceFailure } from './error-classes.js';

function convert(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) {
    const original = error.originalError;
    if (original && original !== error && !(original instanceof GraphQLError)) return convert(original);
    // A GraphQLError without one of the table's codes is not one the gateway made (graphql-js's own
    // serialisation errors quote the value): masked like any other surprise.
    return isErrorCode(error.extensions.code) ? error : new InternalServerError();
  }
  if (isSourceError(error)) return new SourceFailure(error);
  return new InternalServerError();
}

/**
 * Turns anything thrown inside a resolver into a GraphQLError that is safe to send: typed silo failures
 * keep their code and source, GraphQLErrors with a listed code pass through, everything else is masked as
 * INTERNAL_SERVER_ERROR. Never throws, whatever it is given (a hostile getter, a revoked Proxy).
 */
export function toGraphQLError(error: unknown): GraphQLError {
  try {
    return convert(error);
  } catch {
    return new InternalServerError();
  }
}
