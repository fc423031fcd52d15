import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import {
  AuditDatabaseError,
  createAuditTrail,
  MIGRATIONS,
  type AuditDatabase,
  type AuditTrail,
  type AuditTrailOptions,
} from '../../src/audit/index.js';
import { captureLogs, pgliteBackend, postgresBackend, switchable, type Backend, type Target } from './backends.js';

const backends: Backend[] = [await postgresBackend(), pgliteBackend()];
afterAll(async () => {
  for (const backend of backends) await backend.cleanup();
});

const agent = { sub: 'agent-7', roles: ['support' as const] };
// Short pauses so outages resolve quickly; the assertions wait for states, never for durations.
const outage = { flushIntervalMs: 10, maxRetryDelayMs: 50, maxQueued: 5 };

/** Commits `count` requests that each read `customerId`'s contact data, named `${prefix}-${i}`. */
function commitReads(trail: AuditTrail, customerId: string, count: number, prefix = 'op'): void {
  for (let i = 0; i < count; i += 1) {
    const audit = trail.begin(agent);
    audit.note(customerId, 'contact', 'ALLOWED');
    audit.commit(`${prefix}-${i}`);
  }
}

/** Runs `sql` on a connection of its own; for PGlite only while no trail holds the directory. */
async function queryDirect<R>(target: Target, sql: string): Promise<R[]> {
  const db = await target.open();
  try {
    return (await db.query<R>(sql)).rows;
  } finally {
    await db.close();
  }
}

/** Records the size of every batch INSERT that reaches `db`. */
function spyOnBatches(db: AuditDatabase): { db: AuditDatabase; batches: number[] } {
  const batches: number[] = [];
  return {
    batches,
    db: {
      ...db,
      query: (text, params) => {
        if (text.includes('jsonb_to_recordset')) batches.push((JSON.parse(String(params?.[0])) as unknown[]).length);
        return db.query(text, params);
      },
    },
  };
}

