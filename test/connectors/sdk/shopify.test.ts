import { createAdminApiClient, type AdminApiClient } from '@shopify/admin-api-client';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateWorld } from '../../../connectors/sandbox-kit/index.js';
import { createShopifySandbox, resolveShopifyConfig, SHOPIFY_SANDBOX_CREDENTIALS, shopifySettings } from '../../../connectors/shopify/index.js';
import {
  CUSTOMERS_BY_IDS,
  CUSTOMERS_PAGE,
  customerSearches,
  EMAIL_CONSENT_UPDATE,
  ORDER_BY_ID,
  ORDERS_OF_CUSTOMERS,
  REQUEST_DATA_ERASURE,
} from '../../../connectors/shopify/queries.js';
import { useSandboxVendor } from '../support/sandbox-vendor.js';
import { loopbackOnly } from './loopback-only.js';
import { deleteWithEmptyJson } from './support.js';

// The connector's own documents (connectors/shopify/queries.ts), sent through Shopify's official Admin API client.
loopbackOnly();
const world = generateWorld({ seed: 16, people: 160 });
const sandbox = useSandboxVendor(() => createShopifySandbox(world));
const STORE = 'https://sdk-suite.myshopify.com';
const { accessToken } = SHOPIFY_SANDBOX_CREDENTIALS;
let shopify: AdminApiClient;
let apiVersion: string;

/** The SDK builds `https://{storeDomain}/admin/api/{version}/graphql.json`; its fetch hook sends that to the sandbox. */
const toSandbox = (url: string) => {
  if (!url.startsWith(`${STORE}/`)) throw new Error(`the SDK asked for another host: ${new URL(url).host}`);
  return sandbox.url() + url.slice(STORE.length);
};

function client(token: string = accessToken): AdminApiClient {
  return createAdminApiClient({
    storeDomain: STORE, apiVersion, accessToken: token, retries: 0,
    customFetchApi: (url, init) => fetch(toSandbox(url), init),
    // The SDK warns about versions outside its support window; that check belongs to the connector's config tests.
    logger: () => undefined,
  });
}

beforeAll(() => {
  ({ apiVersion } = resolveShopifyConfig(shopifySettings.parse({}), { sandboxUrl: sandbox.url() }));
  shopify = client();
});
beforeEach(() => sandbox.faults({}));

type Money = { shopMoney: { amount: string; currencyCode: string } };
type Order = { id: string; name: string; createdAt: string; currencyCode: string; totalPriceSet: Money; customer: { id: string } | null; lineItems: { edges: Array<{ node: { quantity: number; sku: string | null } }> } };
type Customer = { id: string; email: string | null; phone: string | null; createdAt: string; updatedAt: string; numberOfOrders?: string; orders?: { edges: Array<{ cursor: string; node: Order }> } };
type Connection<T> = { edges: Array<{ node: T }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } };

const customers = world.shopify.customers;
const byId = new Map(customers.map((c) => [c.id, c]));
const ordersOf = (id: string) => world.shopify.orders.filter((o) => o.customerId === id);
const buyer = customers.find((c) => ordersOf(c.id).length >= 3)!;

/** Runs a document through the SDK; its parsed answer must hold data and no errors. */
async function data<T>(document: string, variables: Record<string, unknown>): Promise<T> {
  const answer = await shopify.request<T>(document, { variables });
  expect(answer.errors).toBeUndefined();
  expect(answer.extensions?.cost).toMatchObject({ requestedQueryCost: expect.any(Number), throttleStatus: { maximumAvailable: expect.any(Number) } });
  return answer.data as T;
}

function expectCustomer(parsed: Customer | null | undefined, id: string) {
  const c = byId.get(id)!;
  expect(parsed).toMatchObject({ id: c.id, email: c.email, phone: c.phone });
  // Shopify's DateTime is to the second.
  const seconds = (iso: string | undefined) => Math.floor(Date.parse(iso ?? '') / 1000);
  expect([seconds(parsed?.createdAt), seconds(parsed?.updatedAt)]).toEqual([seconds(c.createdAt), seconds(c.updatedAt)]);
}

