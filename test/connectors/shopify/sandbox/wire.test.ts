import { describe, expect, it } from 'vitest';
import { formatMinorUnits } from '../../../../src/model/index.js';
import { fixture, fixtureText } from '../support.js';
import { smallWorld, useShopifySandbox } from '../support-sandbox.js';
import { specProblems } from '../support-spec.js';

const world = smallWorld();
const sandbox = useShopifySandbox(world);
const withOrders = world.shopify.customers.find((c) => world.shopify.orders.filter((o) => o.customerId === c.id).length >= 3);
const withPhone = world.shopify.customers.find((c) => c.phone !== null);
if (!withOrders || !withPhone) throw new Error('the test world lacks the customers these tests need');

/** Posts an operation and asserts the answer is an executed 200 whose data round-trips through the subset SDL. */
async function executed(query: string, variables: Record<string, unknown> = {}) {
  const { status, body } = await sandbox.post({ query, variables });
  expect(status).toBe(200);
  expect(body.errors).toBeUndefined();
  expect(specProblems(query, variables, body.data)).toEqual([]);
  return body;
}

describe('Shopify sandbox serves the vendor example operations within the spec', () => {
  it('answers customer-by-id with every field the shopify.dev example asks for', async () => {
    const query = fixtureText('customer-by-id.query.graphql').replace('gid://shopify/Customer/544365967', withOrders.id);
    const body = await executed(query);
    expect(body.data).toMatchObject({ customer: { id: withOrders.id, email: withOrders.email, phone: withOrders.phone } });
  });

  it('answers customers-by-email and customers-by-phone with the example field set, and an empty connection when nothing matches', async () => {
    const byEmail = fixtureText('customers-by-email.query.graphql');
    const emailVars = { ...fixture('customers-by-email.variables.json'), query: `email:${withOrders.email?.trim().toLowerCase()}` };
    const body = await executed(byEmail, emailVars);
    expect(body.data).toMatchObject({ customers: { edges: [{ node: { id: withOrders.id } }] } });
    const empty = await executed(fixtureText('customers-by-phone.query.graphql'), fixture('customers-by-phone.variables.json'));
    expect(empty.data).toEqual(fixture<{ data: unknown }>('customers-by-phone.empty.response.json').data);
  });

  it('answers customer-orders newest first with exact decimal strings from minor units', async () => {
    const variables = { ...fixture('customer-orders.variables.json'), id: withOrders.id, first: 2 };
    const body = await executed(fixtureText('customer-orders.query.graphql'), variables);
    const orders = world.shopify.orders.filter((o) => o.customerId === withOrders.id).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    const served = (body.data as { customer: { orders: { edges: { node: { id: string; totalPriceSet: { shopMoney: { amount: string } } } }[]; pageInfo: { hasNextPage: boolean } } } }).customer.orders;
    expect(served.edges.map((e) => e.node.id)).toEqual(orders.slice(0, 2).map((o) => o.id));
    expect(served.edges[0]?.node.totalPriceSet.shopMoney.amount).toBe(formatMinorUnits({ minor: orders[0]?.totalMinor ?? -1, currency: orders[0]?.currency ?? '' }));
    expect(served.pageInfo.hasNextPage).toBe(true);
  });

  it('formats JPY and KWD totals with their own number of decimals', async () => {
    for (const currency of ['JPY', 'KWD']) {
      const order = world.shopify.orders.find((o) => o.currency === currency);
      if (!order) throw new Error(`no ${currency} order in the test world`);
      const body = await executed('query($id: ID!) { order(id: $id) { id currencyCode totalPriceSet { shopMoney { amount currencyCode } } } }', { id: order.id });
      const amount = (body.data as { order: { totalPriceSet: { shopMoney: { amount: string } } } }).order.totalPriceSet.shopMoney.amount;
      expect(amount).toBe(formatMinorUnits({ minor: order.totalMinor, currency }));
      expect(amount).toMatch(currency === 'JPY' ? /^\d+$/ : /^\d+\.\d{3}$/);
    }
  });

  it('answers nodes(ids:) in the order asked, null for unknown ids and {} for a node the fragment does not cover', async () => {
    const ids = [withPhone.id, 'gid://shopify/Customer/1', withOrders.id];
    const query = 'query($ids: [ID!]!) { nodes(ids: $ids) { ... on Customer { id email smsMarketingConsent { marketingState } } } }';
    const body = await executed(query, { ids });
    expect((body.data as { nodes: ({ id: string } | null)[] }).nodes.map((n) => n?.id ?? null)).toEqual([withPhone.id, null, withOrders.id]);
    const order = world.shopify.orders[0]?.id as string;
    const mixed = await sandbox.post({ query, variables: { ids: [order] } });
    expect(mixed.body.data).toEqual({ nodes: [{}] });
  });

  it('maps World consent to Shopify marketing states and gives SMS consent only to customers with a phone', async () => {
    const states = { GRANTED: 'SUBSCRIBED', DENIED: 'UNSUBSCRIBED', UNKNOWN: 'NOT_SUBSCRIBED' } as const;
    const sample = world.shopify.customers.slice(0, 40);
    const query = 'query($ids: [ID!]!) { nodes(ids: $ids) { ... on Customer { id emailMarketingConsent { marketingState } smsMarketingConsent { marketingState } } } }';
    const body = await executed(query, { ids: sample.map((c) => c.id) });
    const nodes = (body.data as { nodes: { emailMarketingConsent: { marketingState: string } | null; smsMarketingConsent: { marketingState: string } | null }[] }).nodes;
    nodes.forEach((node, i) => {
      const c = sample[i];
      expect(node.emailMarketingConsent?.marketingState ?? null).toBe(c?.email ? states[c.emailConsent] : null);
      expect(node.smsMarketingConsent?.marketingState ?? null).toBe(c?.phone ? states[c.smsConsent] : null);
    });
  });

  it('carries extensions.cost with the throttle status on every executed answer', async () => {
    const body = await executed('{ customers(first: 10) { edges { node { id defaultAddress { zip } } } } }');
    // The sandbox's simple model: connection 2 + first, each object 1 (node and address).
    expect(body.extensions?.cost).toEqual({
      requestedQueryCost: 14,
      actualQueryCost: expect.any(Number),
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: expect.any(Number), restoreRate: 100 },
    });
    expect(Number(body.extensions?.cost?.actualQueryCost)).toBeLessThanOrEqual(14);
  });

  it('serves the ground truth with the gids the connector exposes, and counts requests by endpoint', async () => {
    const truth = await sandbox.truth();
    const expected: Record<string, string[]> = {};
    for (const c of world.shopify.customers) (expected[String(c.personId)] ??= []).push(c.id);
    expect(truth).toEqual(expected);
    const before = await sandbox.stats();
    await sandbox.post({ query: '{ customers(first: 1) { edges { cursor } } }' });
    const after = await sandbox.stats();
    expect(after.byEndpoint['POST /admin/api/:version/graphql.json']).toBe((before.byEndpoint['POST /admin/api/:version/graphql.json'] ?? 0) + 1);
  });
});
