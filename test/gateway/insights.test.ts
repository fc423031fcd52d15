import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { refundedMinorOf } from '../../connectors/shopify/sandbox/index.js';
import { firstReplyMinutesOf } from '../../connectors/zendesk/sandbox/index.js';
import type { Person, World, WorldPosOrder, WorldTicket } from '../../connectors/sandbox-kit/index.js';
import type { System } from '../../src/model/index.js';
import { agentViewQuery } from '../support/agent-view.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { personEverywhere, testWorld } from '../support/world.js';

const AS_OF = '2026-11-01T00:00:00Z';
const INSIGHTS = `insights(asOf: "${AS_OF}") {
  asOf
  value { orderCount firstPurchaseAt lastPurchaseAt meanDaysBetweenPurchases silosCovered partial { source reason code }
    perCurrency { currency orderCount gross { amount currencyCode } refunded { amount } net { amount } averageOrderValue { amount } } }
  support { openTickets ticketCount partial { source reason code }
    csat { value reason good bad ratedTickets }
    firstReplyTime { calendarMinutes businessMinutes reason repliedTickets } }
  rfm { value { segment } reason basis { purchasesUsed historySpanDays silosCovered modelVersion } }
  probabilityAlive { value interval { low } reason basis { purchasesUsed } }
  churnRisk { value { quartile } reason }
  expectedPurchases { value reason }
  expectedValue { value reason }
}`;
const BY_EMAIL = `query($email: String) { findCustomers(email: $email) { id ${INSIGHTS} } }`;

interface Insights {
  asOf: string;
  value: {
    orderCount: number; firstPurchaseAt: string | null; lastPurchaseAt: string | null; meanDaysBetweenPurchases: number | null;
    silosCovered: string[]; partial: { source: string; reason: string; code: string | null }[];
    perCurrency: { currency: string; orderCount: number; gross: { amount: string }; refunded: { amount: string }; net: { amount: string }; averageOrderValue: { amount: string } }[];
  };
  support: {
    openTickets: number; ticketCount: number; partial: { source: string; reason: string; code: string | null }[];
    csat: { value: number | null; reason: string | null; good: number; bad: number; ratedTickets: number };
    firstReplyTime: { calendarMinutes: number | null; businessMinutes: number | null; reason: string | null; repliedTickets: number };
  };
  rfm: { value: unknown; reason: string; basis: { purchasesUsed: number; historySpanDays: number; silosCovered: string[]; modelVersion: string } };
  probabilityAlive: { value: number | null; reason: string; basis: { purchasesUsed: number } };
  churnRisk: { value: unknown; reason: string };
  expectedPurchases: { value: number | null; reason: string };
  expectedValue: { value: number | null; reason: string };
}

const asOfMs = Date.parse(AS_OF);
const DAY_MS = 86_400_000;
const decimal = (minor: number) => (minor / 100).toFixed(2);

const approvedRefunds = (o: WorldPosOrder) => (o.refunds ?? []).filter((r) => r.status === 'APPROVED').reduce((sum, r) => sum + r.amountMinor, 0);

/** What the sandboxes' own records say the person's purchases are worth, counted independently of the gateway. */
function expectedValue(world: World, person: Person) {
  const shop = new Set(world.shopify.customers.filter((c) => c.personId === person.id).map((c) => c.id));
  const square = new Set(world.square.customers.filter((c) => c.personId === person.id).map((c) => c.id));
  const orders = world.shopify.orders.filter((o) => shop.has(o.customerId) && o.cancelledAt === null && Date.parse(o.createdAt) <= asOfMs);
  const sales = world.square.orders.filter((o) => square.has(o.customerId) && o.state === 'COMPLETED' && Date.parse(o.createdAt) <= asOfMs);
  const purchases = [
    ...orders.map((o) => ({ at: o.createdAt, currency: o.currency, gross: o.totalMinor, refunded: refundedMinorOf(o) })),
    // Square pays back what its APPROVED refunds say (Order.refunds).
    ...sales.map((o) => ({ at: o.createdAt, currency: o.currency, gross: o.totalMinor, refunded: approvedRefunds(o) })),
  ];
  const currencies = new Map<string, { n: number; gross: number; refunded: number }>();
  for (const p of purchases) {
    const c = currencies.get(p.currency) ?? { n: 0, gross: 0, refunded: 0 };
    currencies.set(p.currency, { n: c.n + 1, gross: c.gross + p.gross, refunded: c.refunded + p.refunded });
  }
  const times = purchases.map((p) => Date.parse(p.at)).sort((a, b) => a - b);
  const days = new Set(times.map((t) => Math.floor(t / DAY_MS)));
  return { purchases, currencies, times, purchaseDays: days.size, firstDay: Math.min(...days), squareRefunds: sales.filter((o) => approvedRefunds(o) > 0).length };
}

