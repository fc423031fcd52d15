import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

/** The gateway's logger: pino, JSON lines. */
export type { Logger } from 'pino';

/** How the logger is made. */
export interface LoggerOptions {
  /** `LOG_LEVEL`; `silent` writes nothing. */
  level: LevelWithSilent;
  /** Where lines go; stdout when absent (tests pass an in-memory stream). */
  destination?: DestinationStream;
}

// Belt and braces: the gateway never logs these, but a future `log.info({ req })` must not leak them either.
const REDACTED = [
  'authorization', 'cookie', 'variables', 'query', 'body', 'data',
  'headers.authorization', 'headers.cookie', '*.headers.authorization', '*.headers.cookie',
  'req.headers.authorization', 'req.headers.cookie', 'req.body', 'req.query', 'res.body',
];

/**
 * Creates the logger. Request lines carry ids, roles, operation names, statuses, durations and error
 * codes only (see `registerRequestLog`); never variables, query text, response data or credentials.
 */
export function createLogger({ level, destination }: LoggerOptions): Logger {
  const options = {
    level,
    base: { service: 'customer-360-gateway' },
    redact: { paths: REDACTED, censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * Writes text (whole lines) to the logger's own destination, queued behind the lines it has not written yet: pino
 * writes stdout from libuv's thread pool, so a `console.log` beside it could land between two of its lines, or split
 * a block of ours. One stream keeps the order and the block whole.
 */
export function writeToLogStream(logger: Logger, text: string): void {
  const stream = (logger as unknown as Record<symbol, DestinationStream>)[pino.symbols.streamSym];
  if (!stream) throw new Error('writeToLogStream: the logger has no destination');
  stream.write(text);
}
