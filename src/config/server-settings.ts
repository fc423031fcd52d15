import { z } from 'zod';
import { count, originList, port, positiveMs } from './setting-values.js';

/**
 * The admission defaults: up to 64 GraphQL requests in progress, 256 waiting, each for at most a quarter of its
 * deadline. 64 lets the c=50 agent load in whole; the limit falls (not below 4) while, with half its slots or more in
 * use, requests take more than 0.6 of their deadline, as heavy BI pages at c=50 do, or end while the event loop runs more
 * than 100 ms late (a BI page costs ~100 ms of the gateway's CPU: at c=200 the CPU, not the silos, is the bottleneck),
 * and climbs back as they are quick again. What comes on top waits its
 * turn while that fits in its deadline; beyond the queue, or when the wait would not fit, it is refused at once with
 * 503 OVERLOADED.
 */
export const ADMISSION_DEFAULTS = { maxInProgress: 64, minInProgress: 4, maxQueued: 256, maxWaitShare: 0.25, maxLagMs: 100 } as const;

/**
 * Where the gateway listens, how long a request may take and how many it takes on: PORT, HOST, PUBLIC_URL,
 * REQUEST_DEADLINE_MS, SILO_TIMEOUT_MS, DEFAULT_PHONE_REGION, ADMISSION_MAX_IN_PROGRESS, ADMISSION_MIN_IN_PROGRESS,
 * ADMISSION_MAX_QUEUED, ADMISSION_MAX_WAIT_SHARE, ADMISSION_MAX_LAG_MS, CORS_ALLOWED_ORIGINS.
 */
export const serverSettings = z
  .object({
    PORT: port.default(4000),
    HOST: z.string().trim().min(1).default('127.0.0.1'),
    PUBLIC_URL: z.url().optional(),
    REQUEST_DEADLINE_MS: positiveMs.default(3000),
    SILO_TIMEOUT_MS: positiveMs.optional(),
    DEFAULT_PHONE_REGION: z.string().trim().regex(/^[A-Z]{2}$/, 'an ISO 3166 alpha-2 code such as US').default('US'),
    ADMISSION_MAX_IN_PROGRESS: z.coerce.number().int().positive().default(ADMISSION_DEFAULTS.maxInProgress),
    ADMISSION_MIN_IN_PROGRESS: z.coerce.number().int().positive().default(ADMISSION_DEFAULTS.minInProgress),
    ADMISSION_MAX_QUEUED: count.default(ADMISSION_DEFAULTS.maxQueued),
    ADMISSION_MAX_WAIT_SHARE: z.coerce.number().min(0).max(0.9).default(ADMISSION_DEFAULTS.maxWaitShare),
    ADMISSION_MAX_LAG_MS: count.default(ADMISSION_DEFAULTS.maxLagMs),
    CORS_ALLOWED_ORIGINS: originList.optional(),
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
    /** The HTTP admission gate of /graphql; the wait for admission is taken off the request's deadline. */
    admission: {
      maxInProgress: s.ADMISSION_MAX_IN_PROGRESS,
      minInProgress: Math.min(s.ADMISSION_MIN_IN_PROGRESS, s.ADMISSION_MAX_IN_PROGRESS),
      // A busy request that takes more than 0.6 of its deadline lowers the limit: more than a silo timing out costs
      // (SILO_TIMEOUT_MS, half the deadline by default), less than running to the deadline after a queue wait.
      targetMs: Math.ceil(0.6 * s.REQUEST_DEADLINE_MS),
      maxQueued: s.ADMISSION_MAX_QUEUED,
      maxWaitMs: Math.floor(s.ADMISSION_MAX_WAIT_SHARE * s.REQUEST_DEADLINE_MS),
      maxLagMs: s.ADMISSION_MAX_LAG_MS,
    },
    /** The web origins whose pages may call the gateway from a browser; none by default (CORS closed). */
    corsAllowedOrigins: s.CORS_ALLOWED_ORIGINS ?? [],
  }));
