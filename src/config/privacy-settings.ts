import { z } from 'zod';
import { positiveMs } from './setting-values.js';

/** Data-subject exports and the erasure worker: EXPORT_LINK_TTL_SECONDS, EXPORT_LINKS_BEARER_ONLY and ERASURE_*. */
export const privacySettings = z
  .object({
    EXPORT_LINK_TTL_SECONDS: z.coerce.number().int().min(10).max(86_400).default(900),
    // Off: a download needs the link and a privacy or admin bearer token. On: the link alone is the credential.
    EXPORT_LINKS_BEARER_ONLY: z.stringbool().default(false),
    ERASURE_POLL_MS: positiveMs.default(1000),
    ERASURE_LEASE_MS: positiveMs.default(60_000),
    ERASURE_RETRY_BASE_MS: positiveMs.default(1000),
    ERASURE_RETRY_CAP_MS: positiveMs.default(300_000),
    ERASURE_VENDOR_POLL_MS: positiveMs.default(30_000),
    ERASURE_CALL_TIMEOUT_MS: positiveMs.default(10_000),
  })
  .transform((s) => ({
    exportTtlSeconds: s.EXPORT_LINK_TTL_SECONDS,
    exportLinksBearerOnly: s.EXPORT_LINKS_BEARER_ONLY,
    erasure: {
      pollMs: s.ERASURE_POLL_MS,
      leaseMs: s.ERASURE_LEASE_MS,
      retryBaseMs: s.ERASURE_RETRY_BASE_MS,
      retryCapMs: s.ERASURE_RETRY_CAP_MS,
      vendorPollMs: s.ERASURE_VENDOR_POLL_MS,
      callTimeoutMs: s.ERASURE_CALL_TIMEOUT_MS,
    },
  }));
