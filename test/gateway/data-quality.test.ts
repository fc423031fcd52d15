import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { World, WorldContact } from '../../connectors/sandbox-kit/index.js';
import type { Role } from '../../src/auth/index.js';
import { DATA_QUALITY_CODES, type DataQualityCode, type System } from '../../src/model/index.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { testWorld } from '../support/world.js';

// The world's window ends here (WORLD_REFERENCE_DATE): findings and the truth are both judged at it, with the default
// stale setting.
const AS_OF = '2026-10-31T00:00:00.000Z';
const PEOPLE = 300;
const SYSTEMS: System[] = ['hubspot', 'shopify', 'zendesk', 'square'];

const FINDINGS = 'dataQuality(asOf: $asOf) { source recordId field code detail }';
const PAGE = (linkage: boolean) => `query($first: Int, $after: String, $asOf: String) { customers(first: $first, after: $after) {
  edges { node { id ${linkage ? 'sourceRecords { source recordId }' : ''} ${FINDINGS} } }
  pageInfo { hasNextPage endCursor }
} }`;
const REPORT_FIELDS = 'asOf ranAt staleDays customers records durationMs edges { cursor node { source code count exampleRecordIds } } pageInfo { hasNextPage endCursor }';
const RUN = `mutation($asOf: String) { runDataQualityReport(asOf: $asOf) { ${REPORT_FIELDS} } }`;
const READ = `query($source: Source, $first: Int, $after: String) { dataQualityReport(source: $source, first: $first, after: $after) { ${REPORT_FIELDS} } }`;

