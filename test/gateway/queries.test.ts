import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineTotalMinor, type Person, type World } from '../../connectors/sandbox-kit/index.js';
import { formatMinorUnits } from '../../src/model/index.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { personEverywhere, testWorld } from '../support/world.js';

const CUSTOMER_FIELDS = `id displayName emails phones
  consent { email { state decidedBy statements { source state } } sms { state } }
  crm { recordId lifecycleStage company }
  orders(first: 3) { totalCount edges { cursor node { id name createdAt total { amount currencyCode } } } pageInfo { hasNextPage endCursor } }
  tickets(first: 10) { totalCount edges { node { id subject status } } }
  posTransactions(first: 10) { totalCount edges { node { id total { amount currencyCode } } } }
  sourceRecords { source system recordId matchedOn confidence }`;

type Customer = {
  id: string;
  displayName: string | null;
  emails: string[];
  phones: string[];
  crm: { recordId: string } | null;
  orders: { totalCount: number; edges: { cursor: string; node: { id: string; createdAt: string; total: { amount: string; currencyCode: string } } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
  tickets: { totalCount: number; edges: { node: { id: string } }[] };
  posTransactions: { totalCount: number; edges: { node: { id: string } }[] };
  sourceRecords: { source: string; system: string; recordId: string; matchedOn: string[]; confidence: number }[];
};

describe('customer queries over the four sandboxes', () => {
  let stack: TestStack;
  let world: World;
  let person: Person;
  const recordsOf = (p: Person) => ({
    hubspot: world.hubspot.contacts.filter((c) => c.personId === p.id).map((c) => c.id),
    shopify: world.shopify.customers.filter((c) => c.personId === p.id).map((c) => c.id),
    zendesk: world.zendesk.users.filter((c) => c.personId === p.id).map((c) => c.id),
    square: world.square.customers.filter((c) => c.personId === p.id).map((c) => c.id),
  });

  beforeAll(async () => {
    stack = await startTestStack();
    world = testWorld();
    person = personEverywhere(world);
  });
  afterAll(() => stack.close());

  async function find(email: string): Promise<Customer[]> {
    const res = await stack.query<{ findCustomers: Customer[] }>(`query($email: String) { findCustomers(email: $email) { ${CUSTOMER_FIELDS} } }`, { email });
    expect(res.errors).toBeUndefined();
    return res.data?.findCustomers ?? [];
  }

  it('finds a person by email in any case and spacing, with their records from all four silos', async () => {
    const [customer, ...others] = await find(`  ${person.email.toUpperCase()} `);
    expect(others).toEqual([]);
    const expected = recordsOf(person);
    const got = (system: string) => customer?.sourceRecords.filter((r) => r.system === system).map((r) => r.recordId).sort();
    expect(got('hubspot')).toEqual(expected.hubspot);
    expect(got('shopify')).toEqual(expected.shopify);
    expect(got('zendesk')).toEqual(expected.zendesk);
    expect(got('square')).toEqual(expected.square);
    expect(customer?.emails).toContain(person.email);
    expect(customer?.phones).toContain(person.phone);
    expect(customer?.crm?.recordId).toBe(expected.hubspot[0]);
  });

  it('lists orders newest first with an exact total count and exact money', async () => {
    const [customer] = await find(person.email);
    const shopifyId = recordsOf(person).shopify[0];
    const orders = world.shopify.orders.filter((o) => o.customerId === shopifyId).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    expect(customer?.orders.totalCount).toBe(orders.length);
    const first = orders[0];
    const edge = customer?.orders.edges[0];
    expect(edge?.node.id).toBe(first?.id);
    expect(edge?.node.total.currencyCode).toBe(first?.currency);
    expect(edge?.node.total.amount).toBe(formatMinorUnits({ minor: first?.totalMinor ?? -1, currency: first?.currency ?? '' }));
    expect(edge?.node.total.amount).toMatch(first?.currency === 'JPY' ? /^\d+$/ : first?.currency === 'KWD' ? /^\d+\.\d{3}$/ : /^\d+\.\d{2}$/);
    expect(customer?.tickets.totalCount).toBe(world.zendesk.tickets.filter((t) => t.requesterId === recordsOf(person).zendesk[0]).length);
    expect(customer?.posTransactions.totalCount).toBe(world.square.orders.filter((o) => o.customerId === recordsOf(person).square[0]).length);
  });

  it('pages orders with the cursor it returned', async () => {
    const p = world.people.find((x) => {
      const shop = world.shopify.customers.filter((c) => c.personId === x.id);
      return shop.length === 1 && world.shopify.orders.filter((o) => o.customerId === shop[0]?.id).length >= 5 && world.hubspot.contacts.some((c) => c.personId === x.id && c.email?.trim().toLowerCase() === x.email);
    });
    if (!p) throw new Error('no person with 5 orders');
    const [customer] = await find(p.email);
    const res = await stack.query<{ customer: { orders: Customer['orders'] } }>(
      `query($id: ID!, $after: String) { customer(id: $id) { orders(first: 3, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } } }`,
      { id: customer?.id, after: customer?.orders.pageInfo.endCursor },
    );
    const firstIds = customer?.orders.edges.map((e) => e.node.id) ?? [];
    const nextIds = res.data?.customer.orders.edges.map((e) => e.node.id) ?? [];
    expect(nextIds.length).toBeGreaterThan(0);
    expect(nextIds.filter((id) => firstIds.includes(id))).toEqual([]);
  });

  it('resolves the same customer from its id, an order, a POS sale and a ticket', async () => {
    const [customer] = await find(person.email);
    const sale = world.square.orders.find((o) => o.customerId === recordsOf(person).square[0]);
    const ticket = world.zendesk.tickets.find((t) => t.requesterId === recordsOf(person).zendesk[0]);
    const res = await stack.query<Record<string, { id: string } | null>>(
      `query($id: ID!, $order: ID!, $sale: ID!, $ticket: ID!) {
        byId: customer(id: $id) { id } byOrder: customerByOrder(orderId: $order) { id }
        bySale: customerByOrder(orderId: $sale) { id } byTicket: customerByTicket(ticketId: $ticket) { id } }`,
      { id: customer?.id, order: customer?.orders.edges[0]?.node.id, sale: sale?.id, ticket: ticket?.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ byId: { id: customer?.id }, byOrder: { id: customer?.id }, bySale: { id: customer?.id }, byTicket: { id: customer?.id } });
  });

  // Square writes a weighed line's quantity as a decimal string ("1.350" kg); as an Int it came back null with
  // "Int cannot represent non-integer value". It is an exact decimal string now, as Money.amount is.
  it('answers line quantities as exact decimal strings: a weighed POS line "1.35", an online order line "2"', async () => {
    const sale = world.square.orders.find((o) => o.lines.some((l) => l.weightUnit !== undefined));
    const order = world.shopify.orders.find((o) => o.lines.some((l) => l.quantity > 1));
    if (!sale || !order) throw new Error('the test world has no weighed POS line or no multi-unit order line');
    type Lines = { lineItems: { title: string; quantity: string; unitPrice: { amount: string }; total: { amount: string } }[] };
    type Edges = { edges: { node: Lines & { id: string } }[] };
    const res = await stack.query<{ bySale: { posTransactions: Edges }; byOrder: { orders: Edges } }>(
      `query($sale: ID!, $order: ID!) {
        bySale: customerByOrder(orderId: $sale) { posTransactions(first: 50) { edges { node { id lineItems { title quantity unitPrice { amount } total { amount } } } } } }
        byOrder: customerByOrder(orderId: $order) { orders(first: 50) { edges { node { id lineItems { title quantity unitPrice { amount } total { amount } } } } } } }`,
      { sale: sale.id, order: order.id },
    );
    expect(res.errors).toBeUndefined();
    const lines = (edges: Edges | undefined, id: string) => edges?.edges.find((e) => e.node.id === id)?.node.lineItems;
    const exact = (minor: number, currency: string) => formatMinorUnits({ minor, currency });
    expect(lines(res.data?.bySale.posTransactions, sale.id)).toEqual(sale.lines.map((l) => ({
      title: l.title, quantity: String(l.quantity), unitPrice: { amount: exact(l.unitMinor, sale.currency) }, total: { amount: exact(lineTotalMinor(l), sale.currency) },
    })));
    expect(lines(res.data?.bySale.posTransactions, sale.id)?.map((l) => l.quantity)).toContainEqual(expect.stringMatching(/^\d+\.\d+$/));
    expect(lines(res.data?.byOrder.orders, order.id)?.map((l) => l.quantity)).toEqual(order.lines.map((l) => String(l.quantity)));
    expect(lines(res.data?.byOrder.orders, order.id)?.map((l) => l.quantity)).toContainEqual(expect.stringMatching(/^[2-9]$/));
  });

  it('answers null for a tampered customer id and unknown order or ticket ids', async () => {
    const [customer] = await find(person.email);
    const id = customer?.id ?? '';
    const tampered = id.slice(0, -3) + (id.endsWith('AAA') ? 'BBB' : 'AAA');
    const res = await stack.query(`query($id: ID!) { customer(id: $id) { id } customerByOrder(orderId: "gid://shopify/Order/1") { id } customerByTicket(ticketId: "999999999") { id } }`, { id: tampered });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ customer: null, customerByOrder: null, customerByTicket: null });
  });

  it.each([
    ['findCustomers with no argument', '{ findCustomers { id } }', 'email'],
    ['a malformed email', '{ findCustomers(email: "not-an-email") { id } }', 'email'],
    ['a malformed phone', '{ findCustomers(phone: "12") { id } }', 'phone'],
    ['a limit out of range', '{ findCustomers(email: "a@b.example", limit: 0) { id } }', 'limit'],
    ['first out of range', '{ customers(first: 1000) { edges { cursor } } }', 'first'],
    ['a forged crawl cursor', '{ customers(after: "eyJzIjowfQ.AAAA") { edges { cursor } } }', 'after'],
    ['a malformed order id', '{ customerByOrder(orderId: "DROP TABLE") { id } }', 'orderId'],
    ['a malformed ticket id', '{ customerByTicket(ticketId: "abc") { id } }', 'ticketId'],
  ])('rejects %s with BAD_USER_INPUT naming the argument', async (_name, query, argument) => {
    const res = await stack.query(query);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    expect(JSON.stringify(res.errors)).not.toMatch(/at .*\.ts|stack/i);
  });

  it('reports every silo it touched in extensions.sources, and whether it came from the record cache', async () => {
    const fresh = personEverywhere(world, 1);
    const query = `query($email: String) { findCustomers(email: $email) { id orders { totalCount } tickets { totalCount } posTransactions { totalCount } } }`;
    const first = await stack.query(query, { email: fresh.email });
    for (const s of first.extensions?.sources ?? []) expect(s).toMatchObject({ status: 'OK', stale: false });
    expect(first.extensions?.sources?.some((s) => !s.cached)).toBe(true);
    const again = await stack.query(query, { email: fresh.email });
    for (const s of again.extensions?.sources ?? []) expect(s).toMatchObject({ status: 'OK', cached: true, stale: false });
    const res = await stack.query(`query($email: String) { findCustomers(email: $email) { id orders { totalCount } tickets { totalCount } posTransactions { totalCount } } }`, { email: person.email });
    const sources = res.extensions?.sources ?? [];
    expect(sources.map((s) => s.source).sort()).toEqual(['CRM', 'ECOMMERCE', 'POS', 'SUPPORT']);
    for (const s of sources) expect(s).toMatchObject({ status: 'OK', stale: false });
  });

  it('refuses a request without a valid bearer token with 401 UNAUTHENTICATED', async () => {
    for (const token of [null, 'not-a-jwt']) {
      const res = await stack.query('{ customers(first: 1) { edges { cursor } } }', {}, { token });
      expect(res.status).toBe(401);
      expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  it('answers /healthz', async () => {
    expect((await fetch(`${stack.stack.url}/healthz`)).status).toBe(200);
  });
});
