import type { FastifyReply } from 'fastify';
import { statusOf, type ErrorCode } from './codes.js';
import { chooseGraphQLMediaType } from './graphql-media-type.js';

/** The body of a refusal on a plain HTTP route (webhooks, export downloads). */
export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

/** The body of a refusal answered on /graphql before Apollo Server sees the request, shaped like a GraphQL response. */
export interface GraphQLErrorBody {
  errors: { message: string; extensions: { code: ErrorCode } }[];
}

/**
 * Answers a plain HTTP route's refusal: `{ error: { code, message } }` with the table's status for the code.
 * `status` overrides it only where the HTTP layer chose one (a framework error's own 4xx).
 */
export function replyWithError(reply: FastifyReply, code: ErrorCode, message: string, status = statusOf(code)): FastifyReply {
  return reply.code(status).send({ error: { code, message } } satisfies ErrorBody);
}

/**
 * Answers a refusal on the GraphQL route in GraphQL's error shape, with the table's status unless the HTTP layer chose
 * one, in the media type the client asked for (`application/graphql-response+json` or `application/json`, as Apollo
 * Server's own answers).
 */
export function replyWithGraphQLError(reply: FastifyReply, code: ErrorCode, message: string, status = statusOf(code)): FastifyReply {
  const choice = chooseGraphQLMediaType(reply.request.headers.accept);
  reply.type(`${choice?.mediaType ?? 'application/json'}; charset=utf-8`);
  return reply.code(status).send({ errors: [{ message, extensions: { code } }] } satisfies GraphQLErrorBody);
}
