import { join } from 'node:path';
import { openPglite, type PgliteOptions } from './pglite-client.js';
import { openPostgres } from './postgres.js';
import type { AuditDatabase } from './queryable.js';

/** The embedded database's sizing where the caller gives none (AUDIT_EMBEDDED_YOUNG_GENERATION_MB's default). */
export const EMBEDDED_DEFAULTS: PgliteOptions = { youngGenerationMb: 4 };

/**
 * Opens PostgreSQL when `databaseUrl` is set, otherwise PGlite persisted in `${dataDir}/audit-pglite`, hosted in a
 * worker thread so its queries never run on the gateway's event loop. The PGlite directory is made, at first use,
 * by copying a cluster initialised once per checkout (see pglite-cluster.ts).
 */
export async function openAuditDatabase(options: { databaseUrl?: string; dataDir: string; embedded?: PgliteOptions }): Promise<AuditDatabase> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl);
  return openPglite(join(options.dataDir, 'audit-pglite'), options.embedded ?? EMBEDDED_DEFAULTS);
}
