import { z } from 'zod';
import { optionalText } from './setting-values.js';

/** The root secret and where state is kept: GATEWAY_SECRET, DATA_DIR, DATABASE_URL, AUDIT_MAX_QUEUED. */
export const storageSettings = z
  .object({
    GATEWAY_SECRET: optionalText,
    DATA_DIR: z.string().trim().min(1).default('.data'),
    DATABASE_URL: optionalText,
    AUDIT_MAX_QUEUED: z.coerce.number().int().positive().default(10_000),
  })
  .transform((s) => ({
    /** Absent: one is generated on first start and kept in `dataDir`. */
    gatewaySecret: s.GATEWAY_SECRET,
    dataDir: s.DATA_DIR,
    /** Absent: embedded PostgreSQL (PGlite) in `dataDir`. */
    databaseUrl: s.DATABASE_URL,
    auditMaxQueued: s.AUDIT_MAX_QUEUED,
  }));