describe('Shopify SDK (@shopify/admin-api-client) against the sandbox', () => {
  it('reads customers by id (nodes) with their newest orders, and null for an unknown id', async () => {
    const ids = [...customers.slice(0, 20).map((c) => c.id), buyer.id];
    const { nodes } = await data<{ nodes: Array<Customer | null> }>(CUSTOMERS_BY_IDS, { ids: [...ids, 'gid://shopify/Customer/1'] });
    expect(nodes).toHaveLength(ids.length + 1);
    ids.forEach((id, i) => expectCustomer(nodes[i], id));
    expect(nodes.at(-1)).toBeNull();
    const read = nodes[ids.length - 1]!;
    expect(read.numberOfOrders).toBe(String(ordersOf(buyer.id).length));
    expect(read.orders?.edges.map((e) => e.node.id).sort()).toEqual(ordersOf(buyer.id).map((o) => o.id).sort().slice(0, 10).sort());
  });

  it('lists customers in id order through every page of the connection', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page++) {
      const { customers: connection }: { customers: Connection<Customer> } = await data(CUSTOMERS_PAGE, { first: 50, after, query: null });
      for (const edge of connection.edges) expectCustomer(edge.node, edge.node.id);
      seen.push(...connection.edges.map((e) => e.node.id));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    const numeric = (gid: string) => BigInt(gid.split('/').at(-1)!);
    expect(seen).toEqual(customers.map((c) => c.id).sort((a, b) => (numeric(a) < numeric(b) ? -1 : 1)));
  });

  it('searches by email, phone, name words and last name, one aliased search each in one operation', async () => {
    const c = customers.find((x) => x.email !== null && x.phone !== null && x.lastName !== null && x.firstName !== null)!;
    const queries = [`email:"${c.email}"`, `phone:"${c.phone}"`, `("${c.firstName!.toLowerCase()}" "${c.lastName!.toLowerCase()}")`, `last_name:"${c.lastName}"`];
    const variables: Record<string, unknown> = { first: 50 };
    queries.forEach((q, i) => Object.assign(variables, { [`q${i}`]: q, [`a${i}`]: null }));
    const answer = await data<Record<string, Connection<Customer>>>(customerSearches(queries.map((_, i) => i === 0)), variables);
    queries.forEach((_, i) => expect(answer[`s${i}`]?.edges.map((e) => e.node.id)).toContain(c.id));
    const single = await data<{ customers: Connection<Customer> }>(CUSTOMERS_PAGE, { first: 50, after: null, query: queries.join(' OR ') });
    expect(single.customers.edges.map((e) => e.node.id)).toContain(c.id);
  });

  it('pages the orders of many customers, newest first, and reads one order by id', async () => {
    const { nodes } = await data<{ nodes: Array<{ id: string; numberOfOrders: string; orders: Connection<Order> }> }>(ORDERS_OF_CUSTOMERS, { ids: [buyer.id], first: 2, after: null });
    const seen = nodes[0]!.orders.edges.map((e) => e.node);
    let { pageInfo } = nodes[0]!.orders;
    while (pageInfo.hasNextPage) {
      const next = await data<{ nodes: Array<{ orders: Connection<Order> }> }>(ORDERS_OF_CUSTOMERS, { ids: [buyer.id], first: 2, after: pageInfo.endCursor });
      seen.push(...next.nodes[0]!.orders.edges.map((e) => e.node));
      pageInfo = next.nodes[0]!.orders.pageInfo;
    }
    expect(seen.map((o) => o.id).sort()).toEqual(ordersOf(buyer.id).map((o) => o.id).sort());
    const created = seen.map((o) => Date.parse(o.createdAt));
    expect(created).toEqual([...created].sort((a, b) => b - a));
    const wanted = ordersOf(buyer.id)[0]!;
    const { order } = await data<{ order: Order | null }>(ORDER_BY_ID, { id: wanted.id });
    expect(order).toMatchObject({ id: wanted.id, name: wanted.name, currencyCode: wanted.currency, customer: { id: buyer.id } });
    expect(order?.lineItems.edges.map((e) => e.node.quantity)).toEqual(wanted.lines.map((l) => Number(l.quantity)));
    expect((await data<{ order: Order | null }>(ORDER_BY_ID, { id: 'gid://shopify/Order/1' })).order).toBeNull();
  });

  it('writes email consent and requests an erasure, with user errors for an unknown customer', async () => {
    const c = customers[4]!;
    const input = { customerId: c.id, emailMarketingConsent: { marketingState: 'SUBSCRIBED', marketingOptInLevel: 'SINGLE_OPT_IN', consentUpdatedAt: '2026-12-01T10:00:00Z' } };
    const written = await data<{ customerEmailMarketingConsentUpdate: { customer: { id: string; emailMarketingConsent: { marketingState: string } } | null; userErrors: unknown[] } }>(EMAIL_CONSENT_UPDATE, { input });
    expect(written.customerEmailMarketingConsentUpdate).toMatchObject({ customer: { id: c.id, emailMarketingConsent: { marketingState: 'SUBSCRIBED' } }, userErrors: [] });
    type Erasure = { customerRequestDataErasure: { customerId: string | null; userErrors: Array<{ code: string | null; field: string[] | null }> } };
    const erased = await data<Erasure>(REQUEST_DATA_ERASURE, { customerId: c.id });
    expect(erased.customerRequestDataErasure).toEqual({ customerId: c.id, userErrors: [] });
    const unknown = await data<Erasure>(REQUEST_DATA_ERASURE, { customerId: 'gid://shopify/Customer/1' });
    expect(unknown.customerRequestDataErasure.userErrors[0]).toMatchObject({ code: 'DOES_NOT_EXIST' });
  });

  it('parses throttling (HTTP 200, THROTTLED) into GraphQL errors with the cost block, and a 401 into a network error', async () => {
    await sandbox.faults({ rateLimitRate: 1 });
    const throttled = await shopify.request(CUSTOMERS_BY_IDS, { variables: { ids: [buyer.id] } });
    expect(throttled.data).toBeUndefined();
    expect(throttled.errors).toMatchObject({ networkStatusCode: 200, graphQLErrors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }] });
    expect(throttled.extensions?.cost).toMatchObject({ throttleStatus: { currentlyAvailable: 0 } });
    await sandbox.faults({});
    const refused = await client('shpat_not_the_sandbox_token').request(CUSTOMERS_BY_IDS, { variables: { ids: [buyer.id] } });
    expect(refused.errors).toMatchObject({ networkStatusCode: 401 });
  });

  it('answers a body-less DELETE sent with Content-Type: application/json as one without it', async () => {
    const url = `${sandbox.url()}/admin/api/${apiVersion}/graphql.json`;
    const headers = { 'X-Shopify-Access-Token': accessToken };
    const [withType, without] = await Promise.all([deleteWithEmptyJson(url, headers), fetch(url, { method: 'DELETE', headers })]);
    expect(withType.status).toBe(without.status);
    expect(await withType.json()).toEqual(await without.json());
  });
});
