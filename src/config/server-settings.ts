import { z } from 'zod';
import { port, positiveMs } from './setting-values.js';

/** Where the gateway listens and how long a request may take: PORT, HOST, PUBLIC_URL, REQUEST_DEADLINE_MS, SILO_TIMEOUT_MS, DEFAULT_PHONE_REGION. */
export const serverSettings = z
  .object({
    PORT: port.default(4000),
    HOST: z.string().trim().min(1).default('127.0.0.1'),
    PUBLIC_URL: z.url().optional(),
    REQUEST_DEADLINE_MS: positiveMs.default(3000),
    SILO_TIMEOUT_MS: positiveMs.optional(),
    DEFAULT_PHONE_REGION: z.string().trim().regex(/^[A-Z]{2}$/, 'an ISO 3166 alpha-2 code such as US').default('US'),
  })
  .transform((s) => ({
    port: s.PORT,
    host: s.HOST,
    /** Defaults to `http://HOST:PORT`, known once listening. */
    publicUrl: s.PUBLIC_URL,
    deadlineMs: s.REQUEST_DEADLINE_MS,
    // Half the deadline by default: one slow silo leaves time for the others.
    siloTimeoutMs: s.SILO_TIMEOUT_MS ?? Math.ceil(s.REQUEST_DEADLINE_MS / 2),
    phoneRegion: s.DEFAULT_PHONE_REGION,
  }));
