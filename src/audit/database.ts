import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/** Runs one SQL statement; `$1…` placeholders, rows as plain objects. */
export interface Queryable {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

/** The one database surface the audit store is written against: PostgreSQL (`pg`) or embedded PGlite. */
export interface AuditDatabase extends Queryable {
  /** Runs `work` in one transaction on one connection; rolls back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A database failure whose message is safe to log: no connection string, no password, no query values. */
export class AuditDatabaseError extends Error {
  readonly code = 'AUDIT_UNAVAILABLE';
  /** The SQLSTATE or socket error code, when there is one (e.g. `ECONNREFUSED`, `3D000`). */
  readonly reason: string | undefined;
  constructor(message: string, reason?: string) {
    super(message);
    this.name = 'AuditDatabaseError';
    this.reason = reason;
  }
}

/** Opens PostgreSQL when `databaseUrl` is set, otherwise PGlite persisted in `${dataDir}/audit-pglite`. */
export async function openAuditDatabase(options: { databaseUrl?: string; dataDir: string }): Promise<AuditDatabase> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl);
  const dir = join(options.dataDir, 'audit-pglite');
  mkdirSync(dir, { recursive: true });
  return openPglite(await guard([], () => PGlite.create(dir)));
}

function openPostgres(databaseUrl: string): AuditDatabase {
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

function openPglite(db: PGlite): AuditDatabase {
  const run = (q: Pick<PGlite, 'query'>): Queryable => ({
    query: async <R>(text: string, params?: unknown[]) => guard([], async () => ({ rows: (await q.query<R>(text, params)).rows })),
  });
  return {
    ...run(db),
    transaction: (work) => guard([], () => db.transaction((tx) => work(run(tx)))),
    close: () => (db.closed ? Promise.resolve() : guard([], () => db.close())),
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

/** Runs `op`; any failure becomes an AuditDatabaseError carrying only a redacted message and a code. */
async function guard<T>(secrets: string[], op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (error) {
    if (error instanceof AuditDatabaseError) throw error;
    const raw = error instanceof Error ? error.message : String(error);
    let message = raw.replace(/password=\S+/gi, 'password=***');
    for (const secret of secrets) message = message.split(secret).join('***');
    const code = (error as { code?: unknown } | null)?.code;
    throw new AuditDatabaseError(`audit database: ${message}`, typeof code === 'string' ? code : undefined);
  }
}