// An oracle independent of the gateway's arithmetic: count the minutes of the span one by one.
function businessMinutesByCounting(from: number, minutes: number): number {
  let n = 0;
  for (let m = 0; m < minutes; m++) {
    const at = new Date(from + m * 60_000);
    const minuteOfDay = at.getUTCHours() * 60 + at.getUTCMinutes();
    if (at.getUTCDay() >= 1 && at.getUTCDay() <= 5 && minuteOfDay >= 540 && minuteOfDay < 1020) n++;
  }
  return n;
}

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

function ticketsOf(world: World, person: Person): WorldTicket[] {
  const users = new Set(world.zendesk.users.filter((u) => u.personId === person.id).map((u) => u.id));
  return world.zendesk.tickets.filter((t) => users.has(t.requesterId) && Date.parse(t.createdAt) <= asOfMs);
}

/** A person of the test world, in all four silos, with a rated ticket, a replied one, and purchases on two days. */
function pickPerson(world: World): Person {
  for (let skip = 0; ; skip++) {
    const person = personEverywhere(world, skip);
    const tickets = ticketsOf(world, person);
    if (tickets.some((t) => t.satisfaction === 'good' || t.satisfaction === 'bad') && tickets.some((t) => firstReplyMinutesOf(t) !== null) &&
      expectedValue(world, person).purchaseDays >= 2) return person;
  }
}

/** A person with a refunded POS sale whose every record carries their own email, so the email look-up links them all. */
function pickRefundedPerson(world: World): Person {
  const records = [...world.hubspot.contacts, ...world.shopify.customers, ...world.zendesk.users, ...world.square.customers];
  const sharedEmail = new Set(world.people.flatMap((p) => (p.householdOf === null ? [] : [p.householdOf])));
  const person = world.people.find((p) => p.householdOf === null && !sharedEmail.has(p.id) &&
    records.filter((r) => r.personId === p.id).every((r) => r.email?.trim().toLowerCase() === p.email) &&
    expectedValue(world, p).squareRefunds > 0);
  if (!person) throw new Error('the test world has no person with a refunded POS sale');
  return person;
}

