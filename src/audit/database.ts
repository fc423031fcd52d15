import { join } from 'node:path';
import { openPglite } from './pglite-client.js';
import { openPostgres } from './postgres.js';
import type { AuditDatabase } from './queryable.js';

/**
 * Opens PostgreSQL when `databaseUrl` is set, otherwise PGlite persisted in `${dataDir}/audit-pglite`, hosted in a
 * worker thread so its queries never run on the gateway's event loop. The PGlite directory is made, at first use,
 * by copying a cluster initialised once per checkout (see pglite-cluster.ts).
 */
export async function openAuditDatabase(options: { databaseUrl?: string; dataDir: string }): Promise<AuditDatabase> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl);
  return openPglite(join(options.dataDir, 'audit-pglite'));
}
