import { http, HttpResponse } from 'msw';
import { createShopifyConnector, createShopifySandbox, resolveShopifyConfig, shopifySettings, type ShopifyConnector } from '../../../connectors/shopify/index.js';
import { defineConnectorContract, type Answer, type MockRead } from '../support/define-connector-contract.js';
import { literalsOfQuery } from '../support/search-literals.js';
import { CONFIG, FORBIDDEN_BODY, GRAPHQL_URL, SHOP, TOKEN, UNAUTHORIZED_BODY, fixture } from './support.js';
import { DEFAULT_SHOPIFY_API_VERSION } from '../../../connectors/shopify/index.js';

type Node = Record<string, unknown>;
type Customers = { data: { customers: { edges: { node: Node }[] } } };
type Operation = { name: string; variables: Record<string, unknown> };
const BOB = 'gid://shopify/Customer/544365967';

/** The customers-by-email example's customer, under another id when given. */
const bob = (id = BOB): Node => ({ ...fixture<Customers>('customers-by-email.response.json').data.customers.edges[0]?.node, id });
const page = (nodes: Node[], next: string | null = null) =>
  HttpResponse.json({ data: { customers: { edges: nodes.map((node) => ({ cursor: 'c', node })), pageInfo: { hasNextPage: next !== null, endCursor: next } } } });
/** The operation a GraphQL request runs, or null for any other request. */
async function operationOf(request: Request): Promise<Operation | null> {
  if (request.method !== 'POST' || request.url !== GRAPHQL_URL) return null;
  const body = (await request.json()) as { query: string; variables?: Record<string, unknown> };
  return { name: /\b(?:query|mutation)\s+(\w+)/.exec(body.query)?.[1] ?? '', variables: body.variables ?? {} };
}
/** A handler for graphql.json that answers with `answer(operation)`. */
const graphql = (answer: (operation: Operation, request: Request) => Response | Promise<Response>) =>
  http.post(GRAPHQL_URL, async ({ request }) => answer((await operationOf(request.clone())) as Operation, request));
const on = (answer: Answer) => graphql((_operation, request) => answer(request));
const values = async <T,>(read: Promise<Map<string, T>>) => [...(await read).values()];

const getContacts: MockRead<ShopifyConnector> = {
  run: (c, opts) => values(c.getContacts([BOB], opts)),
  on,
  ok: () => ({ data: { nodes: [bob()] } }),
  wire: { method: 'POST', path: `/admin/api/${DEFAULT_SHOPIFY_API_VERSION}/graphql.json` },
};
const findContacts: MockRead<ShopifyConnector> = {
  run: async (c, opts) => (await values(c.findContacts([{ kind: 'email', value: 'bob@example.com' }], opts))).flat(),
  on,
  ok: () => fixture('customers-by-email.response.json'),
  wire: getContacts.wire,
};
const listContacts: MockRead<ShopifyConnector> = {
  run: async (c, opts) => (await c.listContacts({ first: 1 }, opts)).items,
  on,
  ok: () => fixture('customers-by-email.response.json'),
  wire: getContacts.wire,
};
const ordersFor: MockRead<ShopifyConnector> = {
  run: async (c, opts) => (await values(c.ordersFor([BOB], { first: 2 }, opts))).flatMap((p) => p.items),
  on,
  ok: () => ({ data: { nodes: [{ ...fixture<{ data: { customer: Node } }>('customer-orders.response.json').data.customer, numberOfOrders: '2' }] } }),
  wire: getContacts.wire,
};

/** The customers-by-email example with its customer's fields replaced. */
const withCustomer = (changes: Node) => () => {
  const body = fixture<Customers>('customers-by-email.response.json');
  Object.assign(body.data.customers.edges[0]?.node ?? {}, changes);
  return HttpResponse.json(body);
};
const inexactMoney = () => {
  const body = ordersFor.ok() as { data: { nodes: Array<{ orders: { edges: Array<{ node: { totalPriceSet: { shopMoney: { amount: string } } } }> } }> } };
  const [order] = body.data.nodes[0]?.orders.edges ?? [];
  if (order) order.node.totalPriceSet.shopMoney.amount = '199.999';
  return HttpResponse.json(body);
};
const throttled = (currentlyAvailable?: number) => () => {
  const body = fixture<{ extensions: { cost: { throttleStatus: { currentlyAvailable: number } } } }>('throttled.response.json');
  if (currentlyAvailable !== undefined) body.extensions.cost.throttleStatus.currentlyAvailable = currentlyAvailable;
  return HttpResponse.json(body);
};

