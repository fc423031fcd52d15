import { afterAll, describe, expect, it } from 'vitest';
import { AuditDatabaseError, createAuditTrail, migrate, MIGRATIONS, openAuditDatabase } from '../../src/audit/index.js';
import { captureLogs, PASSWORD, postgresBackend } from './backends.js';

const backend = await postgresBackend();
afterAll(() => backend.cleanup());

const agent = { sub: 'agent-7', roles: ['support' as const] };

/** Everything an outsider could see of a failure: name, message, stack and every own property. */
const exposed = (error: unknown) =>
  error instanceof Error ? [error.name, error.message, error.stack ?? '', JSON.stringify(error)].join('\n') : String(error);

describe.skipIf(backend.skip !== false)(`audit trail on the real PostgreSQL${backend.skip ? ` (skipped: ${backend.skip})` : ''}`, () => {
  it('applies each migration exactly once when several gateways start together', async () => {
    const target = await backend.fresh();
    const trails = await Promise.all(Array.from({ length: 4 }, () => createAuditTrail(target.options)));
    const extra = await Promise.all(Array.from({ length: 4 }, async () => {
      const db = await target.open();
      try {
        return await migrate(db);
      } finally {
        await db.close();
      }
    }));
    await Promise.all(trails.map((trail) => trail.close()));
    expect(extra).toEqual([[], [], [], []]);
    const db = await target.open();
    const { rows } = await db.query<{ version: number }>("SELECT version FROM schema_migrations WHERE component = 'audit'");
    await db.close();
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it("pages a customer's events by a backward scan of the (customer_id, at, event_id) key, with no sort", async () => {
    const target = await backend.fresh();
    const db = await target.open();
    const pages: { text: string; params: unknown[] }[] = [];
    const spy = {
      ...db,
      query: <R>(text: string, params?: unknown[]) => {
        if (text.includes('audit_event_customers c')) pages.push({ text, params: params ?? [] });
        return db.query<R>(text, params);
      },
    };
    const trail = await createAuditTrail({ ...target.options, database: spy, batchSize: 1_000 });
    for (let i = 0; i < 6_000; i += 1) {
      const audit = trail.begin(agent);
      audit.note(i % 2 === 0 ? 'cust-hot' : `cust-${i % 300}`, 'contact', 'ALLOWED');
      audit.commit(null);
    }
    await trail.flush();
    await db.query('ANALYZE');
    const { next } = await trail.eventsFor('cust-hot', 10, null);
    await trail.eventsFor('cust-hot', 10, next);
    const plans: string[] = [];
    for (const { text, params } of pages) {
      const { rows } = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, params);
      plans.push(rows.map((r) => r['QUERY PLAN']).join('\n'));
    }
    await trail.close();
    expect(plans).toHaveLength(2);
    expect(plans[1]).toMatch(/Index Cond: \(\(customer_id = 'cust-hot'::text\) AND \(ROW\(at, event_id\) < ROW\(/);
    for (const plan of plans) {
      expect(plan).toMatch(/Index (Only )?Scan Backward using audit_event_customers_pkey/);
      expect(plan).not.toMatch(/\bSort\b/);
    }
  });

  it('never puts the password of DATABASE_URL into a log line or an error', async () => {
    const target = await backend.fresh();
    const working = target.options.databaseUrl ?? '';
    expect(working).toContain(PASSWORD);
    const withPassword = (host: string, database: string) => `postgres://postgres:${PASSWORD}@${host}/${database}`;
    const logger = captureLogs();
    const seen: string[] = [];

    // Up, with the password in the URL (trust auth ignores it).
    const up = await createAuditTrail({ ...target.options, logger });
    const audit = up.begin(agent);
    audit.note('cust-pw', 'contact', 'ALLOWED');
    audit.commit('q');
    expect((await up.eventsFor('cust-pw', 5, null)).events).toHaveLength(1);
    await up.close();

    // Unreachable: starts down, refuses at the bound, fails flushes and reads, gives up on close.
    const down = await createAuditTrail({ ...target.options, databaseUrl: withPassword('127.0.0.1:1', 'x'), logger, maxQueued: 1, closeTimeoutMs: 100 });
    const late = down.begin(agent);
    late.note('cust-pw', 'contact', 'ALLOWED');
    late.commit('q');
    await down.flush().catch((error: unknown) => seen.push(exposed(error)));
    await down.eventsFor('cust-pw', 5, null).catch((error: unknown) => seen.push(exposed(error)));
    await down.close();

    // Misconfigured: a missing database, an unknown role and a malformed URL fail start-up.
    for (const databaseUrl of [
      withPassword('127.0.0.1:5432', 'no_such_database_here'),
      `postgres://no_such_role:${PASSWORD}@127.0.0.1:5432/test`,
      withPassword('127.0.0.1:not-a-port', 'test'),
    ]) {
      const error = await createAuditTrail({ ...target.options, databaseUrl, logger }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuditDatabaseError);
      seen.push(exposed(error));
    }
    // The direct seam too, with a URL it cannot even parse.
    const direct = await openAuditDatabase({ databaseUrl: withPassword('[::1', 'test'), dataDir: '/nonexistent' });
    await direct.query('SELECT 1').catch((error: unknown) => seen.push(exposed(error)));
    await direct.close().catch((error: unknown) => seen.push(exposed(error)));

    expect(seen.length).toBeGreaterThanOrEqual(6);
    expect(logger.lines.join('\n')).toMatch(/unreachable at start-up[\s\S]*could not be written before shutdown/);
    const everything = [...seen, ...logger.lines].join('\n');
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain(encodeURIComponent(PASSWORD));
  });
});
