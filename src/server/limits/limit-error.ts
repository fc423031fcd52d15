import { GraphQLError } from 'graphql';

/** The `extensions.code` of each query limit. */
export type LimitCode =
  | 'DEPTH_LIMIT_EXCEEDED'
  | 'ALIAS_LIMIT_EXCEEDED'
  | 'TOKEN_LIMIT_EXCEEDED'
  | 'DIRECTIVE_LIMIT_EXCEEDED'
  | 'FIELD_LIMIT_EXCEEDED'
  | 'COST_LIMIT_EXCEEDED'
  | 'BATCHING_NOT_ALLOWED'
  | 'PAYLOAD_TOO_LARGE';

/** The body of a refusal sent outside Apollo Server (by a Fastify hook), shaped like a GraphQL response. */
export interface GraphQLErrorBody {
  errors: { message: string; extensions: { code: string } }[];
}

/** A request refused by a limit: HTTP 400, a code naming the limit, a message with the measured value and the limit. */
export function limitError(code: LimitCode, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 400 } } });
}

/** The JSON body for a refusal answered by Fastify before Apollo Server sees the request. */
export function errorBody(code: string, message: string): GraphQLErrorBody {
  return { errors: [{ message, extensions: { code } }] };
}

/** A count for a message: exact while it is, "more than 10^15" past that (fragment spreads can multiply). */
export function shown(n: number): string {
  return n >= 1e15 ? 'more than 10^15' : String(n);
}