describe.each(backends)('audit trail on $name', (backend) => {
  if (backend.skip) {
    it.skip(`skipped: ${backend.skip}`, () => {});
    return;
  }
  const open: AuditTrail[] = [];
  const start = async (target: Target, extra: Partial<AuditTrailOptions> = {}) => {
    const trail = await createAuditTrail({ ...target.options, ...extra });
    open.push(trail);
    return trail;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((trail) => trail.close()));
  });

  it('applies each migration once: a second start on the same database changes nothing', async () => {
    const target = await backend.fresh();
    await (await start(target)).close();
    await (await start(target)).close();
    const rows = await queryDirect<{ component: string; version: number }>(target, 'SELECT component, version FROM schema_migrations');
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ component: 'audit', version: m.version })));
  });

  // Each index row is one b-tree entry and nothing more: no foreign-key probe, no second index (migration 3).
  it('indexes an event per customer with one b-tree entry per row: no foreign key, no index but the keyset', async () => {
    const target = await backend.fresh();
    const trail = await start(target);
    commitReads(trail, 'cust-index', 2);
    await trail.flush();
    const constraints = await queryDirect<{ contype: string }>(target, "SELECT contype FROM pg_constraint WHERE conrelid = 'audit_event_customers'::regclass AND contype IN ('f', 'p', 'u') ORDER BY contype");
    const indexes = await queryDirect<{ indexname: string }>(target, "SELECT indexname FROM pg_indexes WHERE tablename = 'audit_event_customers'");
    expect(constraints.map((c) => c.contype)).toEqual(['p']);
    expect(indexes.map((i) => i.indexname)).toEqual(['audit_event_customers_pkey']);
    expect((await trail.eventsFor('cust-index', 10, null)).events).toHaveLength(2);
  });

  it('starts at once beside a database that opens in the background, accepting reads and queueing them until it answers', async () => {
    const target = await backend.fresh();
    const db = await target.open();
    let answer = () => {};
    const opened = new Promise<void>((resolve) => (answer = resolve));
    const opening: AuditDatabase = {
      opensInBackground: true,
      query: async (text, params) => (await opened, db.query(text, params)),
      transaction: async (work) => (await opened, db.transaction(work)),
      close: () => db.close(),
    };
    // Resolves although the database has answered nothing yet: the embedded one need not hold up start-up.
    const trail = await start(target, { database: opening });
    expect(trail.status()).toEqual({ database: 'up', queued: 0 });
    commitReads(trail, 'cust-opening', 3);
    expect(trail.accepting()).toBe(true);
    expect(trail.status().queued).toBe(3);
    answer();
    await trail.flush();
    const { events } = await trail.eventsFor('cust-opening', 10, null);
    expect(events.map((e) => e.operationName)).toEqual(['op-2', 'op-1', 'op-0']);
    expect((await db.query<{ version: number }>("SELECT version FROM schema_migrations WHERE component = 'audit' ORDER BY version")).rows.map((r) => r.version))
      .toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('queues commits without touching the database and writes them in multi-row batches of batchSize', async () => {
    const target = await backend.fresh();
    const spy = spyOnBatches(await target.open());
    const trail = await start(target, { database: spy.db, batchSize: 200, flushIntervalMs: 60_000 });
    commitReads(trail, 'cust-batch', 450);
    expect(spy.batches).toEqual([]);
    expect(trail.status()).toEqual({ database: 'up', queued: 450 });
    await trail.flush();
    expect(spy.batches).toEqual([200, 200, 50]);
    expect(trail.status()).toEqual({ database: 'up', queued: 0 });
  });

  it("counts the CPU it costs: commits and hand-overs on the event loop, and the embedded database's worker (none for a server)", async () => {
    const target = await backend.fresh();
    const trail = await start(target, { flushIntervalMs: 60_000 });
    await trail.flush();
    const before = trail.cpuMs();
    commitReads(trail, 'cust-cpu', 2000);
    const committed = trail.cpuMs();
    expect(committed.eventLoop).toBeGreaterThan(before.eventLoop);
    await trail.flush();
    const written = trail.cpuMs();
    expect(written.eventLoop).toBeGreaterThan(committed.eventLoop);
    if (backend.name === 'PGlite') expect(written.database).toBeGreaterThan(before.database ?? Infinity);
    else expect(written.database).toBeNull();
  });

  it("reports the embedded database's memory as of its latest reply: its worker's heap and its WebAssembly memory (none for a server)", async () => {
    const target = await backend.fresh();
    const trail = await start(target, { flushIntervalMs: 60_000 });
    commitReads(trail, 'cust-memory', 10);
    await trail.flush();
    const memory = trail.databaseMemoryBytes();
    if (backend.name !== 'PGlite') return expect(memory).toBeNull();
    expect(memory?.heap).toBeGreaterThan(0);
    // PGlite starts with 128 MiB of WebAssembly memory and only grows it.
    expect(memory?.webAssembly).toBeGreaterThanOrEqual(128 * 2 ** 20);
  });

  it('ends a batch at batchMaxCustomerIds: events naming 100 customers go 10 to a statement, each customer indexed', async () => {
    const target = await backend.fresh();
    const spy = spyOnBatches(await target.open());
    const trail = await start(target, { database: spy.db, batchSize: 200, batchMaxCustomerIds: 1_000, flushIntervalMs: 60_000 });
    const pageOf = (page: number) => Array.from({ length: 100 }, (_, i) => `cust-page-${page}-${i}`);
    for (let page = 0; page < 34; page += 1) {
      const audit = trail.begin(agent);
      for (const id of pageOf(page)) audit.note(id, 'contact', 'ALLOWED');
      audit.commit(`page-${page}`);
    }
    // A single event above the bound still gets written, alone.
    const wide = trail.begin(agent);
    for (let i = 0; i < 1_500; i += 1) wide.note(`cust-wide-${i}`, 'contact', 'ALLOWED');
    wide.commit('wide');
    commitReads(trail, 'cust-after-wide', 3);
    await trail.flush();
    expect(spy.batches).toEqual([10, 10, 10, 4, 1, 3]);
    expect((await trail.eventsFor('cust-page-33-99', 10, null)).events.map((e) => e.operationName)).toEqual(['page-33']);
    expect((await trail.eventsFor('cust-wide-1499', 10, null)).events.map((e) => e.operationName)).toEqual(['wide']);
  });

  it('writes a batch full by its customer ids at once, without waiting for the flush interval', async () => {
    const target = await backend.fresh();
    const spy = spyOnBatches(await target.open());
    const trail = await start(target, { database: spy.db, batchSize: 200, batchMaxCustomerIds: 50, flushIntervalMs: 3_600_000 });
    for (let event = 0; event < 5; event += 1) {
      const audit = trail.begin(agent);
      for (let i = 0; i < 10; i += 1) audit.note(`cust-full-${event}-${i}`, 'contact', 'ALLOWED');
      audit.commit(`full-${event}`);
    }
    await vi.waitFor(() => expect(trail.status()).toEqual({ database: 'up', queued: 0 }), { timeout: 20_000, interval: 20 });
    expect(spy.batches).toEqual([5]);
  });

  it("reads one customer's events newest first, page by page, with opaque cursors", async () => {
    const target = await backend.fresh();
    const trail = await start(target);
    for (let i = 0; i < 25; i += 1) {
      commitReads(trail, 'cust-a', 1, `a-${i}`);
      commitReads(trail, 'cust-b', 1, `b-${i}`);
    }
    const seen: string[] = [];
    const sizes: number[] = [];
    let after: string | null = null;
    do {
      const page: Awaited<ReturnType<AuditTrail['eventsFor']>> = await trail.eventsFor('cust-a', 10, after);
      sizes.push(page.events.length);
      seen.push(...page.events.map((e) => e.operationName ?? ''));
      after = page.next;
    } while (after !== null);
    expect(sizes).toEqual([10, 10, 5]);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `a-${24 - i}-0`));
    const [newest] = (await trail.eventsFor('cust-a', 1, null)).events;
    expect(newest).toMatchObject({ sub: 'agent-7', roles: ['support'], customerIds: ['cust-a'], categories: { contact: 'ALLOWED' } });
    expect(newest?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(newest?.at ?? '').toISOString()).toBe(newest?.at);
  });

  it('rejects a malformed cursor or page size with a RangeError naming the argument', async () => {
    const trail = await start(await backend.fresh());
    commitReads(trail, 'cust-c', 3);
    const { next } = await trail.eventsFor('cust-c', 1, null);
    const forged = [
      'not a cursor!',
      Buffer.from('["yesterday","x"]').toString('base64url'),
      Buffer.from(JSON.stringify(['2024-02-30T00:00:00.000Z', randomUUID()])).toString('base64url'),
      (next ?? '').slice(0, -4),
    ];
    for (const cursor of forged) await expect(trail.eventsFor('cust-c', 1, cursor)).rejects.toThrow(new RangeError('after: not a cursor returned by auditEvents'));
    await expect(trail.eventsFor('cust-c', 0, null)).rejects.toThrow(/^first: must be an integer from 1 to 500: 0$/);
    await expect(trail.eventsFor('', 1, null)).rejects.toThrow(RangeError);
  });

  it('keeps the most revealing outcome per category (ALLOWED > MASKED > DENIED) and each customer once', async () => {
    const trail = await start(await backend.fresh());
    const audit = trail.begin({ sub: 'analyst-1', roles: ['analyst', 'marketing'] });
    audit.note('cust-m', 'contact', 'DENIED');
    audit.note('cust-m', 'contact', 'ALLOWED');
    audit.note('cust-m', 'contact', 'MASKED');
    audit.note('cust-m', 'orders', 'MASKED');
    audit.note('cust-n', 'orders', 'DENIED');
    audit.note(null, 'tickets', 'DENIED');
    audit.commit(null);
    audit.commit('again'); // nothing noted since the first commit: no second event
    const { events } = await trail.eventsFor('cust-m', 10, null);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ roles: ['analyst', 'marketing'], operationName: null, customerIds: ['cust-m', 'cust-n'] });
    expect(events[0]?.categories).toEqual({ contact: 'ALLOWED', orders: 'MASKED', tickets: 'DENIED' });
    expect((await trail.eventsFor('cust-n', 10, null)).events.map((e) => e.id)).toEqual([events[0]?.id]);
  });

  it('writes nothing for a request that noted nothing', async () => {
    const target = await backend.fresh();
    const trail = await start(target);
    trail.begin(agent).commit('IntrospectionQuery');
    expect(trail.status().queued).toBe(0);
    await trail.close();
    expect(await queryDirect(target, 'SELECT id FROM audit_events')).toEqual([]);
  });

  it('close() writes everything still queued: 500 committed, reopened, 500 read', async () => {
    const target = await backend.fresh();
    const first = await start(target, { batchSize: 1_000, flushIntervalMs: 60_000 });
    commitReads(first, 'cust-close', 500);
    expect(first.status().queued).toBe(500);
    await first.close();
    const second = await start(target);
    const { events, next } = await second.eventsFor('cust-close', 500, null);
    expect(events).toHaveLength(500);
    expect(next).toBeNull();
    expect(events[0]?.operationName).toBe('op-499');
  });

  it('starts while the database is unreachable, refuses new reads at maxQueued, keeps every commit, drains when it answers', async () => {
    const target = await backend.fresh();
    const db = switchable(await target.unreachable());
    const logger = captureLogs();
    const trail = await start(target, { ...outage, database: db, logger });
    expect(trail.status()).toEqual({ database: 'down', queued: 0 });
    commitReads(trail, 'cust-down', 4);
    expect(trail.accepting()).toBe(true);
    commitReads(trail, 'cust-down', 1, 'fifth');
    expect(trail.accepting()).toBe(false);
    commitReads(trail, 'cust-down', 1, 'in-flight'); // admitted before the bound: still recorded
    expect(trail.status().queued).toBe(6);
    await expect(trail.flush()).rejects.toBeInstanceOf(AuditDatabaseError);
    await expect(trail.eventsFor('cust-down', 10, null)).rejects.toBeInstanceOf(AuditDatabaseError);

    await db.swap(await target.open());
    await vi.waitFor(() => expect(trail.status()).toEqual({ database: 'up', queued: 0 }), { timeout: 20_000, interval: 20 });
    expect(trail.accepting()).toBe(true);
    const { events } = await trail.eventsFor('cust-down', 10, null);
    expect(events.map((e) => e.operationName)).toEqual(['in-flight-0', 'fifth-0', 'op-3', 'op-2', 'op-1', 'op-0']);
    expect(logger.lines.join('\n')).toMatch(/unreachable at start-up[\s\S]*queue full[\s\S]*reachable again/);
  });

  it('keeps events queued while the database goes away mid-run and writes them when it returns', async () => {
    const target = await backend.fresh();
    const db = switchable(await target.open());
    const trail = await start(target, { ...outage, database: db });
    commitReads(trail, 'cust-away', 2, 'before');
    await trail.flush();

    await target.goAway(db);
    commitReads(trail, 'cust-away', 5, 'during');
    await vi.waitFor(() => expect(trail.status().database).toBe('down'), { timeout: 20_000, interval: 20 });
    expect(trail.accepting()).toBe(false);
    commitReads(trail, 'cust-away', 1, 'late');
    expect(trail.status().queued).toBe(6);

    await db.swap(await target.open());
    await vi.waitFor(() => expect(trail.status()).toEqual({ database: 'up', queued: 0 }), { timeout: 20_000, interval: 20 });
    expect(trail.accepting()).toBe(true);
    const { events } = await trail.eventsFor('cust-away', 20, null);
    expect(events.map((e) => e.operationName)).toEqual(['late-0', ...[4, 3, 2, 1, 0].map((i) => `during-${i}`), 'before-1', 'before-0']);
  });

  it('close() with the database away gives up after closeTimeoutMs and logs how many events it could not write', async () => {
    const target = await backend.fresh();
    const logger = captureLogs();
    const trail = await start(target, { ...outage, database: switchable(await target.unreachable()), logger, closeTimeoutMs: 200 });
    commitReads(trail, 'cust-lost', 3);
    await trail.close();
    expect(trail.accepting()).toBe(false);
    trail.begin(agent).note('cust-lost', 'contact', 'ALLOWED');
    const late = trail.begin(agent);
    late.note('cust-lost', 'contact', 'ALLOWED');
    late.commit('after-close');
    const errors = logger.lines.map((line) => JSON.parse(line) as { level: string; unwritten?: number }).filter((l) => l.level === 'error');
    expect(errors.map((e) => e.unwritten)).toEqual([3, 1]);
  });
});
