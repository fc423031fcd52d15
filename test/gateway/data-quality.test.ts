import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataQualityTruth, type World, type WorldContact } from '../../connectors/sandbox-kit/index.js';
import type { Role } from '../../src/auth/index.js';
import { DATA_QUALITY_CODES, type DataQualityCode, type System } from '../../src/model/index.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { testWorld } from '../support/world.js';

// The world's window ends here (WORLD_REFERENCE_DATE): findings and the truth are both judged at it, with the default
// stale setting.
const AS_OF = '2026-10-31T00:00:00.000Z';
// The default world: large enough for every seeded defect to show tens of times, and crawled in about 15 s.
const PEOPLE = 2000;
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
  asOf: string; staleDays: number; customers: number; records: number; durationMs: number;
  edges: { cursor: string; node: { source: string; code: DataQualityCode; count: number; exampleRecordIds: string[] } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** A text as its words, lower-case, space-separated and padded, so that a value is found only as whole words. */
const wordsOf = (text: string) => ` ${text.toLowerCase().split(/[^\p{L}\p{N}@.+]+/u).filter(Boolean).join(' ')} `;
const key = (f: { code: string; source: string; recordId: string; field: string }) => `${f.code}|${f.source}|${f.recordId}|${f.field}`;
const total = (endpoints: Record<string, number>) => Object.values(endpoints).reduce((a, b) => a + b, 0);

/** Every value a world record holds that a role without raw access to names, emails and phones must not see. */
function personalValues(record: WorldContact): string[] {
  return [record.firstName, record.lastName, record.email, record.phone, record.postalCode, ...record.secondaryEmails, ...record.secondaryPhones]
    .filter((v): v is string => v !== null && v.trim().length >= 3);
}

/** Precision and recall per code of findings against the truth, both as (code, source, recordId, field) keys. */
function scores(found: readonly string[], truth: readonly string[]) {
  const truthSet = new Set(truth);
  const foundSet = new Set(found);
  return DATA_QUALITY_CODES.map((code) => {
    const f = [...foundSet].filter((k) => k.startsWith(`${code}|`));
    const t = [...truthSet].filter((k) => k.startsWith(`${code}|`));
    const hits = f.filter((k) => truthSet.has(k)).length;
    return { code, found: f.length, truth: t.length, precision: f.length ? hits / f.length : 1, recall: t.length ? hits / t.length : 1,
      falsePositives: f.filter((k) => !truthSet.has(k)), misses: t.filter((k) => !foundSet.has(k)) };
  });
}

describe('data quality over HTTP', () => {
  const world: World = testWorld(42, PEOPLE);
  const recordsById = new Map([...world.hubspot.contacts, ...world.shopify.customers, ...world.zendesk.users, ...world.square.customers].map((r) => [r.id, r]));
  // The generator's truth for the world the sandboxes serve, judged as the findings are.
  const truth = dataQualityTruth(world, { asOf: AS_OF, staleDays: 730 });
  let stack: TestStack;
  let customers: Node[] = [];

  /** Every customer over HTTP, a page of 100 at a time, with their findings (and, for admins, their records), as `role`. */
  async function crawl(role: Role = 'admin', pages = Number.POSITIVE_INFINITY): Promise<Node[]> {
    const out: Node[] = [];
    for (let after: string | null = null, n = 1; ; n++) {
      const res: { data?: Page | null; errors?: unknown } = await stack.query<Page>(PAGE(role === 'admin'), { first: 100, after, asOf: AS_OF }, { role });
      expect(res.errors).toBeUndefined();
      const page = res.data?.customers;
      out.push(...(page?.edges.map((e) => e.node) ?? []));
      if (!page?.pageInfo.hasNextPage || n >= pages) return out;
      after = page.pageInfo.endCursor;
    }
  }

  beforeAll(async () => {
    stack = await startTestStack({ SANDBOX_PEOPLE: String(PEOPLE), CACHE_TTL_SECONDS: '0', REQUEST_DEADLINE_MS: '20000' });
    customers = await crawl();
  }, 120_000);
  afterAll(() => stack?.close());

  it.each(DATA_QUALITY_CODES)('finds %s on a customer the truth says has it, asked alone', async (code) => {
    const holder = (d: (typeof truth)[number]) => customers.find((c) => c.sourceRecords.some((r) => r.source === d.source && r.recordId === d.recordId));
    const defect = truth.find((d) => d.code === code && holder(d)) as (typeof truth)[number];
    const res = await stack.query<{ customer: { dataQuality: Finding[] } }>(`query($id: ID!, $asOf: String) { customer(id: $id) { ${FINDINGS} } }`, { id: holder(defect)?.id, asOf: AS_OF });
    expect(res.errors).toBeUndefined();
    const found = res.data?.customer.dataQuality.find((f) => key(f) === key(defect));
    expect(found, key(defect)).toBeDefined();
    expect(found?.detail.length).toBeGreaterThan(0);
  });

  it('finds what the generator seeded: precision and recall of at least 0.95 for every code', () => {
    const found = customers.flatMap((c) => c.dataQuality ?? []).map(key);
    const figures = scores(found, truth.map(key));
    console.log(`data quality over ${PEOPLE} people, ${customers.length} customers:\n${figures.map((s) => `${s.code.padEnd(20)} found ${String(s.found).padStart(5)} truth ${String(s.truth).padStart(5)} precision ${s.precision.toFixed(4)} recall ${s.recall.toFixed(4)}`).join('\n')}`);
    // Why a finding differs from the truth: identity linked the record's customer otherwise than the person's records
    // (a miss or an over-merge), or it did not and the gateway read or judged the record otherwise.
    const personOf = new Map([...recordsById].map(([id, r]) => [id, r.personId]));
    const recordsOfPerson = new Map<number, string[]>();
    for (const [id, person] of personOf) recordsOfPerson.set(person, [...(recordsOfPerson.get(person) ?? []), id]);
    const customerOf = new Map(customers.flatMap((c) => c.sourceRecords.map((r) => [r.recordId, c] as const)));
    const cause = (k: string) => {
      const id = k.split('|')[2] as string;
      const linked = (customerOf.get(id)?.sourceRecords.map((r) => r.recordId) ?? []).sort().join(',');
      return linked === [...(recordsOfPerson.get(personOf.get(id) ?? -1) ?? [])].sort().join(',') ? 'read' : 'identity';
    };
    for (const s of figures) {
      if (s.precision === 1 && s.recall === 1) continue;
      const causes = (ks: string[]) => `identity ${ks.filter((k) => cause(k) === 'identity').length}, read ${ks.filter((k) => cause(k) === 'read').length}`;
      console.log(`${s.code}: ${s.falsePositives.length} false positives (${causes(s.falsePositives)}), ${s.misses.length} misses (${causes(s.misses)}); e.g. ${[...s.falsePositives, ...s.misses].filter((k) => cause(k) === 'read').slice(0, 4).join(', ')}`);
    }
    for (const s of figures) {
      expect(s.truth, s.code).toBeGreaterThan(0);
      expect(s.precision, `${s.code} precision`).toBeGreaterThanOrEqual(0.95);
      expect(s.recall, `${s.code} recall`).toBeGreaterThanOrEqual(0.95);
    }
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
    // The first three pages: the same customers the admin crawl began with.
    const analyst = await crawl('analyst', 3);
    const admin = new Map(customers.map((c) => [c.id, c]));
    for (const c of analyst) {
      expect(c.dataQuality).toEqual(admin.get(c.id)?.dataQuality);
      const values = (admin.get(c.id)?.sourceRecords ?? []).flatMap((r) => personalValues(recordsById.get(r.recordId) as WorldContact));
      // Details name records by silo and vendor id (no personal value), which a postal code may happen to equal.
      const ids = (admin.get(c.id)?.sourceRecords ?? []).map((r) => r.recordId);
      const withoutIds = (detail: string) => ids.reduce((d, id) => d.split(id).join(' '), detail);
      for (const f of c.dataQuality ?? []) for (const v of values) expect(wordsOf(withoutIds(f.detail)), `${f.code} ${f.field}`).not.toContain(wordsOf(v));
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
      console.log(`data-quality report: ${report.customers} customers, ${report.records} records, ${Math.round(report.durationMs)} ms`);
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
