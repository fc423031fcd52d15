import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { FormattedExecutionResult } from 'graphql';
import { chooseGraphQLMediaType, type ErrorCode, type GraphQLMediaChoice } from '../errors/index.js';

// GraphQL request errors (GraphQL over HTTP): the document or its variables were refused before execution. Under
// `application/json` the spec would have them answered 200; a request that is not well-formed (BAD_REQUEST), or one
// refused for who calls or how much (401, 403, 429, 503), keeps its status.
const REQUEST_ERROR_CODES: ReadonlySet<unknown> = new Set<ErrorCode>([
  'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'OPERATION_RESOLUTION_FAILURE',
  'TOKEN_LIMIT_EXCEEDED', 'DEPTH_LIMIT_EXCEEDED', 'ALIAS_LIMIT_EXCEEDED', 'DIRECTIVE_LIMIT_EXCEEDED', 'FIELD_LIMIT_EXCEEDED', 'COST_LIMIT_EXCEEDED',
]);

const is2xx = (status: number) => status >= 200 && status < 300;

/**
 * The status of an answer by the media type it goes out in (GraphQL over HTTP):
 * - `application/graphql-response+json`: 2xx whenever `data` is there (a field error never fails the request), and
 *   never 2xx without it (a persisted-query miss, 200 in Apollo Server, is 400 here);
 * - `application/json` the client named: 200 for a GraphQL request error (parse, validation, variables, the query
 *   limits), with the errors in the body;
 * - `application/json` by default (no Accept, or only wildcards): the gateway's statuses as before, the error table's.
 */
export function graphqlResponseStatus(choice: GraphQLMediaChoice, status: number, result: FormattedExecutionResult): number {
  if (choice.mediaType === 'application/graphql-response+json') {
    if (result.data !== undefined && result.data !== null && !is2xx(status)) return 200;
    if (result.data === undefined && is2xx(status)) return 400;
    return status;
  }
  if (!choice.named || status !== 400) return status;
  const codes = (result.errors ?? []).map((error) => error.extensions?.code);
  return codes.length > 0 && codes.every((code) => REQUEST_ERROR_CODES.has(code)) ? 200 : status;
}

/**
 * Sends every answer Apollo Server executes in the media type the client asked for, with that type's status
 * (`graphqlResponseStatus`). Apollo Server negotiates the content type too, but leaves the status the same for both.
 */
export const mediaTypePlugin: ApolloServerPlugin<BaseContext> = {
  async requestDidStart({ request }) {
    const choice = chooseGraphQLMediaType(request.http?.headers.get('accept'));
    return {
      async willSendResponse({ response }) {
        // Neither type acceptable: Apollo Server answers 406 itself.
        if (response.body.kind !== 'single' || !choice) return;
        response.http.headers.set('content-type', `${choice.mediaType}; charset=utf-8`);
        response.http.status = graphqlResponseStatus(choice, response.http.status ?? 200, response.body.singleResult);
      },
    };
  },
};
