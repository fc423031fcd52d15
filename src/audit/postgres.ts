import pg from 'pg';
import type { AuditDatabase, Queryable } from './queryable.js';
import { guard } from './database-error.js';

/** PostgreSQL through a small `pg` pool; every error is redacted of the connection string and its password. */
export function openPostgres(databaseUrl: string): AuditDatabase {
  const secrets = secretsOf(databaseUrl);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4, connectionTimeoutMillis: 5_000, query_timeout: 15_000 });
  // An idle client losing its server emits here; unhandled, it would crash the process. The next query reports it.
  pool.on('error', () => {});
  const run = (client: pg.Pool | pg.PoolClient): Queryable => ({
    query: async <R>(text: string, params?: unknown[]) =>
      guard(secrets, async () => ({ rows: (await client.query(text, params)).rows as R[] })),
  });
  return {
    ...run(pool),
    async transaction(work) {
      const client = await guard(secrets, () => pool.connect());
      let broken: unknown;
      try {
        await guard(secrets, () => client.query('BEGIN'));
        const result = await work(run(client));
        await guard(secrets, () => client.query('COMMIT'));
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: unknown) => (broken = rollbackError));
        throw error;
      } finally {
        client.release(broken instanceof Error ? broken : undefined);
      }
    },
    close: () => guard(secrets, () => pool.end()),
  };
}

/** The parts of a connection string that must never reach a log: the whole string and its password. */
function secretsOf(databaseUrl: string): string[] {
  const secrets = [databaseUrl];
  try {
    const password = decodeURIComponent(new URL(databaseUrl).password);
    if (password) secrets.push(password, encodeURIComponent(password));
  } catch {
    // Not a URL (e.g. a libpq key=value string): redact any password=… pair below instead.
  }
  return secrets;
}
