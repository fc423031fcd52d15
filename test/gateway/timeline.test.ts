import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorConfigs, createSilos, startSandboxes, writeWorldFile } from '../../connectors/index.js';
import type { RunningSandbox, World } from '../../connectors/sandbox-kit/index.js';
import { createAuditTrail, type AuditTrail } from '../../src/audit/index.js';
import { createAuthenticator, issueToken, type Role } from '../../src/auth/index.js';
import type { System } from '../../src/model/index.js';
import { createGateway, type Gateway } from '../../src/server/index.js';
import { loadSettings } from '../../src/settings.js';
import { createSiloPipeline } from '../../src/silos/index.js';
import { testGatewayServices } from '../support/gateway-services.js';
import { solvedAtOf } from '../../connectors/zendesk/sandbox/ticket-metrics.js';
import { adaCrmChanges, timelineWorld } from '../support/timeline-world.js';

// The timeline over HTTP: the gateway over the four sandboxes serving a world file written for it (test/support/
// timeline-world.ts), with the records each facet read counted below the pipeline, as the silos handed them out.

const JWT_SECRET = 'timeline-test-jwt-secret-of-sufficient-length';
const DAY = 86_400_000;

interface Rig {
  query<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, role?: Role): Promise<{ data?: T | null; errors?: { message: string; path?: unknown[]; extensions?: Record<string, unknown> }[]; extensions?: { sources?: { source: string; status: string }[] } }>;
  sandbox(system: System): RunningSandbox;
  /** Orders, POS sales and tickets the silos handed out since the last reset, and reads of one by id. */
  read: { orders: number; pos: number; tickets: number; byId: number };
  close(): Promise<void>;
}

async function startRig(world: World, auditTrail: AuditTrail, lookaheadDays = 365): Promise<Rig> {
  const file = join(mkdtempSync(join(tmpdir(), 'c360-timeline-')), 'world.json');
  writeWorldFile(file, world);
  const sandboxes = await startSandboxes({ seed: 0, people: 0, worldFile: file, latencyMs: 0 });
  const raw = createSilos(connectorConfigs(loadSettings({}), new Map([...sandboxes].map(([system, s]) => [system, s.url]))));
  const read = { orders: 0, pos: 0, tickets: 0, byId: 0 };
  const byId = <T>(value: T) => {
    read.byId += 1;
    return value;
  };
  const count = <M extends Map<string, { items: unknown[] }>>(key: 'orders' | 'pos' | 'tickets', pages: M) => {
    for (const page of pages.values()) read[key] += page.items.length;
    return pages;
  };
  const silos = {
    ...raw,
    orders: {
      ordersFor: async (...a: Parameters<typeof raw.orders.ordersFor>) => count('orders', await raw.orders.ordersFor(...a)),
      getOrder: async (...a: Parameters<typeof raw.orders.getOrder>) => byId(await raw.orders.getOrder(...a)),
    },
    pos: {
      transactionsFor: async (...a: Parameters<typeof raw.pos.transactionsFor>) => count('pos', await raw.pos.transactionsFor(...a)),
      getTransaction: async (...a: Parameters<typeof raw.pos.getTransaction>) => byId(await raw.pos.getTransaction(...a)),
    },
    tickets: {
      ticketsFor: async (...a: Parameters<typeof raw.tickets.ticketsFor>) => count('tickets', await raw.tickets.ticketsFor(...a)),
      getTicket: async (...a: Parameters<typeof raw.tickets.getTicket>) => byId(await raw.tickets.getTicket(...a)),
    },
  };
  const pipeline = createSiloPipeline(silos);
  const gateway: Gateway = await createGateway({
    authenticator: createAuthenticator({ jwtSecret: JWT_SECRET }),
    services: { ...testGatewayServices({ silos: pipeline.silos, auditTrail, secret: 'timeline-test-gateway-secret' }), deadlineMs: 20_000, siloTimeoutMs: 10_000, timelineLookaheadMs: lookaheadDays * DAY },
  });
  const url = await gateway.listen(0, '127.0.0.1');
  return {
    read,
    sandbox(system) {
      const s = sandboxes.get(system);
      if (!s) throw new Error(`no ${system} sandbox`);
      return s;
    },
    async query(query, variables = {}, role = 'support') {
      const token = await issueToken(JWT_SECRET, { sub: `timeline-${role}`, roles: [role] });
      const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
      return res.json() as never;
    },
    async close() {
      await gateway.close();
      await Promise.all([...sandboxes.values()].map((s) => s.close()));
    },
  };
}

