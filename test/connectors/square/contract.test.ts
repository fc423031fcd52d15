import { http, HttpResponse } from 'msw';
import { createSquareConnector, createSquareSandbox, resolveSquareConfig, squareSettings, type SquareConnector } from '../../../connectors/square/index.js';
import { defineConnectorContract, type MockRead } from '../support/define-connector-contract.js';
import { restListing } from '../support/rest-listing.js';
import { example, SECRET_TOKEN, SQUARE_URL } from './support.js';

type Customer = Record<string, unknown>;
type Body = Record<string, unknown>;
const SEARCH = `${SQUARE_URL}/v2/customers/search`;
const BULK = `${SQUARE_URL}/v2/customers/bulk-retrieve`;
const LIST = `${SQUARE_URL}/v2/customers`;
const AMELIA = 'A9641GZW2H7Z56YYSD41Q12HDW';

const amelia = (id = 'X'): Customer => ({ ...(example('customer-retrieve.200.json').customer as Customer), id });
const notFound = (id: string) => ({ errors: [{ category: 'INVALID_REQUEST_ERROR', code: 'NOT_FOUND', detail: `Customer with ID \`${id}\` not found.` }] });
/** Square's search example without its cursor: one page of two profiles. */
const searchPage = () => ({ ...example<Body>('customers-search.200.json'), cursor: undefined });
/** Answers a customer search with Square's example on the first page and `{}` once asked for the next. */
const searchExample = () => http.post(SEARCH, async ({ request }) => HttpResponse.json(((await request.json()) as Body).cursor ? {} : example('customers-search.200.json')));
const bodyOf = async (request: Request, url: string) => (request.method === 'POST' && request.url === url ? ((await request.json()) as Body) : null);
const values = async <T,>(read: Promise<Map<string, T>>) => [...(await read).values()];

const getContacts: MockRead<SquareConnector> = {
  run: (c, opts) => values(c.getContacts(['X'], opts)),
  on: (answer) => http.post(BULK, ({ request }) => answer(request)),
  ok: () => ({ responses: { X: { customer: amelia() } } }),
  wire: { method: 'POST', path: '/v2/customers/bulk-retrieve' },
};
const findContacts: MockRead<SquareConnector> = {
  run: async (c, opts) => (await values(c.findContacts([{ kind: 'email', value: 'amelia.earhart@example.com' }], opts))).flat(),
  on: (answer) => http.post(SEARCH, ({ request }) => answer(request)),
  ok: searchPage,
  wire: { method: 'POST', path: '/v2/customers/search' },
};
const listContacts: MockRead<SquareConnector> = {
  run: async (c, opts) => (await c.listContacts({ first: 5, after: 'stale' }, opts)).items,
  on: (answer) => http.get(LIST, ({ request }) => answer(request)),
  ok: () => ({ ...searchPage(), count: 2 }),
  wire: { method: 'GET', path: '/v2/customers' },
};
const getTransaction: MockRead<SquareConnector> = {
  run: async (c, opts) => [await c.getTransaction('CAISENgvlJ6jLWAzERDzjyHVybY', opts)].flatMap((t) => (t ? [t] : [])),
  on: (answer) => http.get(`${SQUARE_URL}/v2/orders/:id`, ({ request }) => answer(request)),
  ok: () => example('order-retrieve.200.json'),
  wire: { method: 'GET', path: '/v2/orders/CAISENgvlJ6jLWAzERDzjyHVybY' },
};

const customerPage = (customer: Customer) => () => HttpResponse.json({ responses: { X: { customer } } });
const decimalTotal = () => {
  const order = example('order-retrieve.200.json');
  order.order.total_money = { amount: '5.50', currency: 'USD' };
  return HttpResponse.json(order);
};