describe('Customer.insights over HTTP, against the sandboxes\' own records', () => {
  const world = testWorld();
  const person = pickPerson(world);
  let stack: TestStack;
  let insights: Insights;
  let customerId: string;

  beforeAll(async () => {
    stack = await startTestStack({ CACHE_TTL_SECONDS: '0', CIRCUIT_MIN_CALLS: '1000000' });
    const res = await stack.query<{ findCustomers: { id: string; insights: Insights }[] }>(BY_EMAIL, { email: person.email });
    expect(res.errors).toBeUndefined();
    insights = res.data?.findCustomers[0]?.insights as Insights;
    customerId = res.data?.findCustomers[0]?.id as string;
  });
  afterEach(async () => {
    for (const system of ['hubspot', 'shopify', 'zendesk', 'square'] as const) await stack.faults(system, {});
  });
  afterAll(() => stack.close());

  it('nets a POS sale\'s approved refunds (Square Order.refunds) in the historic value', async () => {
    const refunded = pickRefundedPerson(world);
    const res = await stack.query<{ findCustomers: { insights: Insights }[] }>(BY_EMAIL, { email: refunded.email });
    expect(res.errors).toBeUndefined();
    const { purchases, currencies } = expectedValue(world, refunded);
    const value = res.data?.findCustomers[0]?.insights.value;
    expect(value?.orderCount).toBe(purchases.length);
    expect(Object.fromEntries((value?.perCurrency ?? []).map((c) => [c.currency, [c.refunded.amount, c.net.amount]]))).toEqual(
      Object.fromEntries([...currencies].map(([currency, c]) => [currency, [decimal(c.refunded), decimal(c.gross - c.refunded)]])),
    );
  });

  it('gives the historic value per currency: orders not cancelled plus completed POS sales, less refunds', () => {
    const { purchases, currencies, times } = expectedValue(world, person);
    expect(insights.asOf).toBe('2026-11-01T00:00:00.000Z');
    expect(insights.value.orderCount).toBe(purchases.length);
    expect(insights.value.silosCovered.sort()).toEqual(['ECOMMERCE', 'POS']);
    expect(insights.value.partial).toEqual([]);
    const got = new Map(insights.value.perCurrency.map((c) => [c.currency, c]));
    expect([...got.keys()].sort()).toEqual([...currencies.keys()].sort());
    for (const [currency, c] of currencies) {
      expect(got.get(currency)).toMatchObject({
        orderCount: c.n,
        gross: { amount: decimal(c.gross), currencyCode: currency },
        refunded: { amount: decimal(c.refunded) },
        net: { amount: decimal(c.gross - c.refunded) },
        averageOrderValue: { amount: decimal(Math.round((c.gross - c.refunded) / c.n)) },
      });
    }
    // Vendors state times to the second.
    const seconds = (iso: string | null) => Math.floor(Date.parse(iso ?? '') / 1000);
    expect(seconds(insights.value.firstPurchaseAt)).toBe(Math.floor((times[0] as number) / 1000));
    expect(seconds(insights.value.lastPurchaseAt)).toBe(Math.floor((times.at(-1) as number) / 1000));
    const meanDays = ((times.at(-1) as number) - (times[0] as number)) / DAY_MS / (times.length - 1);
    expect(insights.value.meanDaysBetweenPurchases).toBeCloseTo(meanDays, 3);
  });

  it('gives CSAT over the rated tickets, the median first reply time in calendar and business minutes, and the unsolved tickets', () => {
    const tickets = ticketsOf(world, person);
    const good = tickets.filter((t) => t.satisfaction === 'good').length;
    const bad = tickets.filter((t) => t.satisfaction === 'bad').length;
    expect(insights.support.csat).toEqual({ value: good / (good + bad), reason: null, good, bad, ratedTickets: good + bad });
    const replied = tickets.filter((t) => firstReplyMinutesOf(t) !== null);
    const calendar = replied.map((t) => firstReplyMinutesOf(t) as number);
    // The sandbox states creation to the second: the span starts there.
    const business = replied.map((t) => businessMinutesByCounting(Math.floor(Date.parse(t.createdAt) / 1000) * 1000, firstReplyMinutesOf(t) as number));
    expect(insights.support.firstReplyTime.repliedTickets).toBe(replied.length);
    expect(insights.support.firstReplyTime.calendarMinutes).toBe(median(calendar));
    expect(insights.support.firstReplyTime.businessMinutes).toBeCloseTo(median(business), 0);
    expect(insights.support.openTickets).toBe(tickets.filter((t) => ['new', 'open', 'pending', 'hold'].includes(t.status)).length);
    expect(insights.support.ticketCount).toBe(tickets.length);
    expect(insights.support.partial).toEqual([]);
  });

  it('gives every model field null with NO_MODEL (no population model is fitted yet) and the customer\'s basis', () => {
    const { purchaseDays, firstDay } = expectedValue(world, person);
    const basis = { purchasesUsed: purchaseDays, historySpanDays: Math.floor(asOfMs / DAY_MS) - firstDay, modelVersion: 'bgnbd-gg-rfm/1' };
    expect(insights.rfm).toMatchObject({ value: null, reason: 'NO_MODEL', basis });
    expect(insights.rfm.basis.silosCovered.sort()).toEqual(['ECOMMERCE', 'POS']);
    for (const field of [insights.probabilityAlive, insights.churnRisk, insights.expectedPurchases, insights.expectedValue]) {
      expect(field).toMatchObject({ value: null, reason: 'NO_MODEL' });
    }
  });

  it('answers analysts and marketing too, beside pseudonyms', async () => {
    for (const role of ['analyst', 'marketing'] as const) {
      const res = await stack.query<{ customer: { emails: string[]; insights: Insights } }>(`query($id: ID!) { customer(id: $id) { emails ${INSIGHTS} } }`, { id: customerId }, { role });
      expect(res.errors).toBeUndefined();
      expect(res.data?.customer.insights).toEqual(insights);
      if (role === 'analyst') expect(res.data?.customer.emails.every((e) => e.startsWith('psn_'))).toBe(true);
    }
  });

  it.each([
    ['a date without a time', '2026-11-01'],
    ['a date-time without an offset', '2026-11-01T00:00:00'],
    ['no date at all', 'yesterday'],
  ])('refuses %s as asOf with BAD_USER_INPUT', async (_name, asOf) => {
    const res = await stack.query<{ findCustomers: { insights: Insights | null }[] }>(
      'query($email: String, $asOf: String) { findCustomers(email: $email) { id insights(asOf: $asOf) { asOf } } }', { email: person.email, asOf });
    expect(res.data?.findCustomers[0]?.insights).toBeNull();
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'asOf' });
  });

  it('marks support partial with its source and code when Zendesk is down, and still gives the value', async () => {
    await stack.faults('zendesk', { outage: true });
    const res = await stack.query<{ findCustomers: { insights: Insights }[] }>(BY_EMAIL, { email: person.email });
    const got = res.data?.findCustomers[0]?.insights;
    expect(got?.support.partial).toEqual([{ source: 'SUPPORT', reason: 'FAILED', code: 'SOURCE_UNAVAILABLE' }]);
    expect(got?.support.csat).toMatchObject({ value: null, reason: 'NO_RATED_TICKETS' });
    expect(got?.value.orderCount).toBe(insights.value.orderCount);
    expect(got?.value.partial).toEqual([]);
  });

  it('marks the value partial when Square is down, counting the Shopify orders alone', async () => {
    await stack.faults('square', { outage: true });
    const res = await stack.query<{ findCustomers: { insights: Insights }[] }>(BY_EMAIL, { email: person.email });
    const got = res.data?.findCustomers[0]?.insights;
    const shop = new Set(world.shopify.customers.filter((c) => c.personId === person.id).map((c) => c.id));
    const shopOrders = world.shopify.orders.filter((o) => shop.has(o.customerId) && o.cancelledAt === null && Date.parse(o.createdAt) <= asOfMs);
    expect(got?.value.partial).toEqual([{ source: 'POS', reason: 'FAILED', code: 'SOURCE_UNAVAILABLE' }]);
    expect(got?.value.silosCovered).toEqual(['ECOMMERCE']);
    expect(got?.value.orderCount).toBe(shopOrders.length);
    expect(got?.rfm.basis.silosCovered).toEqual(['ECOMMERCE']);
  });
});

