import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ERROR_CODE_LIST, errorCodeInfo, toGraphQLError } from '../errors/index.js';

// Apollo Server's own codes (marked in the table) keep Apollo's message: it names the syntax or validation mistake.
const PASS_THROUGH: ReadonlySet<unknown> = new Set(ERROR_CODE_LIST.filter((code) => errorCodeInfo(code).apollo));

/**
 * The last stop of every error: keeps path and locations, and replaces message and extensions with the
 * safe form (typed silo failures keep code and source; anything unexpected is masked).
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (PASS_THROUGH.has(code)) {
    const { stacktrace: _dropped, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  const safe = toGraphQLError(unwrapResolverError(error));
  const { http: _http, ...extensions } = safe.extensions;
  return {
    message: safe.message,
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions,
  };
}