interface Finding { source: string; recordId: string; field: string; code: DataQualityCode; detail: string }
interface Node { id: string; sourceRecords: { source: string; recordId: string }[]; dataQuality: Finding[] | null }
type Page = { customers: { edges: { node: Node }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
interface Report {
  asOf: string; staleDays: number; customers: number; records: number;
  edges: { cursor: string; node: { source: string; code: DataQualityCode; count: number; exampleRecordIds: string[] } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const key = (f: { code: string; source: string; recordId: string; field: string }) => `${f.code}|${f.source}|${f.recordId}|${f.field}`;
const total = (endpoints: Record<string, number>) => Object.values(endpoints).reduce((a, b) => a + b, 0);

/** Every value a world record holds that a role without raw access to names, emails and phones must not see. */
function personalValues(record: WorldContact): string[] {
  return [record.firstName, record.lastName, record.email, record.phone, record.postalCode, ...record.secondaryEmails, ...record.secondaryPhones]
    .filter((v): v is string => v !== null && v.trim().length >= 3);
}

describe('data quality over HTTP', () => {
  const world: World = testWorld(42, PEOPLE);
  const recordsById = new Map([...world.hubspot.contacts, ...world.shopify.customers, ...world.zendesk.users, ...world.square.customers].map((r) => [r.id, r]));
  let stack: TestStack;
  let customers: Node[] = [];

  /** Every customer over HTTP, a page of 100 at a time, with their findings (and, for admins, their records), as `role`. */
  async function crawl(role: Role = 'admin'): Promise<Node[]> {
    const out: Node[] = [];
    for (let after: string | null = null; ;) {
      const res: { data?: Page | null; errors?: unknown } = await stack.query<Page>(PAGE(role === 'admin'), { first: 100, after, asOf: AS_OF }, { role });
      expect(res.errors).toBeUndefined();
      const page = res.data?.customers;
      out.push(...(page?.edges.map((e) => e.node) ?? []));
      if (!page?.pageInfo.hasNextPage) return out;
      after = page.pageInfo.endCursor;
    }
  }

  beforeAll(async () => {
    stack = await startTestStack({ SANDBOX_PEOPLE: String(PEOPLE), CACHE_TTL_SECONDS: '0', REQUEST_DEADLINE_MS: '20000' });
    customers = await crawl();
  }, 120_000);
  afterAll(() => stack?.close());

  it('finds every code on some customer of the world', () => {
    const codes = new Set(customers.flatMap((c) => c.dataQuality ?? []).map((f) => f.code));
    expect([...codes].sort()).toEqual([...DATA_QUALITY_CODES].sort());
  });

  it('files every finding on one of the customer\'s own records, once per record, field and code', () => {
    for (const c of customers) {
      const own = new Set(c.sourceRecords.map((r) => `${r.source}|${r.recordId}`));
      const findings = c.dataQuality ?? [];
      for (const f of findings) expect(own.has(`${f.source}|${f.recordId}`), key(f)).toBe(true);
      expect(new Set(findings.map(key)).size).toBe(findings.length);
    }
  });

  it('asks no silo anything beyond the customer\'s resolution', async () => {
    const someone = customers.find((c) => (c.dataQuality ?? []).length > 0 && c.sourceRecords.length > 1) as Node;
    const ask = async (fields: string) => {
      await stack.resetStats();
      const res = await stack.query(`query($id: ID!${fields.includes('$asOf') ? ', $asOf: String' : ''}) { customer(id: $id) { ${fields} } }`, { id: someone.id, ...(fields.includes('$asOf') ? { asOf: AS_OF } : {}) });
      expect(res.errors).toBeUndefined();
      return Object.fromEntries(await Promise.all(SYSTEMS.map(async (s) => [s, total((await stack.stats(s)).byEndpoint)] as const)));
    };
    const resolutionOnly = await ask('id sourceRecords { recordId }');
    const withFindings = await ask(`id sourceRecords { recordId } ${FINDINGS}`);
    expect(Object.values(resolutionOnly).some((n) => n > 0)).toBe(true);
    expect(withFindings).toEqual(resolutionOnly);
  });

  it('shows analysts the findings with no value of a name, email, phone or postal code in any detail, and refuses them to marketing', async () => {
    const analyst = await crawl('analyst');
    const records = new Map(customers.map((c) => [c.id, c.sourceRecords]));
    expect(analyst.flatMap((c) => c.dataQuality ?? []).length).toBe(customers.flatMap((c) => c.dataQuality ?? []).length);
    for (const c of analyst) {
      const values = (records.get(c.id) ?? []).flatMap((r) => personalValues(recordsById.get(r.recordId) as WorldContact)).map((v) => v.toLowerCase());
      for (const f of c.dataQuality ?? []) for (const v of values) expect(f.detail.toLowerCase(), `${f.code} ${f.field}`).not.toContain(v);
    }
    const marketing = await stack.query<Page>(PAGE(false), { first: 5, asOf: AS_OF }, { role: 'marketing' });
    expect(marketing.data?.customers.edges.every((e) => e.node.dataQuality === null)).toBe(true);
    expect(marketing.errors?.map((e) => e.extensions?.code)).toContain('FORBIDDEN');
  });

  it('audits reads of findings as the personal data they are', async () => {
    const { id } = customers.find((c) => (c.dataQuality ?? []).length > 0) as Node;
    const READ_ONE = `query Steward($id: ID!, $asOf: String) { customer(id: $id) { ${FINDINGS} } }`;
    expect((await stack.query(READ_ONE, { id, asOf: AS_OF }, { role: 'support', sub: 'steward-1' })).errors).toBeUndefined();
    await stack.query(READ_ONE, { id, asOf: AS_OF }, { role: 'marketing', sub: 'marketer-1' });
    const trail = await stack.query<{ auditEvents: { edges: { node: { subject: string; categories: { category: string; outcome: string }[] } }[] } }>(
      'query($id: ID!) { auditEvents(customerId: $id, first: 20) { edges { node { subject categories { category outcome } } } } }', { id }, { role: 'privacy' });
    const events = trail.data?.auditEvents.edges.map((e) => e.node) ?? [];
    expect(events.find((e) => e.subject === 'steward-1')?.categories).toContainEqual({ category: 'DATA_QUALITY', outcome: 'ALLOWED' });
    expect(events.find((e) => e.subject === 'marketer-1')?.categories).toContainEqual({ category: 'DATA_QUALITY', outcome: 'DENIED' });
  });

  describe('the report', () => {
    let report: Report;
    beforeAll(async () => {
      const res = await stack.query<{ runDataQualityReport: Report }>(RUN, { asOf: AS_OF });
      expect(res.errors).toBeUndefined();
      report = res.data?.runDataQualityReport as Report;
    }, 120_000);

    it('counts per silo and code what the customers\' findings hold, with example records of each', () => {
      const counted = new Map<string, number>();
      for (const f of customers.flatMap((c) => c.dataQuality ?? [])) counted.set(`${f.source}|${f.code}`, (counted.get(`${f.source}|${f.code}`) ?? 0) + 1);
      expect(report).toMatchObject({ asOf: AS_OF, staleDays: 730, customers: customers.length, records: customers.reduce((n, c) => n + c.sourceRecords.length, 0) });
      expect(new Map(report.edges.map((e) => [`${e.node.source}|${e.node.code}`, e.node.count]))).toEqual(counted);
      const withFindings = new Set(customers.flatMap((c) => (c.dataQuality ?? []).map((f) => `${f.source}|${f.code}|${f.recordId}`)));
      for (const { node } of report.edges) {
        expect(node.exampleRecordIds.length).toBeGreaterThan(0);
        expect(node.exampleRecordIds.length).toBeLessThanOrEqual(3);
        for (const id of node.exampleRecordIds) expect(withFindings.has(`${node.source}|${node.code}|${id}`)).toBe(true);
      }
    });

    it('pages through its counts, of one silo or all', async () => {
      const seen: string[] = [];
      for (let after: string | null = null; ;) {
        const res = await stack.query<{ dataQualityReport: Report }>(READ, { first: 4, after });
        expect(res.errors).toBeUndefined();
        const page = res.data?.dataQualityReport as Report;
        seen.push(...page.edges.map((e) => `${e.node.source}|${e.node.code}`));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen).toEqual(report.edges.map((e) => `${e.node.source}|${e.node.code}`));
      const pos = await stack.query<{ dataQualityReport: Report }>(READ, { source: 'POS' });
      expect(pos.data?.dataQualityReport.edges.map((e) => e.node)).toEqual(report.edges.map((e) => e.node).filter((n) => n.source === 'POS'));
    });

    it.each(['support', 'marketing', 'analyst', 'privacy'] as const)('is for admins only: %s gets FORBIDDEN for reading and running it', async (role) => {
      const read = await stack.query(READ, {}, { role });
      expect(read.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const run = await stack.query(RUN, { asOf: AS_OF }, { role });
      expect(run.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });

    it('exposes its counts as metrics', async () => {
      const metrics = await (await fetch(`${stack.stack.url}/metrics`)).text();
      for (const { node } of report.edges) expect(metrics).toContain(`c360_data_quality_findings{source="${node.source}",code="${node.code}"} ${node.count}\n`);
      const reported = new Set(report.edges.map((e) => `${e.node.source}|${e.node.code}`));
      const zero = DATA_QUALITY_CODES.find((code) => !reported.has(`SUPPORT|${code}`));
      if (zero) expect(metrics).toContain(`c360_data_quality_findings{source="SUPPORT",code="${zero}"} 0\n`);
    });
  });
});
