import type { FastifyError, FastifyInstance } from 'fastify';
import { replyWithGraphQLError, type ErrorCode } from '../../errors/index.js';

/** Where GraphQL is served and how large a request body may be. */
export interface HttpLimitOptions {
  graphqlPath: string;
  bodyLimit: number;
}

const MESSAGES: Readonly<Record<number, [code: ErrorCode, message: string]>> = {
  400: ['BAD_REQUEST', 'The request could not be read: send a JSON body {"query", "variables", "operationName"}.'],
  415: ['UNSUPPORTED_MEDIA_TYPE', 'Send the request as application/json.'],
};

/**
 * The HTTP side of the limits. Batched operations (a JSON array body) are refused with
 * BATCHING_NOT_ALLOWED before authentication, parsing or any silo call: Apollo Server's own batching
 * stays off, so one request is one operation and every limit applies to it. A body over the limit is
 * answered 413 PAYLOAD_TOO_LARGE in the GraphQL error shape, and every other framework error gets a fixed
 * message by status, never the parser's message (which may quote the body) nor a stack.
 */
export function registerHttpLimits(app: FastifyInstance, { graphqlPath, bodyLimit }: HttpLimitOptions): void {
  app.addHook('preHandler', async (request, reply) => {
    if (request.routeOptions.url !== graphqlPath || !Array.isArray(request.body)) return;
    const n = request.body.length;
    return replyWithGraphQLError(reply, 'BATCHING_NOT_ALLOWED',
      `Batched operations are not allowed: the body is an array of ${n}; the limit is 1 operation per request, sent as a JSON object.`);
  });

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status === 413) {
      const length = Number(request.headers['content-length']);
      const size = Number.isSafeInteger(length) && length > bodyLimit ? `of ${length} bytes` : `over ${bodyLimit} bytes`;
      return replyWithGraphQLError(reply, 'PAYLOAD_TOO_LARGE', `The request body ${size} is too large; the limit is ${bodyLimit} bytes.`);
    }
    if (status >= 500) return replyWithGraphQLError(reply, 'INTERNAL_SERVER_ERROR', 'Internal server error');
    const [code, message] = MESSAGES[status] ?? ['BAD_REQUEST', `The request was refused (HTTP ${status}).`];
    // The framework's own 4xx stands (a 405, a 406, …): the code says it was refused, the status says how.
    return replyWithGraphQLError(reply, code, message, status);
  });
}
