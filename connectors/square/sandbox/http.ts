import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { VendorAnswer } from '../../sandbox-kit/index.js';
import { cannedAnswers, invalidRequest, validationAnswer } from './answers.js';

/** Sends a Square answer. */
export function reply(res: FastifyReply, answer: VendorAnswer): FastifyReply {
  return res.status(answer.status).headers(answer.headers ?? {}).send(answer.body);
}

/** The validated input, or the 400 Square would answer instead. */
export type Checked<T> = { ok: true; data: T } | { ok: false; answer: VendorAnswer };

/** Validates a JSON body or query string against a request schema, Square style. */
export function check<S extends z.ZodType>(schema: S, input: unknown): Checked<z.output<S>> {
  if (input === undefined || input === null) {
    return { ok: false, answer: invalidRequest('EXPECTED_JSON_BODY', 'The request body must be a JSON object.') };
  }
  const parsed = schema.safeParse(input);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, answer: validationAnswer(parsed.error, input) };
}

const SQUARE_VERSION = /^\d{4}-\d{2}-\d{2}$/;

/** Square's own answers for a bad Square-Version header and for bodies that are not JSON. */
export function installSquareGuards(scope: FastifyInstance): void {
  scope.addHook('onRequest', async (request: FastifyRequest, res) => {
    const version = request.headers['square-version'];
    if (version !== undefined && !SQUARE_VERSION.test(String(version))) {
      return reply(res, invalidRequest('INVALID_SQUARE_VERSION_FORMAT', 'The Square-Version header must be a date like 2025-08-20.', 'Square-Version'));
    }
  });
  scope.setErrorHandler((error: { code?: string; statusCode?: number }, _request, res) => {
    switch (error.code) {
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return reply(res, invalidRequest('EXPECTED_JSON_BODY', 'The request body must be a JSON object.'));
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return reply(res, invalidRequest('BAD_REQUEST', 'The request body is not valid JSON.'));
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return reply(res, invalidRequest('INVALID_CONTENT_TYPE', 'The Content-Type must be application/json.'));
      default:
        return reply(res, (error.statusCode ?? 500) < 500 ? cannedAnswers.badRequest('The request could not be read.') : cannedAnswers.serverError());
    }
  });
}