const SYSTEMS: System[] = ['hubspot', 'shopify', 'zendesk', 'square'];

describe('upstream requests of the agent view with insights, record cache off', () => {
  const world = testWorld();
  const people = [0, 1, 2, 3, 4, 5, 6, 7].map((skip) => personEverywhere(world, skip));
  let stack: TestStack;
  const counts = new Map<string, Record<System, Record<string, number>>>();
  const views = new Map<string, unknown[]>();

  beforeAll(async () => {
    stack = await startTestStack({ CACHE_TTL_SECONDS: '0', REQUEST_DEADLINE_MS: '20000' });
    for (const [name, query] of [['plain', agentViewQuery()], ['insights', agentViewQuery(INSIGHTS)]] as const) {
      await stack.resetStats();
      for (const person of people) {
        const zendeskIds = new Set(world.zendesk.users.filter((u) => u.personId === person.id).map((u) => u.id));
        const ticket = world.zendesk.tickets.find((t) => zendeskIds.has(t.requesterId));
        const res = await stack.query<{ customerByTicket: { id: string; insights?: unknown } | null }>(query, { ticketId: ticket?.id }, { role: 'support' });
        expect(res.errors).toBeUndefined();
        expect(res.data?.customerByTicket?.id).toEqual(expect.any(String));
        const { insights: _insights, ...view } = res.data?.customerByTicket ?? {};
        views.set(name, [...(views.get(name) ?? []), view]);
      }
      counts.set(name, Object.fromEntries(await Promise.all(SYSTEMS.map(async (s) => [s, (await stack.stats(s)).byEndpoint] as const))) as Record<System, Record<string, number>>);
    }
  });
  afterAll(() => stack.close());

  const total = (endpoints: Record<string, number>) => Object.values(endpoints).reduce((a, b) => a + b, 0);

  it('answers the agent view the same with insights beside it: the open tickets filtered from the all-status read equal the search\'s', () => {
    expect(views.get('insights')).toEqual(views.get('plain'));
    expect(JSON.stringify(views.get('plain'))).toContain('"status":"OPEN"');
  });

  it('reads the first reply times with the ticket search pages (sideloaded), never from the Ticket Metrics API', () => {
    const endpoints = Object.keys(counts.get('insights')?.zendesk ?? {});
    expect(endpoints.filter((e) => e.includes('metric'))).toEqual([]);
  });

  it('adds no upstream request: the all-status ticket search replaces the open-tickets one, orders and POS sales come with the reads the view makes anyway', () => {
    const plain = counts.get('plain') as Record<System, Record<string, number>>;
    const withInsights = counts.get('insights') as Record<System, Record<string, number>>;
    const perSilo = SYSTEMS.map((s) => `${s} ${total(plain[s])} → ${total(withInsights[s])}`);
    console.log(`agent view ×${people.length}, plain → with insights: ${perSilo.join(', ')}`);
    // Each person here holds fewer than 100 tickets (one search page) and fewer orders than come with the customer read.
    for (const person of people) {
      const users = new Set(world.zendesk.users.filter((u) => u.personId === person.id).map((u) => u.id));
      expect(world.zendesk.tickets.filter((t) => users.has(t.requesterId)).length).toBeLessThanOrEqual(100);
    }
    // The open tickets the agent view lists are filtered from the all-status read insights make, instead of a search of their own.
    expect(total(withInsights.zendesk)).toBe(total(plain.zendesk));
    // Square's look-ups vary by a request either way with the keys the other silos bring; its order search is shared.
    expect(total(withInsights.square)).toBeLessThanOrEqual(total(plain.square));
    expect(withInsights.square['POST /v2/orders/search']).toBe(plain.square['POST /v2/orders/search']);
    expect(total(withInsights.hubspot)).toBe(total(plain.hubspot));
    expect(total(withInsights.shopify)).toBe(total(plain.shopify));
  });
});
