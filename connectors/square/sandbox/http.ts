import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { VendorAnswer } from '../../sandbox-kit/index.js';
import { SQUARE_VERSION_SHAPE } from '../api-versions.js';
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

/** The Square-Version releases a sandbox serves, and the one it pins for requests that name none. */
export interface SquareVersions {
  /** Releases it answers, oldest first. */
  served: readonly string[];
  /** The application's default version, used when a request has no Square-Version header. */
  pinned: string;
}

/**
 * Square's own answers for the Square-Version header and for bodies that are not JSON. No header means the
 * application's pinned version; one that is not a date is INVALID_SQUARE_VERSION_FORMAT; a date that is not a
 * release the sandbox serves is refused too ("Requesting an API version that does not exist returns an error"). Every
 * answer names the version used in its own Square-Version header, as Square's do.
 */
export function installSquareGuards(scope: FastifyInstance, versions: SquareVersions): void {
  scope.addHook('onRequest', async (request: FastifyRequest, res) => {
    const header = request.headers['square-version'];
    if (header === undefined) {
      res.header('square-version', versions.pinned);
      return;
    }
    const version = String(header);
    if (!SQUARE_VERSION_SHAPE.test(version)) {
      return reply(res, invalidRequest('INVALID_SQUARE_VERSION_FORMAT', `The Square-Version header must be a date like ${versions.pinned}.`, 'Square-Version'));
    }
    if (!versions.served.includes(version)) {
      return reply(res, invalidRequest('INVALID_VALUE', `Square-Version ${version} is not a Square API version.`, 'Square-Version'));
    }
    res.header('square-version', version);
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