const FIND = `query Find($email: String!) { findCustomers(email: $email) { id } }`;
const TIMELINE = `query Timeline($id: ID!, $first: Int, $after: String, $kinds: [TimelineEventKind!], $since: String, $until: String) {
  customer(id: $id) { timeline(first: $first, after: $after, kinds: $kinds, since: $since, until: $until) {
    edges { cursor node {
      at kind source recordId
      details {
        __typename
        ... on TimelinePurchase { total { amount currencyCode } amount { amount } orderState }
        ... on TimelineTicketChange { subject status satisfaction }
        ... on TimelineLifecycleChange { stage changedBy }
        ... on TimelineConsentChange { channel state changedBy }
      }
      order { id name } posTransaction { id } ticket { id status }
    } }
    pageInfo { hasNextPage hasPreviousPage endCursor }
    gaps { source code }
  } }
}`;

interface Event {
  at: string;
  kind: string;
  source: string;
  recordId: string;
  details: Record<string, unknown> & { __typename: string };
  order: { id: string; name: string } | null;
  posTransaction: { id: string } | null;
  ticket: { id: string; status: string } | null;
}
interface TimelineAnswer {
  customer: { timeline: { edges: { cursor: string; node: Event }[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null }; gaps: { source: string; code: string }[] } | null } | null;
}

/** The kinds of the paged facets whose events the world tells with their record's creation (no late event among them). */
const FACET_KINDS = ['ORDER_PLACED', 'POS_SALE', 'TICKET_OPENED'];
const KIND_ORDER = ['ORDER_PLACED', 'ORDER_REFUNDED', 'ORDER_CANCELLED', 'POS_SALE', 'POS_REFUNDED', 'TICKET_OPENED', 'TICKET_SOLVED', 'LIFECYCLE_STAGE_CHANGED', 'CONSENT_CHANGED'];
const SOURCE_ORDER = ['CRM', 'ECOMMERCE', 'SUPPORT', 'POS'];

type Expected = Pick<Event, 'at' | 'kind' | 'source' | 'recordId'>;
const line = (e: Expected) => `${e.at} ${e.kind} ${e.source} ${e.recordId}`;
const sortEvents = (events: Expected[]) => [...events].sort((a, b) =>
  (a.at < b.at ? 1 : a.at > b.at ? -1 : 0) || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || SOURCE_ORDER.indexOf(a.source) - SOURCE_ORDER.indexOf(b.source) || (a.recordId < b.recordId ? -1 : a.recordId > b.recordId ? 1 : 0));

const canonical = (at: string) => new Date(Date.parse(at)).toISOString();

/** A person's every event, computed from the world the sandboxes serve (Ada's CRM history as the CRM reads it). */
function worldEvents(world: World, personId: number): Expected[] {
  const shop = world.shopify.customers.filter((c) => c.personId === personId);
  const ids = new Set(shop.map((c) => c.id));
  const square = new Set(world.square.customers.filter((c) => c.personId === personId).map((c) => c.id));
  const desk = new Set(world.zendesk.users.filter((u) => u.personId === personId).map((u) => u.id));
  const events: Expected[] = [];
  for (const o of world.shopify.orders.filter((o) => ids.has(o.customerId))) {
    events.push({ at: o.createdAt, kind: 'ORDER_PLACED', source: 'ECOMMERCE', recordId: o.id });
    for (const r of o.refunds ?? []) events.push({ at: r.createdAt, kind: 'ORDER_REFUNDED', source: 'ECOMMERCE', recordId: o.id });
    if (o.cancelledAt) events.push({ at: o.cancelledAt, kind: 'ORDER_CANCELLED', source: 'ECOMMERCE', recordId: o.id });
  }
  for (const o of world.square.orders.filter((o) => square.has(o.customerId))) {
    events.push({ at: o.createdAt, kind: 'POS_SALE', source: 'POS', recordId: o.id });
    for (const r of o.refunds ?? []) if (r.status === 'APPROVED') events.push({ at: r.createdAt, kind: 'POS_REFUNDED', source: 'POS', recordId: o.id });
  }
  for (const t of world.zendesk.tickets.filter((t) => desk.has(t.requesterId))) {
    events.push({ at: t.createdAt, kind: 'TICKET_OPENED', source: 'SUPPORT', recordId: t.id });
    const solved = solvedAtOf(t);
    if (solved) events.push({ at: solved, kind: 'TICKET_SOLVED', source: 'SUPPORT', recordId: t.id });
  }
  // Shopify states email and SMS consent with their time; the CRM tells its changes through its history.
  for (const c of shop) for (const _channel of ['EMAIL', 'SMS']) events.push({ at: c.consentUpdatedAt, kind: 'CONSENT_CHANGED', source: 'ECOMMERCE', recordId: c.id });
  if (personId === 1) for (const c of adaCrmChanges()) events.push({ at: c.at, kind: c.kind, source: 'CRM', recordId: '101' });
  return sortEvents(events.map((e) => ({ ...e, at: canonical(e.at) })));
}

