import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The header a request id arrives and leaves in. */
export const REQUEST_ID_HEADER = 'x-request-id';

// Letters, digits and . _ : - only, up to 128: a caller's trace id passes, an email or a long blob does not.
const SANE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** Fastify's `genReqId`: the caller's `x-request-id` when it is sane, else a fresh UUID. */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && SANE.test(given) ? given : randomUUID();
}