defineConnectorContract({
  vendor: 'Shopify',
  source: 'ECOMMERCE',
  system: 'shopify',
  supports: ['email', 'phone', 'name', 'familyName'],
  keysPerSearch: 50,
  mock: {
    baseUrl: SHOP,
    token: TOKEN,
    create: (hooks) => createShopifyConnector(CONFIG, hooks),
    reads: [getContacts, findContacts, listContacts, ordersFor],
    batch: {
      limit: 250,
      ids: (n) => Array.from({ length: n }, (_, i) => `gid://shopify/Customer/${1000 + i}`),
      // One id that is not a customer gid would fail the whole nodes(ids:) call.
      impossible: ['544365967', 'gid://shopify/Order/1', 'gid://shopify/Customer/x', ''],
      serve: (holds = () => true) => graphql(({ variables }) =>
        HttpResponse.json({ data: { nodes: (variables.ids as string[]).map((id) => (holds(id) ? bob(id) : null)) } })),
      idsOf: async (request) => {
        const operation = await operationOf(request);
        return operation?.name === 'CustomersByIds' ? (operation.variables.ids as string[]) : null;
      },
    },
    list: {
      limit: 250,
      maxPages: 20,
      serve: (next) => graphql(({ variables }) =>
        page(Array.from({ length: variables.first as number }, (_, i) => bob(`gid://shopify/Customer/${5000 + i}`)), next((variables.after as string | null) ?? null))),
      pageOf: async (request) => {
        const operation = await operationOf(request);
        if (operation?.name !== 'CustomersPage' || operation.variables.query !== null) return null;
        return { size: operation.variables.first as number, after: (operation.variables.after as string | null) ?? null };
      },
      totalCount: null,
    },
    lookups: {
      broad: () => [graphql(({ variables }) => {
        // Searches of several key kinds travel aliased in one call (s0, s1, …): each alias gets the same broad answer.
        const body = fixture<Customers>('customers-by-email.response.json');
        const aliases = Object.keys(variables).filter((name) => /^q\d+$/.test(name)).map((name) => `s${name.slice(1)}`);
        return HttpResponse.json(aliases.length === 0 ? body : { data: Object.fromEntries(aliases.map((alias) => [alias, body.data.customers])) });
      })],
      literalsOf: async (request) => {
        const operation = await operationOf(request);
        if (operation?.name !== 'CustomersPage' || operation.variables.query === null) return null;
        return literalsOfQuery(String(operation.variables.query), { fields: ['email', 'phone'] });
      },
      stored: {
        serve: () => [graphql(() => page([{ ...bob(), email: ' Bob@Example.COM\t', phone: '07911 123456', defaultAddress: { zip: 'EC1V 2NX', countryCodeV2: 'GB' } }]))],
        keys: [
          [{ kind: 'email', value: 'bob@example.com' }, [BOB], { emails: [' Bob@Example.COM\t'] }],
          [{ kind: 'phone', value: '+447911123456' }, [BOB], { phones: ['07911 123456'] }],
          [{ kind: 'email', value: 'someone.else@example.com' }, []],
        ],
      },
      paged: {
        serve: () => [graphql(({ variables }) => (variables.after === null ? page([bob()], 'CURSOR-1') : HttpResponse.json(fixture('customers-by-phone.empty.response.json'))))],
        key: { kind: 'email', value: 'bob@example.com' },
        pageOf: async (request) => {
          const operation = await operationOf(request);
          return operation?.name === 'CustomersPage' ? { page: operation.variables.after } : null;
        },
        pages: [null, 'CURSOR-1'],
        found: [BOB],
      },
    },
    failures: {
      read: findContacts,
      unauthorized: { answer: () => HttpResponse.json(UNAUTHORIZED_BODY, { status: 401 }), message: 'ECOMMERCE: refused our credentials, HTTP 401' },
      forbidden: { answer: () => HttpResponse.json(FORBIDDEN_BODY, { status: 403 }), message: 'ECOMMERCE: refused our credentials, HTTP 403' },
      serverError: {
        answer: () => HttpResponse.json({
          errors: [{ message: 'Internal error. Looks like something went wrong on our end.\nRequest ID: 1b2c', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: '1b2c' } }],
        }, { status: 500 }),
        message: 'ECOMMERCE: failed with HTTP 500 (INTERNAL_SERVER_ERROR)',
      },
      // An API version the store does not serve.
      rejected: { answer: () => HttpResponse.json({ errors: 'Not Found' }, { status: 404 }), message: 'ECOMMERCE: rejected the request, HTTP 404', status: 404 },
      spoiled: [
        { what: 'a numeric email', answer: withCustomer({ email: 42 }), at: 'data.customers.edges.0.node.email' },
        { what: 'a missing displayName', answer: withCustomer({ displayName: undefined }), at: 'data.customers.edges.0.node.displayName' },
        {
          what: 'an address phone that is no string',
          answer: withCustomer({ defaultAddress: { zip: 'K2P0V6', countryCodeV2: 'CA', phone: 6135550100 } }),
          at: 'data.customers.edges.0.node.defaultAddress.phone',
        },
        { what: 'an id that is no gid', answer: withCustomer({ id: '544365967' }), at: 'data.customers.edges.0.node.id' },
        {
          what: 'a marketing state that is no string',
          answer: withCustomer({ emailMarketingConsent: { marketingState: 7, consentUpdatedAt: null } }),
          at: 'data.customers.edges.0.node.emailMarketingConsent.marketingState',
        },
        { what: 'an order total in inexact money', answer: inexactMoney, read: ordersFor },
      ],
      // GraphQL answers every field asked for with its declared type, so a record cannot be sparse: one that breaks
      // the Admin schema's own types is a broken answer, not an unusable record, and stays SourceBadResponse.
      skipped: [],
      secrets: ['myshopify', 'Invalid API key', 'merchant approval', 'read_customers', 'bob@example.com', 'Internal error', 'Not Found'],
    },
    rateLimits: {
      waited: [
        { what: 'a throttle the bucket refills in time for, (752 − 750) / 50 s', answer: throttled(750) },
        { what: 'an HTTP 429, which some stores are reported to send', answer: () => HttpResponse.json({ errors: 'Exceeded 2 calls per second for api client.' }, { status: 429 }) },
      ],
      beyond: [{
        what: 'the throttled example, (752 − 666) / 50 s',
        answer: throttled(),
        deadlineMs: 1500,
        retryAfterMs: 1720,
        attempts: 1,
        message: 'ECOMMERCE: rate limited, HTTP 200 (THROTTLED)',
      }],
    },
  },
  sandbox: {
    people: 500,
    definition: (world) => createShopifySandbox(world),
    create: (url) => createShopifyConnector(resolveShopifyConfig(shopifySettings.parse({}), { sandboxUrl: url })),
    contacts: (world) => [...world.shopify.customers].sort((a, b) => (BigInt(a.id.split('/').at(-1) ?? 0) < BigInt(b.id.split('/').at(-1) ?? 0) ? -1 : 1)),
    unknownIds: ['gid://shopify/Customer/1'],
    batch: { endpoint: 'POST /admin/api/:version/graphql.json', limit: 250 },
    list: { endpoint: 'POST /admin/api/:version/graphql.json', limit: 250, window: 120, counted: false },
    facet: {
      name: 'orders',
      list: 'ordersFor',
      get: 'getOrder',
      endpoint: 'POST /admin/api/:version/graphql.json',
      limit: 250,
      of: (world, owner) => world.shopify.orders.filter((o) => o.customerId === owner).sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map((o) => o.id),
      createdAt: (world, id) => world.shopify.orders.find((o) => o.id === id)?.createdAt ?? '',
    },
    faults: {
      serverError: 'ECOMMERCE: failed with HTTP 500 (INTERNAL_SERVER_ERROR)',
      // The injected throttle asks for one second, which 900 ms cannot hold: no second attempt is made.
      rateLimit: { deadlineMs: 900, retryAfterMs: 1000, attempts: 1 },
    },
  },
});
