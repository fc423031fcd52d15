import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { World } from '../../connectors/sandbox-kit/index.js';
import { INSIGHT_MINIMUMS, MODEL_VERSION } from '../../src/insights/index.js';
import { startTestStack, type GqlResponse, type TestStack } from '../support/stack.js';
import { personEverywhere, testWorld } from '../support/world.js';

const AS_OF = '2026-11-01T00:00:00.000Z';
const MODEL = `modelVersion asOf fittedAt
  purchases { r alpha a b logLikelihood customersFitted reason }
  spend { p q gamma logLikelihood customersFitted reason }
  rfm { recencyDays purchases meanSpend reason }
  churnRisk { cuts reason }
  nps { value reason respondents promoters passives detractors }
  diagnostics { customers customersFitted repeatCustomersFitted purchaseLogLikelihood spendLogLikelihood historySpanDays asOf durationMs }`;
const REFIT = `mutation($asOf: String) { refitInsightsModel(asOf: $asOf) { ${MODEL} } }`;
const READ = `query($asOf: String) { insightsModel(asOf: $asOf) { ${MODEL} } }`;
const SCORES = `query($email: String, $asOf: String) { findCustomers(email: $email) { insights(asOf: $asOf) {
  probabilityAlive { value interval { low high level } reason basis { purchasesUsed historySpanDays silosCovered modelVersion modelAsOf } }
  expectedPurchases { value reason }
  rfm { value { recency frequency monetary segment } reason }
  churnRisk { value { quartile label } reason }
} } }`;

interface Model {
  modelVersion: string; asOf: string; fittedAt: string;
  purchases: { r: number | null; alpha: number | null; a: number | null; b: number | null; logLikelihood: number | null; customersFitted: number; reason: string | null };
  spend: { p: number | null; q: number | null; gamma: number | null; customersFitted: number; reason: string | null };
  rfm: { recencyDays: number[] | null; reason: string | null };
  churnRisk: { cuts: number[] | null; reason: string | null };
  nps: { value: number | null; reason: string | null; respondents: number; promoters: number; passives: number; detractors: number } | null;
  diagnostics: { customers: number; customersFitted: number; historySpanDays: number; asOf: string; durationMs: number; purchaseLogLikelihood: number | null };
}
interface Scores {
  probabilityAlive: { value: number | null; interval: { low: number; high: number; level: number } | null; reason: string | null;
    basis: { purchasesUsed: number; historySpanDays: number; silosCovered: string[]; modelVersion: string; modelAsOf: string | null } };
  expectedPurchases: { value: number | null; reason: string | null };
  rfm: { value: { segment: string } | null; reason: string | null };
  churnRisk: { value: { quartile: number } | null; reason: string | null };
}

