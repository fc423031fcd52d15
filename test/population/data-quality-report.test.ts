import { afterAll, describe, expect, it } from 'vitest';
import type { AuditAction } from '../../src/audit/index.js';
import type { RequestContext } from '../../src/context/index.js';
import type { ResolvedCustomer } from '../../src/identity/index.js';
import { createLogger } from '../../src/logging/index.js';
import { SourceUnavailable, type ContactRecord } from '../../src/model/index.js';
import { createDataQualityReports, type Every } from '../../src/population/index.js';
import { pgliteBackend } from '../audit/backends.js';
import { contact } from '../identity/records.js';

const backend = pgliteBackend();
afterAll(() => backend.cleanup());

const SYSTEM = { sub: 'system:data-quality', roles: ['admin' as const] };
const AS_OF = new Date('2026-10-31T00:00:00.000Z');
const logger = createLogger({ level: 'silent' });

function customerOf(id: string, records: ContactRecord[], failures: ResolvedCustomer['failures'] = new Map()): ResolvedCustomer {
  return { id, anchor: records[0] ?? null, records: records.map((record) => ({ record, matchedOn: ['EMAIL' as const], confidence: 1, rule: 'EMAIL' as const, comparisons: [] })), failures, alarms: [], orphanedReferences: [] };
}

const stated = [{ channel: 'EMAIL' as const, state: 'GRANTED' as const, updatedAt: null }, { channel: 'SMS' as const, state: 'GRANTED' as const, updatedAt: null }];
const fresh = (r: ContactRecord): ContactRecord => ({ ...r, consent: stated, provenance: { ...r.provenance, updatedAt: '2026-10-01T00:00:00.000Z' } });
const A = customerOf('cus_a', [fresh(contact('CRM', '1', { emails: ['a@mailinator.com'] })), fresh(contact('CRM', '2', { emails: ['a2@example.com'] }))]);
const B = customerOf('cus_b', [fresh(contact('POS', '3', { emails: ['nope'] }))]);

/** Identity's crawl over fixed pages: the last customer of a page comes again on the next (changed mid-crawl). */
function crawlOver(pages: ResolvedCustomer[][]): () => RequestContext {
  const page = async (_size: number, position: { n: number } | null) => {
    const n = position?.n ?? 0;
    return { customers: (pages[n] ?? []).map((customer) => ({ customer, cursor: String(n + 1) })), hasNextPage: n + 1 < pages.length };
  };
  return () => ({ identity: { page }, phoneRegion: 'US', crawlCursors: { decode: (c: string) => ({ n: Number(c) }) } }) as unknown as RequestContext;
}

describe('the data-quality report', () => {
  it('counts every customer\'s findings once per silo and code, keeps example record ids, and hands the counts on', async () => {
    const db = await (await backend.fresh()).open();
    try {
      const told: unknown[] = [];
      const actions: AuditAction[] = [];
      const reports = createDataQualityReports({
        database: db, context: crawlOver([[A], [A, B]]), now: () => Date.parse('2026-11-02T00:00:00Z'), staleDays: 730, intervalSeconds: 0,
        scheduledAs: SYSTEM, recordAction: (a) => actions.push(a), onReport: (counts) => told.push(counts), logger,
      });
      const report = await reports.run(AS_OF);
      expect(report).toMatchObject({ asOf: AS_OF.toISOString(), ranAt: '2026-11-02T00:00:00.000Z', staleDays: 730, customers: 2, records: 3 });
      expect(report.counts).toEqual([
        { source: 'CRM', code: 'INVALID_EMAIL', count: 1, exampleRecordIds: ['1'] },
        { source: 'CRM', code: 'DUPLICATE_IN_SILO', count: 2, exampleRecordIds: ['1', '2'] },
        { source: 'POS', code: 'INVALID_EMAIL', count: 1, exampleRecordIds: ['3'] },
      ]);
      expect(told).toEqual([report.counts]);
      expect(await reports.latest()).toEqual(report);
      expect(actions).toEqual([{ sub: SYSTEM.sub, roles: SYSTEM.roles, action: 'data-quality.report.made', outcome: 'asOf 2026-10-31T00:00:00.000Z customers 2 records 3', customerIds: [], categories: { DATA_QUALITY: 'ALLOWED', DATA_QUALITY_REPORT: 'ALLOWED' } }]);
      // No customer id and no value in the table.
      const { rows } = await db.query<Record<string, unknown>>('SELECT * FROM data_quality_reports');
      expect(JSON.stringify(rows)).not.toMatch(/cus_|mailinator|example\.com|nope/);
    } finally {
      await db.close();
    }
  });

  it('fails with the silo\'s error and keeps nothing when a customer\'s silo could not be read', async () => {
    const db = await (await backend.fresh()).open();
    try {
      const actions: AuditAction[] = [];
      const broken = customerOf('cus_c', [fresh(contact('CRM', '9'))], new Map([['POS', new SourceUnavailable('POS', 'down')]]));
      const reports = createDataQualityReports({ database: db, context: crawlOver([[A, broken]]), now: () => AS_OF.getTime(), staleDays: 730, intervalSeconds: 0, scheduledAs: SYSTEM, recordAction: (a) => actions.push(a), logger });
      await expect(reports.run(AS_OF)).rejects.toMatchObject({ code: 'SOURCE_UNAVAILABLE' });
      expect(await reports.latest()).toBeNull();
      expect(actions.map((a) => a.outcome)).toEqual(['failed POS SOURCE_UNAVAILABLE']);
    } finally {
      await db.close();
    }
  });

  it('runs at each tick of its schedule (none at 0), and hands on the newest stored counts at start', async () => {
    const db = await (await backend.fresh()).open();
    try {
      const timers: { ms: number; tick: () => void }[] = [];
      const every: Every = (ms, tick) => (timers.push({ ms, tick }), () => {});
      const options = { database: db, context: crawlOver([[B]]), now: () => AS_OF.getTime(), staleDays: 730, scheduledAs: SYSTEM, logger, every };
      createDataQualityReports({ ...options, intervalSeconds: 0 }).start();
      expect(timers).toEqual([]);
      const first = createDataQualityReports({ ...options, intervalSeconds: 60 });
      first.start();
      expect(timers.map((t) => t.ms)).toEqual([60_000]);
      timers[0]?.tick();
      for (let i = 0; i < 500 && (await first.latest()) === null; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      const told: unknown[] = [];
      createDataQualityReports({ ...options, intervalSeconds: 0, onReport: (counts) => told.push(counts) }).start();
      for (let i = 0; i < 500 && told.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(told).toEqual([[{ source: 'POS', code: 'INVALID_EMAIL', count: 1, exampleRecordIds: ['3'] }]]);
    } finally {
      await db.close();
    }
  });
});