defineConnectorContract({
  vendor: 'Square',
  source: 'POS',
  system: 'square',
  supports: ['email', 'phone', 'xref:CRM'],
  keysPerSearch: 1,
  mock: {
    baseUrl: SQUARE_URL,
    token: SECRET_TOKEN,
    create: (hooks) => createSquareConnector({ baseUrl: SQUARE_URL, accessToken: SECRET_TOKEN, maxAttempts: 3 }, hooks),
    reads: [getContacts, findContacts, listContacts, getTransaction],
    batch: {
      limit: 100,
      ids: (n) => Array.from({ length: n }, (_, i) => `CUST${String(i).padStart(22, '0')}`),
      impossible: [''],
      serve: (holds = () => true) => http.post(BULK, async ({ request }) => {
        const ids = ((await request.json()) as { customer_ids: string[] }).customer_ids;
        return HttpResponse.json({ responses: Object.fromEntries(ids.map((id) => [id, holds(id) ? { customer: amelia(id) } : notFound(id)])) });
      }),
      idsOf: async (request) => ((await bodyOf(request, BULK))?.customer_ids as string[] | undefined) ?? null,
    },
    list: {
      limit: 100,
      maxPages: 20,
      ...restListing(LIST, { size: 'limit', after: 'cursor' }, (size, cursor) => ({
        customers: Array.from({ length: size }, (_, i) => amelia(`LIST${i}`)),
        count: 1234,
        ...(cursor === null ? {} : { cursor }),
      })),
      totalCount: 1234,
    },
    lookups: {
      broad: () => [
        http.post(SEARCH, () => HttpResponse.json(searchPage())),
        // Many keys make the connector weigh listing every profile: a long list keeps it searching.
        http.get(LIST, () => HttpResponse.json({ customers: [], cursor: 'more', count: 250_000 })),
      ],
      async literalsOf(request) {
        const body = await bodyOf(request, SEARCH);
        if (body === null) return null;
        // Each key is one filter of exact JSON values: nothing in a value is read as syntax.
        const { filter, ...rest } = (body.query ?? {}) as { filter?: Record<string, { exact?: unknown }> };
        const exact = Object.values(filter ?? {}).map((f) => (Object.keys(f).join() === 'exact' && typeof f.exact === 'string' ? f.exact : null));
        if (Object.keys(rest).length > 0 || exact.length !== 1 || exact[0] === null) throw new Error(`not one exact filter: ${JSON.stringify(body.query)}`);
        return exact as string[];
      },
      stored: {
        // Square's example holds two profiles; only one carries each key.
        serve: () => [searchExample()],
        keys: [
          [{ kind: 'email', value: 'amelia.earhart@example.com' }, [AMELIA]],
          [{ kind: 'phone', value: '+12125554250' }, ['JDKYHBWT1D4F8MFH63DBMEN8Y4'], { phones: ['+1-212-555-4250'] }],
          [{ kind: 'xref', source: 'CRM', value: 'your_reference_id_1' }, [AMELIA]],
        ],
      },
      paged: {
        serve: () => [searchExample()],
        key: { kind: 'email', value: 'amelia.earhart@example.com' },
        pageOf: async (request) => {
          const body = await bodyOf(request, SEARCH);
          return body === null ? null : { page: { cursor: body.cursor, query: body.query } };
        },
        pages: [undefined, '9dpS093Uy12AzeE'].map((cursor) => ({ cursor, query: { filter: { email_address: { exact: 'amelia.earhart@example.com' } } } })),
        found: [AMELIA],
      },
    },
    failures: {
      read: getContacts,
      unauthorized: { answer: () => HttpResponse.json(example('error.401.json'), { status: 401 }), message: 'POS: refused our credentials, HTTP 401 (AUTHENTICATION_ERROR/UNAUTHORIZED)' },
      // Square's 403 for a token without a permission the endpoint needs (code INSUFFICIENT_SCOPES of its error codes).
      forbidden: {
        answer: () => HttpResponse.json({ errors: [{ category: 'AUTHENTICATION_ERROR', code: 'INSUFFICIENT_SCOPES', detail: 'The merchant has not given your application sufficient permissions to do that. The following permissions are required: CUSTOMERS_READ.' }] }, { status: 403 }),
        message: 'POS: refused our credentials, HTTP 403 (AUTHENTICATION_ERROR/INSUFFICIENT_SCOPES)',
      },
      // A search travels in a POST, and is retried all the same.
      serverError: {
        read: findContacts,
        answer: () => HttpResponse.json({ errors: [{ category: 'API_ERROR', code: 'SERVICE_UNAVAILABLE', detail: 'amelia' }] }, { status: 503 }),
        message: 'POS: failed with HTTP 503 (API_ERROR/SERVICE_UNAVAILABLE)',
      },
      rejected: {
        read: listContacts,
        answer: () => HttpResponse.json({ errors: [{ category: 'INVALID_REQUEST_ERROR', code: 'INVALID_CURSOR', detail: 'bad', field: 'cursor' }] }, { status: 400 }),
        message: /INVALID_REQUEST_ERROR\/INVALID_CURSOR/,
        status: 400,
      },
      spoiled: [
        { what: 'an order total that is a decimal string instead of integer minor units', answer: decimalTotal, read: getTransaction },
      ],
      skipped: [
        { what: 'a customer whose id is a number', answer: customerPage({ ...amelia(), id: 42 }), kept: [], reported: [{ recordId: '42', field: 'id' }] },
        { what: 'a customer with an email that is not a string', answer: customerPage({ ...amelia(), email_address: ['amelia@example.com'] }), kept: [], reported: [{ recordId: 'X', field: 'email_address' }] },
        { what: 'a customer with a consent flag that is a string', answer: customerPage({ ...amelia(), preferences: { email_unsubscribed: 'no' } }), kept: [], reported: [{ recordId: 'X', field: 'preferences.email_unsubscribed' }] },
        {
          what: 'a listed customer without its id, beside a usable one',
          read: listContacts,
          answer: () => HttpResponse.json({ customers: [{ ...amelia(), id: undefined }, amelia('Y')] }),
          kept: ['Y'],
          reported: [{ recordId: null, field: 'id' }],
        },
      ],
      secrets: ['127.0.0.1', 'square-contract', 'could not be authorized', 'sufficient permissions', 'CUSTOMERS_READ', 'amelia', 'Amelia', 'rate limited. Please'],
    },
    rateLimits: {
      waited: [{ what: "Square's 429 with jittered backoff (Square sends no Retry-After)", answer: () => HttpResponse.json(example('error.429.json'), { status: 429 }) }],
      beyond: [{
        what: 'a 429 that persists',
        answer: () => HttpResponse.json(example('error.429.json'), { status: 429 }),
        deadlineMs: 5000,
        retryAfterMs: null,
        attempts: 3,
        message: /RATE_LIMIT_ERROR\/RATE_LIMITED/,
      }],
    },
  },
  sandbox: {
    people: 700,
    definition: (world) => createSquareSandbox(world),
    create: (url) => createSquareConnector(resolveSquareConfig(squareSettings.parse({}), { sandboxUrl: url })),
    contacts: (world) => [...world.square.customers].sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
    unknownIds: ['UNKNOWN0000000000000000000'],
    batch: { endpoint: 'POST /v2/customers/bulk-retrieve', limit: 100 },
    list: { endpoint: 'GET /v2/customers', limit: 100, window: 120, counted: true },
    facet: {
      name: 'transactions',
      list: 'transactionsFor',
      get: 'getTransaction',
      endpoint: 'POST /v2/orders/search',
      limit: 10,
      of: (world, owner) => world.square.orders.filter((o) => o.customerId === owner).sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map((o) => o.id),
      createdAt: (world, id) => world.square.orders.find((o) => o.id === id)?.createdAt ?? '',
    },
    // Square names no wait: the shared jittered backoff spends the three attempts well inside the deadline.
    faults: { rateLimit: { deadlineMs: 5000, attempts: 3 } },
  },
});