interface CustomersPage {
  customers: { edges: { node: { sourceRecords: { system: string; recordId: string }[] } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

const DAY_MS = 86_400_000;

/** People of the world with a counted purchase (an order not cancelled, a completed sale) on or before asOf's day, and with two purchase days. */
function buyers(world: World) {
  const last = Math.floor(Date.parse(AS_OF) / DAY_MS);
  const owner = new Map([...world.shopify.customers, ...world.square.customers].map((c) => [c.id, c.personId]));
  const days = new Map<number, Set<number>>();
  const accounts = new Set<string>();
  const purchases = [
    ...world.shopify.orders.filter((o) => o.cancelledAt === null),
    ...world.square.orders.filter((o) => o.state === 'COMPLETED'),
  ];
  for (const o of purchases) {
    const day = Math.floor(Date.parse(o.createdAt) / DAY_MS);
    const person = owner.get(o.customerId);
    if (person === undefined || day > last) continue;
    days.set(person, (days.get(person) ?? new Set()).add(day));
    accounts.add(o.customerId);
  }
  return Object.assign(days, { accounts: accounts.size });
}

function repeatBuyer(world: World, days: Map<number, Set<number>>) {
  for (let skip = 0; ; skip++) {
    const person = personEverywhere(world, skip);
    if ((days.get(person.id)?.size ?? 0) >= 3) return person;
  }
}

// 400 people: about 300 buyers by AS_OF, above the BG/NBD fit's minimum of 200.
const PEOPLE = 400;

describe('the population models over HTTP: refitInsightsModel, insightsModel and the scored model fields', () => {
  const world = testWorld(42, PEOPLE);
  const days = buyers(world);
  const person = repeatBuyer(world, days);
  let stack: TestStack;
  let refitted: Model;

  beforeAll(async () => {
    stack = await startTestStack({ CACHE_TTL_SECONDS: '0', CIRCUIT_MIN_CALLS: '1000000', SANDBOX_PEOPLE: String(PEOPLE) });
  });
  afterAll(() => stack.close());

  it('answers no model and scores no customer before the first refit', async () => {
    const model = await stack.query<{ insightsModel: Model | null }>(READ, {}, { role: 'analyst' });
    expect(model.errors).toBeUndefined();
    expect(model.data?.insightsModel).toBeNull();
    const res = await stack.query<{ findCustomers: { insights: Scores }[] }>(SCORES, { email: person.email, asOf: AS_OF }, { role: 'support' });
    expect(res.data?.findCustomers[0]?.insights.probabilityAlive).toMatchObject({ value: null, reason: 'NO_MODEL', basis: { modelAsOf: null } });
  });

  it.each(['support', 'marketing', 'analyst', 'privacy'] as const)('refuses a refit to %s with FORBIDDEN, and keeps nothing', async (role) => {
    const res = await stack.query<{ refitInsightsModel: Model | null }>(REFIT, { asOf: AS_OF }, { role });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(res.data?.refitInsightsModel ?? null).toBeNull();
    expect((await stack.query<{ insightsModel: Model | null }>(READ)).data?.insightsModel).toBeNull();
  });

  it.each(['yesterday', '2026-11-01', '2999-01-01T00:00:00Z'])('refuses a refit at asOf %j with BAD_USER_INPUT', async (asOf) => {
    const res = await stack.query<{ refitInsightsModel: Model | null }>(REFIT, { asOf });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await stack.query<{ insightsModel: Model | null }>(READ)).data?.insightsModel).toBeNull();
  });

  it('refits as admin over every unified customer, and keeps the fitted parameters and diagnostics', async () => {
    await stack.resetStats();
    const res = await stack.query<{ refitInsightsModel: Model }>(REFIT, { asOf: AS_OF });
    expect(res.errors).toBeUndefined();
    const requests = Object.fromEntries(await Promise.all((['hubspot', 'shopify', 'zendesk', 'square'] as const).map(async (s) => [s, (await stack.stats(s)).total])));
    console.log(`refit of ${PEOPLE} people: ${Math.round(res.data?.refitInsightsModel.diagnostics.durationMs ?? 0)} ms, upstream requests ${JSON.stringify(requests)}`);
    // The crawl's look-ups and facet reads are batched per page of 100 (measured: 49, 43, 69, 33; HubSpot's include one NPS search per page), not made per customer (~290).
    for (const total of Object.values(requests)) expect(total).toBeLessThanOrEqual(80);
    refitted = res.data?.refitInsightsModel as Model;
    expect(refitted).toMatchObject({ modelVersion: MODEL_VERSION, asOf: AS_OF, purchases: { reason: null }, rfm: { reason: null }, churnRisk: { reason: null } });
    const { r, alpha, a, b } = refitted.purchases;
    for (const value of [r, alpha, a, b]) expect(value).toBeGreaterThan(0);
    expect(refitted.diagnostics.asOf).toBe(AS_OF);
    expect(refitted.diagnostics.customersFitted).toBeGreaterThanOrEqual(INSIGHT_MINIMUMS.customersForPurchaseFit);
    expect(refitted.diagnostics.purchaseLogLikelihood).toBe(refitted.purchases.logLikelihood);
    expect(refitted.diagnostics.historySpanDays).toBeGreaterThanOrEqual(INSIGHT_MINIMUMS.historySpanDays);
    // The unit is the unified customer: a person buying in Shopify and in Square counts once. Of the buying silo
    // accounts beyond one per person, at least 80 % are merged (the world leaves some records unlinkable on purpose).
    const crossSilo = days.accounts - days.size;
    expect(crossSilo).toBeGreaterThan(30);
    expect(refitted.diagnostics.customers).toBeGreaterThanOrEqual(days.size);
    expect(refitted.diagnostics.customers).toBeLessThanOrEqual(days.size + 0.2 * crossSilo);
    expect(refitted.rfm.recencyDays).toHaveLength(4);
    // Audited as the admin's, with its outcome and no customer id (read from PostgreSQL; the stack falls back to the
    // embedded database, which only the gateway can open, when PostgreSQL is away).
    const { databaseUrl } = stack.stack.settings.storage;
    if (!databaseUrl) return;
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      let rows: { sub: string; outcome: string; customer_ids: string[] }[] = [];
      for (let i = 0; i < 100 && rows.length === 0; i++) {
        ({ rows } = await db.query("SELECT sub, outcome, customer_ids FROM audit_events WHERE action = 'insights.model.refitted'"));
        if (rows.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(rows).toEqual([{ sub: 'test-admin', outcome: `asOf ${AS_OF} customers ${refitted.diagnostics.customers}`, customer_ids: [] }]);
    } finally {
      await db.end();
    }
    expect(refitted.churnRisk.cuts).toHaveLength(3);
  });

  it('keeps the population NPS the world\'s answers give for the customers the crawl resolves: latest answer per unified customer', async () => {
    // The unified customers as `customers` resolves them (the crawl resolves them the same way), with their HubSpot records.
    const customers: string[][] = [];
    let after: string | null = null;
    for (let page = 0; page < 100; page++) {
      const res: GqlResponse<CustomersPage> = await stack.query<CustomersPage>(`query($after: String) { customers(first: 100, after: $after) {
          edges { node { sourceRecords { system recordId } } } pageInfo { hasNextPage endCursor } } }`, { after });
      const connection = res.data?.customers;
      customers.push(...(connection?.edges ?? []).map((e) => e.node.sourceRecords.filter((r) => r.system === 'hubspot').map((r) => r.recordId)));
      if (!connection?.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    const latest = customers.flatMap((contactIds) => {
      const answers = world.hubspot.feedbackSubmissions
        .filter((a) => contactIds.includes(a.contactId) && Date.parse(a.submittedAt) <= Date.parse(AS_OF))
        .sort((a, b) => b.submittedAt.localeCompare(a.submittedAt) || Number(b.id) - Number(a.id));
      return answers[0] ? [answers[0].score] : [];
    });
    const promoters = latest.filter((s) => s >= 9).length;
    const detractors = latest.filter((s) => s <= 6).length;
    expect(latest.length).toBeGreaterThan(50);
    expect(refitted.nps).toEqual({
      value: (100 * (promoters - detractors)) / latest.length, reason: null,
      respondents: latest.length, promoters, passives: latest.length - promoters - detractors, detractors,
    });
    console.log(`population NPS at ${AS_OF}: ${refitted.nps?.value?.toFixed(1)} over ${latest.length} respondents`);
  });

  it('gives analysts and admins the stored model, as refitted', async () => {
    for (const role of ['analyst', 'admin'] as const) {
      const res = await stack.query<{ insightsModel: Model }>(READ, {}, { role });
      expect(res.errors).toBeUndefined();
      expect(res.data?.insightsModel).toEqual(refitted);
    }
    const before = await stack.query<{ insightsModel: Model | null }>(READ, { asOf: '2026-10-31T23:59:59Z' }, { role: 'analyst' });
    expect(before.data?.insightsModel).toBeNull();
    const support = await stack.query<{ insightsModel: Model | null }>(READ, {}, { role: 'support' });
    expect(support.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('fails a refit with the silo\'s error when a silo is out, and keeps the model it had', async () => {
    await stack.faults('square', { outage: true });
    try {
      const res = await stack.query<{ refitInsightsModel: Model | null }>(REFIT, { asOf: AS_OF });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'SOURCE_UNAVAILABLE', source: 'POS' });
      expect(res.data?.refitInsightsModel ?? null).toBeNull();
    } finally {
      await stack.faults('square', {});
    }
    expect((await stack.query<{ insightsModel: Model }>(READ)).data?.insightsModel.fittedAt).toBe(refitted.fittedAt);
  });

  it("scores a repeat buyer against the model: P(alive) in (0, 1] with its interval and basis, at the model's asOf when none is asked", async () => {
    for (const asOf of [AS_OF, null]) {
      const res = await stack.query<{ findCustomers: { insights: Scores }[] }>(SCORES, { email: person.email, asOf }, { role: 'support' });
      expect(res.errors).toBeUndefined();
      const scores = res.data?.findCustomers[0]?.insights as Scores;
      const alive = scores.probabilityAlive;
      expect(alive.reason).toBeNull();
      expect(alive.value).toBeGreaterThan(0);
      expect(alive.value).toBeLessThanOrEqual(1);
      expect(alive.interval?.level).toBe(0.8);
      expect(alive.basis).toMatchObject({ purchasesUsed: days.get(person.id)?.size, modelVersion: MODEL_VERSION, modelAsOf: AS_OF });
      expect(scores.expectedPurchases.value).toBeGreaterThan(0);
      expect(scores.rfm.value?.segment).toEqual(expect.any(String));
      expect(scores.churnRisk.value?.quartile).toBeGreaterThanOrEqual(1);
    }
  });

  it('scores a later asOf against the model before it, with the customer summarised at the asOf asked', async () => {
    const later = '2026-11-20T00:00:00Z';
    const res = await stack.query<{ findCustomers: { insights: Scores }[] }>(SCORES, { email: person.email, asOf: later }, { role: 'support' });
    expect(res.errors).toBeUndefined();
    const alive = res.data?.findCustomers[0]?.insights.probabilityAlive;
    const first = Math.min(...(days.get(person.id) ?? []));
    expect(alive?.value).toBeGreaterThan(0);
    expect(alive?.basis).toMatchObject({ modelAsOf: AS_OF, historySpanDays: Math.floor(Date.parse(later) / DAY_MS) - first });
  });

  it('refuses insightsModel at a malformed asOf with BAD_USER_INPUT', async () => {
    const res = await stack.query<{ insightsModel: Model | null }>(READ, { asOf: 'last week' }, { role: 'analyst' });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('scores against no model for an asOf before the first model', async () => {
    const res = await stack.query<{ findCustomers: { insights: Scores }[] }>(SCORES, { email: person.email, asOf: '2026-10-01T00:00:00Z' }, { role: 'support' });
    expect(res.data?.findCustomers[0]?.insights.probabilityAlive).toMatchObject({ value: null, reason: 'NO_MODEL', basis: { modelAsOf: null } });
  });
});

// 240 people: fewer buyers than the BG/NBD fit's minimum of 200 (counted from the world in the test).
const FEW_PEOPLE = 240;

describe('a refit over too few customers for the BG/NBD fit', () => {
  const world = testWorld(42, FEW_PEOPLE);
  const days = buyers(world);
  const person = repeatBuyer(world, days);
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ CACHE_TTL_SECONDS: '0', SANDBOX_PEOPLE: String(FEW_PEOPLE) });
  });
  afterAll(() => stack.close());

  it('keeps the model with TOO_FEW_CUSTOMERS_FITTED in place of the parameters, and the customer\'s predictions say so', async () => {
    expect(days.size).toBeLessThan(INSIGHT_MINIMUMS.customersForPurchaseFit);
    const res = await stack.query<{ refitInsightsModel: Model }>(REFIT, { asOf: AS_OF });
    expect(res.errors).toBeUndefined();
    expect(res.data?.refitInsightsModel.diagnostics.customers).toBeLessThan(INSIGHT_MINIMUMS.customersForPurchaseFit);
    expect(res.data?.refitInsightsModel).toMatchObject({
      purchases: { r: null, alpha: null, a: null, b: null, logLikelihood: null, customersFitted: 0, reason: 'TOO_FEW_CUSTOMERS_FITTED' },
      rfm: { reason: null },
      diagnostics: { customersFitted: 0, purchaseLogLikelihood: null },
    });
    const scores = await stack.query<{ findCustomers: { insights: Scores }[] }>(SCORES, { email: person.email, asOf: AS_OF }, { role: 'support' });
    const insights = scores.data?.findCustomers[0]?.insights as Scores;
    expect(insights.probabilityAlive).toMatchObject({ value: null, reason: 'TOO_FEW_CUSTOMERS_FITTED', basis: { modelAsOf: AS_OF } });
    expect(insights.rfm.reason).toBeNull();
  });
});
