import { describe, expect, it } from 'vitest';
import { SourceBadResponse, SourceRateLimited, SourceUnavailable, type CallEvent } from '../../../src/model/index.js';
import { createShopifyConnector } from '../../../connectors/shopify/index.js';
import { CONFIG, SHOP, TOKEN, UNAUTHORIZED_BODY, failure, fixture, soon } from './helpers.js';
import { useShopifyMock } from './shopify-mock.js';

type Customers = { data: { customers: { edges: { node: Record<string, unknown> }[] } } };

const mock = useShopifyMock();
const events: CallEvent[] = [];
const connector = createShopifyConnector(CONFIG, { onCall: (event) => events.push(event) });
const find = () => connector.findContacts([{ kind: 'email', value: 'bob@example.com' }], soon());
/** The customers-by-email example with one field of its customer replaced. */
const withCustomer = (changes: Record<string, unknown>) => {
  const body = fixture<Customers>('customers-by-email.response.json');
  Object.assign(body.data.customers.edges[0]?.node ?? {}, changes);
  return body;
};
const expectNoLeak = (message: string) => {
  for (const leak of [TOKEN, SHOP, 'myshopify', 'Invalid API key', 'bob@example.com']) expect(message).not.toContain(leak);
};

describe('Shopify rate limiting (THROTTLED inside HTTP 200)', () => {
  it('turns the throttled example into SourceRateLimited when its wait, (752 − 666) / 50 s, outlasts the deadline', async () => {
    mock.answer(() => ({ json: fixture('throttled.response.json') }));
    const error = await failure(find());
    expect(error).toBeInstanceOf(SourceRateLimited);
    expect((error as SourceRateLimited).retryAfterMs).toBe(1720);
    expect(error.message).toBe('ECOMMERCE: rate limited, HTTP 200 (THROTTLED)');
    expect(mock.calls).toHaveLength(1);
  });

  it('waits out a throttle the bucket refills in time for and then reads the answer', async () => {
    const throttled = fixture<{ extensions: { cost: { throttleStatus: { currentlyAvailable: number } } } }>('throttled.response.json');
    throttled.extensions.cost.throttleStatus.currentlyAvailable = 750; // (752 − 750) / 50 s = 40 ms
    mock.answer(() => (mock.calls.length === 1 ? { json: throttled } : { json: fixture('customers-by-email.response.json') }));
    expect((await find()).get('email:bob@example.com')).toHaveLength(1);
    expect(mock.calls).toHaveLength(2);
  });

  it('also honours an HTTP 429 with Retry-After, which some stores are reported to send', async () => {
    mock.answer(() => (mock.calls.length === 1 ? { status: 429, json: { errors: 'Exceeded 2 calls per second for api client.' } } : { json: fixture('customers-by-email.response.json') }));
    expect((await find()).get('email:bob@example.com')).toHaveLength(1);
    expect(mock.calls).toHaveLength(2);
  });
});

describe('Shopify failures become typed silo errors', () => {
  it('turns the 401 "Invalid API key or access token" into SourceUnavailable without retrying or leaking token, URL or body', async () => {
    mock.answer(() => ({ status: 401, json: UNAUTHORIZED_BODY }));
    const error = await failure(find());
    expect(error).toBeInstanceOf(SourceUnavailable);
    expect(error.status).toBe(401);
    expect(error.message).toBe('ECOMMERCE: refused our credentials, HTTP 401');
    expectNoLeak(error.message);
    expect(mock.calls).toHaveLength(1);
  });

  it('retries an HTTP 500 INTERNAL_SERVER_ERROR and then gives up with SourceUnavailable naming the code only', async () => {
    const body = { errors: [{ message: 'Internal error. Looks like something went wrong on our end.\nRequest ID: 1b2c', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: '1b2c' } }] };
    mock.answer(() => ({ status: 500, json: body }));
    const error = await failure(find());
    expect(error).toBeInstanceOf(SourceUnavailable);
    expect(error.message).toBe('ECOMMERCE: failed with HTTP 500 (INTERNAL_SERVER_ERROR)');
    expect(mock.calls).toHaveLength(3);
  });

  it('reports an unknown API version (404 "Not Found") as SourceBadResponse', async () => {
    mock.answer(() => ({ status: 404, json: { errors: 'Not Found' } }));
    const error = await failure(find());
    expect(error).toBeInstanceOf(SourceBadResponse);
    expect(error.status).toBe(404);
  });

  it('refuses an HTML error page and a truncated JSON body as SourceBadResponse', async () => {
    const full = JSON.stringify(fixture('customers-by-email.response.json'));
    for (const answer of [
      { text: '<html><body><h1>502 Bad Gateway</h1></body></html>', contentType: 'text/html' },
      { text: full.slice(0, full.length / 2), contentType: 'application/json' },
    ]) {
      mock.answer(() => answer);
      const error = await failure(find());
      expect(error).toBeInstanceOf(SourceBadResponse);
      expect(error.message).toBe('ECOMMERCE: answered HTTP 200 with a body that is not JSON');
    }
  });

  it('refuses mistyped or missing mapped fields and inexact money instead of mapping garbage', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ email: 42 }, 'data.customers.edges.0.node.email'],
      [{ displayName: undefined }, 'data.customers.edges.0.node.displayName'],
      [{ id: '544365967' }, 'data.customers.edges.0.node.id'],
      [{ emailMarketingConsent: { marketingState: 7, consentUpdatedAt: null } }, 'data.customers.edges.0.node.emailMarketingConsent.marketingState'],
    ];
    for (const [changes, where] of cases) {
      mock.answer(() => ({ json: withCustomer(changes) }));
      const error = await failure(find());
      expect(error).toBeInstanceOf(SourceBadResponse);
      expect(error.message).toBe(`ECOMMERCE: answered with an unexpected shape at ${where}`);
      expectNoLeak(error.message);
    }
    const order = fixture<{ data: { customer: Record<string, unknown> } }>('customer-orders.response.json').data.customer;
    const edges = (order.orders as { edges: { node: { totalPriceSet: { shopMoney: { amount: string } } } }[] }).edges;
    (edges[0] as (typeof edges)[number]).node.totalPriceSet.shopMoney.amount = '199.999';
    mock.answer(() => ({ json: { data: { nodes: [{ ...order, numberOfOrders: '2' }] } } }));
    expect(await failure(connector.ordersFor(['gid://shopify/Customer/544365967'], { first: 2 }, soon()))).toBeInstanceOf(SourceBadResponse);
  });

  it('turns GraphQL errors (an invalid query, a cost cap) into SourceBadResponse naming the codes, never the message', async () => {
    const errors = [{ message: "Field 'bogus' doesn't exist on type 'Customer'", extensions: { code: 'undefinedField' } }];
    mock.answer(() => ({ json: { errors } }));
    const error = await failure(find());
    expect(error).toBeInstanceOf(SourceBadResponse);
    expect(error.message).toBe('ECOMMERCE: answered with GraphQL errors (undefinedField)');
    expect(mock.calls).toHaveLength(1);
    mock.answer(() => ({ json: { data: null } }));
    expect(await failure(find())).toBeInstanceOf(SourceBadResponse);
  });

  it('reports every attempt to onCall with the source and path, never the token', async () => {
    events.length = 0;
    mock.answer(() => ({ json: fixture('customers-by-email.response.json') }));
    await find();
    expect(events).toEqual([expect.objectContaining({ source: 'ECOMMERCE', method: 'POST', path: '/admin/api/2025-01/graphql.json', status: 200, attempt: 1 })]);
    expect(JSON.stringify(events)).not.toContain(TOKEN);
  });
});