describe('Customer.timeline over HTTP', () => {
  const world = timelineWorld();
  let auditTrail: AuditTrail;
  let rig: Rig;
  let ada: string;
  let grace: string;

  const timeline = async (id: string, variables: Record<string, unknown> = {}, role: Role = 'support') =>
    rig.query<TimelineAnswer>(TIMELINE, { id, ...variables }, role);

  /** Every page from the start, following endCursor. */
  async function pageThrough(r: Rig, id: string, variables: Record<string, unknown>): Promise<Event[]> {
    const all: Event[] = [];
    let after: string | null = null;
    for (let i = 0; i < 200; i++) {
      const res: Awaited<ReturnType<Rig['query']>> & { data?: TimelineAnswer | null } = await r.query<TimelineAnswer>(TIMELINE, { id, ...variables, after });
      expect(res.errors).toBeUndefined();
      const connection: NonNullable<TimelineAnswer['customer']>['timeline'] | undefined = res.data?.customer?.timeline;
      if (!connection) throw new Error('no timeline');
      expect(connection.gaps).toEqual([]);
      all.push(...connection.edges.map((e) => e.node));
      if (!connection.pageInfo.hasNextPage) return all;
      after = connection.pageInfo.endCursor;
    }
    throw new Error('paging did not end');
  }

  const idOf = async (r: Rig, email: string) => {
    const res = await r.query<{ findCustomers: { id: string }[] }>(FIND, { email });
    const id = res.data?.findCustomers[0]?.id;
    if (!id) throw new Error(`no customer for ${email}`);
    return id;
  };

  beforeAll(async () => {
    auditTrail = await createAuditTrail({ dataDir: mkdtempSync(join(tmpdir(), 'c360-timeline-audit-')) });
    rig = await startRig(world, auditTrail);
    ada = await idOf(rig, 'ada.byron@example.com');
    grace = await idOf(rig, 'grace.hopper@example.net');
  }, 120_000);
  afterAll(async () => {
    await rig?.close();
    await auditTrail?.close();
  });

  it('answers a customer with records in all four silos in time order across kinds, each event linked to its record', async () => {
    rig.read.byId = 0;
    const res = await timeline(ada, { first: 40 });
    // Each link comes from the page the timeline read: no order, sale or ticket is read again by id.
    expect(rig.read.byId).toBe(0);
    expect(res.errors).toBeUndefined();
    const connection = res.data?.customer?.timeline;
    const events = connection?.edges.map((e) => e.node) ?? [];
    expect(events).toHaveLength(40);
    expect(connection?.gaps).toEqual([]);
    expect(events.map(line)).toEqual(sortEvents(events).map(line));
    expect(new Set(events.map((e) => e.source))).toEqual(new Set(['CRM', 'ECOMMERCE', 'POS', 'SUPPORT']));
    expect(events.map(line)).toEqual(worldEvents(world, 1).slice(0, 40).map(line));
    const order = events.find((e) => e.kind === 'ORDER_PLACED');
    expect(order?.order?.id).toBe(order?.recordId);
    expect(order?.details).toMatchObject({ __typename: 'TimelinePurchase', total: { amount: '12.50', currencyCode: 'EUR' }, amount: null, orderState: 'PAID' });
    const refund = events.find((e) => e.kind === 'POS_REFUNDED');
    expect(refund?.posTransaction?.id).toBe(refund?.recordId);
    expect(refund?.details).toMatchObject({ amount: { amount: '5.00' } });
    const ticket = events.find((e) => e.kind === 'TICKET_OPENED');
    expect(ticket?.ticket?.id).toBe(ticket?.recordId);
    expect(ticket?.details).toMatchObject({ __typename: 'TimelineTicketChange', subject: expect.stringMatching(/^Question \d$/) });
    const solve = events.find((e) => e.kind === 'TICKET_SOLVED');
    expect(solve?.details).toMatchObject({ status: 'SOLVED', satisfaction: 'good' });
    const refunds = events.filter((e) => e.kind === 'ORDER_REFUNDED');
    expect(refunds.map((e) => e.details.amount)).toEqual(expect.arrayContaining([{ amount: '2.50' }, { amount: '1.00' }]));
    const stage = events.find((e) => e.kind === 'LIFECYCLE_STAGE_CHANGED');
    expect(stage?.details).toEqual({ __typename: 'TimelineLifecycleChange', stage: 'evangelist', changedBy: 'CRM_UI' });
    expect(events.find((e) => e.kind === 'CONSENT_CHANGED' && e.source === 'CRM')?.details).toEqual({ __typename: 'TimelineConsentChange', channel: 'EMAIL', state: 'DENIED', changedBy: 'EMAIL' });
  });

  it('pages through the whole timeline with small pages: every event once, in order, equal to the world', async () => {
    const paged = await pageThrough(rig, ada, { first: 4 });
    expect(paged.map(line)).toEqual(worldEvents(world, 1).map(line));
    expect(new Set(paged.map((e) => e.kind))).toEqual(new Set(KIND_ORDER));
  });

  it('resumes a cursor where it left off after the silo gained newer orders', async () => {
    const before = await timeline(ada, { first: 5, kinds: FACET_KINDS });
    const cursor = before.data?.customer?.timeline?.pageInfo.endCursor;
    const next = await timeline(ada, { first: 5, kinds: FACET_KINDS, after: cursor });
    const changed = await startRig(timelineWorld({ extraOrders: 3 }), auditTrail);
    try {
      const id = await idOf(changed, 'ada.byron@example.com');
      const first = await changed.query<TimelineAnswer>(TIMELINE, { id, first: 3, kinds: FACET_KINDS });
      expect(first.data?.customer?.timeline?.edges.map((e) => e.node.order?.name)).toEqual(['#1902', '#1901', '#1900']);
      const resumed = await changed.query<TimelineAnswer>(TIMELINE, { id, first: 5, kinds: FACET_KINDS, after: cursor });
      expect(resumed.errors).toBeUndefined();
      expect(resumed.data?.customer?.timeline?.edges.map((e) => line(e.node))).toEqual(next.data?.customer?.timeline?.edges.map((e) => line(e.node)));
      expect(resumed.data?.customer?.timeline?.pageInfo.hasPreviousPage).toBe(true);
    } finally {
      await changed.close();
    }
  }, 60_000);

  it('filters by kinds, since and until', async () => {
    const until = new Date(Date.parse(worldEvents(world, 1)[5]!.at)).toISOString();
    const since = new Date(Date.parse(worldEvents(world, 1)[40]!.at) + 1).toISOString();
    const res = await timeline(ada, { first: 100, kinds: ['POS_SALE', 'TICKET_OPENED'], since: until, until: since });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'since' });
    const filtered = await timeline(ada, { first: 100, kinds: ['POS_SALE', 'TICKET_OPENED'], since: since.replace('Z', '+00:00'), until });
    expect(filtered.errors).toBeUndefined();
    const expected = worldEvents(world, 1).filter((e) => ['POS_SALE', 'TICKET_OPENED'].includes(e.kind) && e.at >= since && e.at <= until);
    expect(expected.length).toBeGreaterThan(2);
    expect(filtered.data?.customer?.timeline?.edges.map((e) => line(e.node))).toEqual(expected.map(line));
  });

  it('reads a 500-order customer only as deep as a page of 20 and the look-ahead need', async () => {
    rig.read.orders = 0;
    const res = await timeline(grace, { first: 20 });
    expect(res.errors).toBeUndefined();
    const events = res.data?.customer?.timeline?.edges.map((e) => e.node) ?? [];
    expect(events.filter((e) => e.kind === 'ORDER_PLACED').map(line)).toEqual(worldEvents(world, 2).slice(0, events.filter((e) => e.kind === 'ORDER_PLACED').length).map(line));
    // 20 weekly orders and a year of look-ahead beyond them: about 72 orders, read in doubling windows, of 500.
    console.info(`timeline: a page of 20 of a 500-order customer read ${rig.read.orders} orders`);
    expect(rig.read.orders).toBeGreaterThanOrEqual(20 + 52);
    expect(rig.read.orders).toBeLessThan(200);
    expect(res.data?.customer?.timeline?.pageInfo.hasNextPage).toBe(true);
  });

  it('refuses bad arguments with clear codes, naming the argument', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ first: 0 }, 'BAD_USER_INPUT', 'first'],
      [{ first: 101 }, 'BAD_USER_INPUT', 'first'],
      [{ after: 'bm90LWEtY3Vyc29y' }, 'TIMELINE_CURSOR_INVALID', 'after'],
      [{ after: Buffer.from(JSON.stringify({ at: 'yesterday', kind: 'POS_SALE', source: 'POS', recordId: 'x', key: '' })).toString('base64url') }, 'TIMELINE_CURSOR_INVALID', 'after'],
      [{ since: 'yesterday' }, 'BAD_USER_INPUT', 'since'],
      [{ until: '2026-13-01T00:00:00Z' }, 'BAD_USER_INPUT', 'until'],
    ];
    for (const [variables, code, argument] of cases) {
      const res = await timeline(ada, variables);
      expect(res.data?.customer?.timeline, JSON.stringify(variables)).toBeNull();
      expect(res.errors?.[0]?.extensions, JSON.stringify(variables)).toMatchObject({ code, argument });
      expect(res.errors?.[0]?.path).toEqual(['customer', 'timeline']);
    }
  });

  it('keeps each payload field under its own category: marketing sees the events, not what the customer wrote', async () => {
    const res = await timeline(ada, { first: 10, kinds: ['TICKET_OPENED'] }, 'marketing');
    const events = res.data?.customer?.timeline?.edges.map((e) => e.node) ?? [];
    expect(events).toHaveLength(8);
    expect(events.every((e) => e.details.subject === null && e.details.status !== null)).toBe(true);
    expect(res.errors?.every((e) => e.extensions?.code === 'FORBIDDEN' && e.extensions.category === 'TICKET_CONTENT')).toBe(true);
  });

  it('audits timeline reads like every personal field: the customer, TIMELINE and each payload category with its outcome', async () => {
    await timeline(ada, { first: 5, kinds: ['TICKET_OPENED'] }, 'analyst');
    const trail = await rig.query<{ auditEvents: { edges: { node: { subject: string; customerIds: string[]; categories: { category: string; outcome: string }[] } }[] } }>(
      `query Trail($id: ID!) { auditEvents(customerId: $id, first: 20) { edges { node { subject customerIds categories { category outcome } } } } }`, { id: ada }, 'privacy');
    expect(trail.errors).toBeUndefined();
    const event = trail.data?.auditEvents.edges.map((e) => e.node).find((e) => e.subject === 'timeline-analyst');
    expect(event?.customerIds).toEqual([ada]);
    expect(event?.categories).toEqual(expect.arrayContaining([
      { category: 'TIMELINE', outcome: 'ALLOWED' },
      { category: 'SUPPORT_META', outcome: 'ALLOWED' },
      { category: 'TICKET_CONTENT', outcome: 'DENIED' },
    ]));
  });

  it('marks a failed silo as a gap with its source and code while the rest still pages', async () => {
    const faults = (body: unknown) => fetch(`${rig.sandbox('zendesk').url}/__sandbox/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await faults({ outage: true });
    try {
      const res = await timeline(ada, { first: 6 });
      const connection = res.data?.customer?.timeline;
      expect(connection?.gaps).toEqual([{ source: 'SUPPORT', code: expect.stringMatching(/^(SOURCE_UNAVAILABLE|CIRCUIT_OPEN)$/) }]);
      expect(res.extensions?.sources?.find((s) => s.source === 'SUPPORT')?.status).not.toBe('OK');
      const expected = worldEvents(world, 1).filter((e) => e.source !== 'SUPPORT');
      expect((connection?.edges ?? []).map((e) => line(e.node))).toEqual(expected.slice(0, 6).map(line));
      const second = await timeline(ada, { first: 6, after: connection?.pageInfo.endCursor });
      expect(second.data?.customer?.timeline?.gaps.map((g) => g.source)).toEqual(['SUPPORT']);
      expect(second.data?.customer?.timeline?.edges.length).toBe(6);
    } finally {
      await faults({});
    }
  });
});
