import { z } from 'zod';
import { optionalText } from './setting-values.js';

/**
 * The root secret and where state is kept: GATEWAY_SECRET, DATA_DIR, DATABASE_URL, AUDIT_MAX_QUEUED,
 * AUDIT_BATCH_MAX_CUSTOMER_IDS, AUDIT_EMBEDDED_YOUNG_GENERATION_MB.
 */
export const storageSettings = z
  .object({
    GATEWAY_SECRET: optionalText,
    DATA_DIR: z.string().trim().min(1).default('.data'),
    DATABASE_URL: optionalText,
    AUDIT_MAX_QUEUED: z.coerce.number().int().positive().default(10_000),
    AUDIT_BATCH_MAX_CUSTOMER_IDS: z.coerce.number().int().positive().default(2_000),
    AUDIT_EMBEDDED_YOUNG_GENERATION_MB: z.coerce.number().int().min(1).max(256).default(4),
  })
  .transform((s) => ({
    /** Absent: one is generated on first start and kept in `dataDir`. */
    gatewaySecret: s.GATEWAY_SECRET,
    dataDir: s.DATA_DIR,
    /** Absent: embedded PostgreSQL (PGlite) in `dataDir`. */
    databaseUrl: s.DATABASE_URL,
    auditMaxQueued: s.AUDIT_MAX_QUEUED,
    /** Customer ids per audit INSERT, summed over its events. */
    auditBatchMaxCustomerIds: s.AUDIT_BATCH_MAX_CUSTOMER_IDS,
    /** The V8 young generation of the embedded database's worker thread, in MB (unused with DATABASE_URL). */
    embeddedYoungGenerationMb: s.AUDIT_EMBEDDED_YOUNG_GENERATION_MB,
  }));
