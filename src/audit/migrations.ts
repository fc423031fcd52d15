import type { AuditDatabase } from './queryable.js';

/** One numbered schema change; its statements run in one transaction, once per database. */
export interface Migration {
  version: number;
  name: string;
  statements: string[];
}

/**
 * The audit schema. Append new migrations; never edit one that has shipped.
 *
 * "Events about customer X, newest first" is served by `audit_event_customers`, one row per (customer, event),
 * whose primary key (customer_id, at, event_id) is the keyset: a page is one backward range scan of a b-tree,
 * whatever the customer's history length. A GIN index on `customer_ids` would find the events but then sort all
 * of them for every page. `audit_events.customer_ids` keeps the event self-describing for exports.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'audit events and their customer index',
    statements: [
      `CREATE TABLE audit_events (
        id uuid PRIMARY KEY,
        at timestamptz(3) NOT NULL,
        sub text NOT NULL,
        roles text[] NOT NULL,
        operation_name text NULL,
        customer_ids text[] NOT NULL,
        categories jsonb NOT NULL
      )`,
      `CREATE TABLE audit_event_customers (
        customer_id text NOT NULL,
        at timestamptz(3) NOT NULL,
        event_id uuid NOT NULL REFERENCES audit_events (id) ON DELETE CASCADE,
        PRIMARY KEY (customer_id, at, event_id)
      )`,
      // Retention jobs delete old events by time; the cascade needs the event_id lookup.
      `CREATE INDEX audit_events_at ON audit_events (at)`,
      `CREATE INDEX audit_event_customers_event ON audit_event_customers (event_id)`,
    ],
  },
  {
    version: 2,
    name: 'privacy operations and their outcomes',
    statements: [`ALTER TABLE audit_events ADD COLUMN action text NULL, ADD COLUMN outcome text NULL`],
  },
  {
    // Each index row cost a foreign-key probe of audit_events and an entry in a second b-tree keyed by a random-
    // looking id, two thirds of a row's write: a BI page's event indexes 100 customers, and in the embedded
    // database that was the largest share of a warm page's CPU (about 1.9 ms per event before, 0.9 after; the
    // figures are in issue 14's note). Both served only a cascade on deleting events, which nothing does: the
    // trail is append-only, and the one insert writes an event and its index rows atomically. A retention job, if
    // one is added, deletes index rows by `at` first and then the events.
    version: 3,
    name: 'index rows without a foreign key',
    statements: [
      `ALTER TABLE audit_event_customers DROP CONSTRAINT IF EXISTS audit_event_customers_event_id_fkey`,
      `DROP INDEX IF EXISTS audit_event_customers_event`,
    ],
  },
];

// An arbitrary constant: every gateway replica takes the same transaction-scoped advisory lock, so replicas
// starting together against one PostgreSQL apply each migration exactly once, one after the other.
const MIGRATION_LOCK = 360_360_007;

/**
 * Applies the `component`'s migrations that `db` has not seen yet, each in its own transaction; safe to run
 * concurrently. `schema_migrations` is keyed by component so other owners of the same database (privacy jobs)
 * can keep their own numbered migrations beside the audit's.
 */
export async function migrate(db: AuditDatabase, component = 'audit', migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  const applied: number[] = [];
  for (const migration of migrations) {
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        component text NOT NULL,
        version integer NOT NULL,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (component, version)
      )`);
      const seen = await tx.query('SELECT 1 FROM schema_migrations WHERE component = $1 AND version = $2', [component, migration.version]);
      if (seen.rows.length > 0) return false;
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (component, version, name) VALUES ($1, $2, $3)', [component, migration.version, migration.name]);
      return true;
    });
    if (done) applied.push(migration.version);
  }
  return applied;
}
