import { LogController, type FastifyBaseLogger, type FastifyServerOptions } from 'fastify';
import type { Logger } from './logger.js';
import { requestIdOf } from './request-id.js';

/**
 * Fastify's logging options: the gateway's logger (or none), request ids from `requestIdOf`, and
 * Fastify's own per-request lines off: they carry the URL and headers. `registerRequestLog` writes the
 * one line per request instead.
 */
export function fastifyLogOptions(logger: Logger | undefined): Pick<FastifyServerOptions, 'logger' | 'loggerInstance' | 'logController' | 'genReqId'> {
  // Typed as Fastify's base logger so the instance keeps its default type parameters.
  const instance: FastifyBaseLogger | undefined = logger;
  return {
    ...(instance ? { loggerInstance: instance } : { logger: false }),
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    genReqId: requestIdOf,
  };
}
