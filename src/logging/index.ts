/**
 * Logs: pino JSON lines on stdout, a request id per request, and one completion line per request with
 * ids, roles, operation name, status, duration, silo statuses and error codes — never personal data.
 */
export { createLogger, writeToLogStream, type Logger, type LoggerOptions } from './logger.js';
export { fastifyLogOptions } from './fastify-log-options.js';
export { REQUEST_ID_HEADER, requestIdOf } from './request-id.js';
export { registerRequestLog, requestLogPlugin, withRequestLog, type LoggedContext } from './request-log.js';
