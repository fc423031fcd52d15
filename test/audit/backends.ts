import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openAuditDatabase, type AuditDatabase, type AuditLogger, type Queryable } from '../../src/audit/index.js';
import { requirePostgres, TEST_DATABASE_URL } from '../support/services.js';

/** A password put into connection strings so tests can prove it never reaches a log or an error. */
export const PASSWORD = 'Pw-d0-not-print-7f3a9c';

/** One empty audit database of a backend, and ways to reach it, lose it and fail to reach it. */
export interface Target {
  options: { databaseUrl?: string; dataDir: string };
  /** A working connection to this database. */
  open(): Promise<AuditDatabase>;
  /** A database object that fails as an outage does (pg: a refused port; PGlite: an instance closed underneath). */
  unreachable(): Promise<AuditDatabase>;
  /** Takes the database away under a running trail (pg: the pool now dials a refused port; PGlite: closed underneath). */
  goAway(db: Switchable): Promise<void>;
}

/** A database whose target can be swapped under a running trail: the seam for outages and recoveries. */
export type Switchable = AuditDatabase & { readonly current: AuditDatabase; swap(next: AuditDatabase): Promise<void> };

/** A backend under the contract suite; `skip` is a reason when its server is unreachable. */
export interface Backend {
  name: string;
  skip: string | false;
  fresh(): Promise<Target>;
  cleanup(): Promise<void>;
}

/** PostgreSQL: every fresh() is a new `audit_test_<random>` database, dropped in cleanup(). */
export async function postgresBackend(): Promise<Backend> {
  const service = await requirePostgres();
  const created: string[] = [];
  // Unused while databaseUrl is set, but part of the options; made on first use so a skipped run leaves nothing.
  let dataDir = '';
  const admin = async <T>(work: (client: pg.Client) => Promise<T>) => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  return {
    name: 'PostgreSQL',
    skip: service.available ? false : service.reason,
    async fresh() {
      dataDir ||= mkdtempSync(join(tmpdir(), 'audit-pg-'));
      const name = `audit_test_${randomBytes(6).toString('hex')}`;
      await admin((client) => client.query(`CREATE DATABASE ${name}`));
      created.push(name);
      const url = new URL(TEST_DATABASE_URL);
      url.pathname = `/${name}`;
      // Trust auth ignores the password, so the working URL can carry one too.
      if (url.username) url.password = PASSWORD;
      const databaseUrl = url.toString();
      const refused = new URL(databaseUrl);
      refused.hostname = '127.0.0.1';
      refused.port = '1';
      return {
        options: { databaseUrl, dataDir },
        open: () => openAuditDatabase({ databaseUrl, dataDir }),
        unreachable: () => openAuditDatabase({ databaseUrl: refused.toString(), dataDir }),
        goAway: async (db) => db.swap(await openAuditDatabase({ databaseUrl: refused.toString(), dataDir })),
      };
    },
    async cleanup() {
      if (created.length > 0) {
        await admin(async (client) => {
          for (const name of created) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        });
      }
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * PGlite: every fresh() is a new temporary data directory, removed in cleanup(). openAuditDatabase makes its
 * cluster as a copy of the checkout's template (initialised once, never migrated), as the gateway does.
 */
export function pgliteBackend(): Backend {
  const dirs: string[] = [];
  return {
    name: 'PGlite',
    skip: false,
    async fresh() {
      const dataDir = mkdtempSync(join(tmpdir(), 'audit-pglite-'));
      dirs.push(dataDir);
      return {
        options: { dataDir },
        open: () => openAuditDatabase({ dataDir }),
        async unreachable() {
          const db = await openAuditDatabase({ dataDir });
          await db.close();
          return db;
        },
        goAway: (db) => db.current.close(),
      };
    },
    async cleanup() {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Wraps `initial` so its target can be swapped (see Switchable). */
export function switchable(initial: AuditDatabase): Switchable {
  let current = initial;
  const via = (): Queryable => current;
  return {
    get current() {
      return current;
    },
    query: (text, params) => via().query(text, params),
    transaction: (work) => current.transaction(work),
    close: () => current.close(),
    /** Points at `next` and closes what was there. */
    async swap(next) {
      const previous = current;
      current = next;
      await previous.close().catch(() => {});
    },
  };
}

/** A logger that keeps every line as text, to search for what must never be logged. */
export function captureLogs(): AuditLogger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (level: string) => (fields: object, message: string) => {
    lines.push(JSON.stringify({ level, message, ...fields }));
  };
  return { lines, info: keep('info'), warn: keep('warn'), error: keep('error') };
}
