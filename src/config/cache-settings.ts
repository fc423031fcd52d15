import { z } from 'zod';
import { SOURCES, SYSTEM_OF, type Source } from '../model/index.js';
import { redisPrefix } from './setting-values.js';

const MAX_SECONDS = 3600;
// Short-lived by design (no central copy): an hour is the most any setting may keep silo data.
const seconds = z.coerce.number().int().min(0).max(MAX_SECONDS, `at most ${MAX_SECONDS} seconds: the cache keeps silo data for seconds, not hours`);

/** A silo's lifetime under both of its names: its role's (`CRM_…`) and its vendor's (`HUBSPOT_…`), as the README has it. */
const LIFETIME_NAMES = SOURCES.map((source) => ({
  source,
  role: `${source}_CACHE_TTL_SECONDS`,
  vendor: `${SYSTEM_OF[source].toUpperCase()}_CACHE_TTL_SECONDS`,
}));

// The lifetimes' keys are built from SOURCES, so their types are not spelled out in the shape.
const lifetime = (s: object, name: string) => (s as Record<string, unknown>)[name] as number | undefined;

/**
 * The record cache: CACHE_TTL_SECONDS (30), a lifetime per silo under its role's or its vendor's name
 * (`CRM_`/`HUBSPOT_CACHE_TTL_SECONDS`, …; default CACHE_TTL_SECONDS), CACHE_STALE_SECONDS (300), CACHE_MAX_BYTES
 * (64 MiB), REDIS_URL and CACHE_REDIS_PREFIX (`c360:`), as `createCacheLayer` takes them (src/cache `CacheSettings`).
 */
export const cacheSettings = z
  .object({
    CACHE_TTL_SECONDS: seconds.default(30),
    ...Object.fromEntries(LIFETIME_NAMES.flatMap(({ role, vendor }) => [[role, seconds.optional()], [vendor, seconds.optional()]])),
    CACHE_STALE_SECONDS: seconds.default(300),
    CACHE_MAX_BYTES: z.coerce.number().int().min(64 * 1024, 'at least 65536 bytes').default(64 * 1024 * 1024),
    // One Redis for the shared cache level, invalidation and the request budgets: read here, handed to both.
    REDIS_URL: z.string().trim().regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL').optional(),
    CACHE_REDIS_PREFIX: redisPrefix,
  })
  .superRefine(
    (s, ctx) => {
      for (const { role, vendor } of LIFETIME_NAMES) {
        const [byRole, byVendor] = [lifetime(s, role), lifetime(s, vendor)];
        if (typeof byRole === 'number' && typeof byVendor === 'number' && byRole !== byVendor) {
          ctx.addIssue({ code: 'custom', path: [vendor], message: `${vendor} and ${role} name the same lifetime but differ: set only one of them` });
        }
      }
    },
    // Checked even when another cache setting is invalid, so one error lists both.
    { when: () => true },
  )
  .transform((s) => ({
    ttlSeconds: Object.fromEntries(LIFETIME_NAMES.map(({ source, role, vendor }) => [source, lifetime(s, role) ?? lifetime(s, vendor) ?? s.CACHE_TTL_SECONDS])) as Readonly<Record<Source, number>>,
    staleSeconds: s.CACHE_STALE_SECONDS,
    maxBytes: s.CACHE_MAX_BYTES,
    ...(s.REDIS_URL ? { redisUrl: s.REDIS_URL } : {}),
    redisPrefix: s.CACHE_REDIS_PREFIX,
  }));
