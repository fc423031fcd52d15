import { GraphQLError } from 'graphql';
import { GatewayStalled, isSourceError } from '../model/index.js';
import { isErrorCode } from './codes.js';
import { InternalServerError, Overloaded, SourceFailure } from './error-classes.js';
import { isShedByGateway } from './gateway-side.js';

function convert(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) {
    const original = error.originalError;
    if (original && original !== error && !(original instanceof GraphQLError)) return convert(original);
    // A GraphQLError without one of the table's codes is not one the gateway made (graphql-js's own
    // serialisation errors quote the value): masked like any other surprise.
    return isErrorCode(error.extensions.code) ? error : new InternalServerError();
  }
  // A call the gateway itself refused to send, or was too busy to read the answer of, names no silo: none is at fault.
  if (error instanceof GatewayStalled) return new Overloaded('stalled');
  if (isSourceError(error)) return isShedByGateway(error) ? new Overloaded('shed') : new SourceFailure(error);
  return new InternalServerError();
}

/**
 * Turns anything thrown inside a resolver into a GraphQLError that is safe to send: typed silo failures
 * keep their code and source (but a call the gateway shed itself, or whose answer it was too busy to read, is OVERLOADED, naming no silo), GraphQLErrors with a listed code pass through, everything else is masked as
 * INTERNAL_SERVER_ERROR. Never throws, whatever it is given (a hostile getter, a revoked Proxy).
 */
export function toGraphQLError(error: unknown): GraphQLError {
  try {
    return convert(error);
  } catch {
    return new InternalServerError();
  }
}
