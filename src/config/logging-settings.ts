import { z } from 'zod';

/** The level of the JSON log lines on stdout: LOG_LEVEL. */
export const loggingSettings = z
  .object({ LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info') })
  .transform((s) => ({ level: s.LOG_LEVEL }));
