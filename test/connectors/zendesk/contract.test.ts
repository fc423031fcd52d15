import { http, HttpResponse } from 'msw';
import { createZendeskConnector, createZendeskSandbox, resolveZendeskConfig, zendeskSettings, type ZendeskConnector } from '../../../connectors/zendesk/index.js';
import { defineConnectorContract, type MockRead } from '../support/define-connector-contract.js';
import { getQueryOf, restListing } from '../support/rest-listing.js';
import { literalsOfQuery } from '../support/search-literals.js';
import { fixture } from './support.js';
import { BASE, CONFIG, searchPage } from './support-mock.js';

type User = Record<string, unknown>;
const SHOW_MANY = `${BASE}/api/v2/users/show_many`;
const SEARCH = `${BASE}/api/v2/search`;
const USERS = `${BASE}/api/v2/users`;
const ALEX = '9873843001';

const showMany = () => fixture<{ users: User[] }>('users-show-many.200.json');
const alex = (changes: User = {}): User => ({ ...showMany().users[0], ...changes });
const values = async <T,>(read: Promise<Map<string, T>>) => [...(await read).values()];
const ticket = () => fixture<{ results: object[] }>('search-tickets-by-requester.200.json').results[0];

const getContacts: MockRead<ZendeskConnector> = {
  run: (c, opts) => values(c.getContacts([ALEX], opts)),
  on: (answer) => http.get(SHOW_MANY, ({ request }) => answer(request)),
  ok: showMany,
  wire: { method: 'GET', path: '/api/v2/users/show_many' },
};
const findContacts: MockRead<ZendeskConnector> = {
  run: async (c, opts) => (await values(c.findContacts([{ kind: 'email', value: 'alex.rivera@example.com' }], opts))).flat(),
  on: (answer) => http.get(SEARCH, ({ request }) => answer(request)),
  ok: () => searchPage(fixture<{ users: object[] }>('users-search-by-email.200.json').users, 'user'),
  wire: { method: 'GET', path: '/api/v2/search' },
};
const listContacts: MockRead<ZendeskConnector> = {
  run: async (c, opts) => (await c.listContacts({ first: 5 }, opts)).items,
  on: (answer) => http.get(USERS, ({ request }) => answer(request)),
  ok: () => ({ users: showMany().users, meta: { has_more: false, after_cursor: null, before_cursor: null }, links: { next: null, prev: null } }),
  wire: { method: 'GET', path: '/api/v2/users' },
};
const ticketsFor: MockRead<ZendeskConnector> = {
  run: async (c, opts) => (await values(c.ticketsFor([ALEX], { first: 5 }, opts))).flatMap((p) => p.items),
  on: findContacts.on,
  ok: () => fixture('search-tickets-by-requester.200.json'),
  wire: findContacts.wire,
};

defineConnectorContract({
  vendor: 'Zendesk',
  source: 'SUPPORT',
  system: 'zendesk',
  supports: ['email', 'phone', 'xref:CRM'],
  keysPerSearch: 50,
  mock: {
    baseUrl: BASE,
    token: CONFIG.apiToken,
    create: (hooks) => createZendeskConnector(CONFIG, hooks),
    reads: [getContacts, findContacts, listContacts, ticketsFor],
    batch: {
      limit: 100,
      ids: (n) => Array.from({ length: n }, (_, i) => String(9_873_843_001 + i)),
      // Zendesk ids are integers: one that is not would fail the whole show_many.
      impossible: ['gid://shopify/Customer/1', '12abc', '', 'not-an-id'],
      serve: (holds = () => true) => http.get(SHOW_MANY, ({ request }) => {
        const ids = new URL(request.url).searchParams.get('ids')?.split(',') ?? [];
        return HttpResponse.json({ users: ids.filter(holds).map((id) => alex({ id: Number(id) })) });
      }),
      idsOf: (request) => Promise.resolve(getQueryOf(request, SHOW_MANY)?.get('ids')?.split(',') ?? null),
    },
    list: {
      limit: 100,
      maxPages: 20,
      ...restListing(USERS, { size: 'page[size]', after: 'page[after]' }, (size, after) => ({
        users: Array.from({ length: size }, (_, i) => alex({ id: 5000 + i })),
        meta: { has_more: after !== null, after_cursor: after, before_cursor: null },
        links: { next: null, prev: null },
      })),
      totalCount: null,
    },
    lookups: {
      broad: () => [
        http.get(SEARCH, () => HttpResponse.json(searchPage(fixture<{ users: object[] }>('users-search-by-email.200.json').users, 'user'))),
        http.get(SHOW_MANY, () => HttpResponse.json(showMany())),
      ],
      literalsOf: async (request) => {
        const query = getQueryOf(request, SEARCH)?.get('query');
        return query == null ? null : literalsOfQuery(query, { prefix: 'type:user', fields: ['email', 'phone'] });
      },
      stored: {
        serve: () => [
          http.get(SEARCH, () => HttpResponse.json(searchPage([alex({ email: ' Alex.Rivera@EXAMPLE.com\t', phone: '(617) 555-0148' })], 'user'))),
          http.get(SHOW_MANY, () => HttpResponse.json(showMany())),
        ],
        keys: [
          [{ kind: 'email', value: 'alex.rivera@example.com' }, [ALEX], { emails: [' Alex.Rivera@EXAMPLE.com\t'] }],
          // Zendesk users carry no country: a national phone is read as US.
          [{ kind: 'phone', value: '+16175550148' }, [ALEX], { phones: ['(617) 555-0148'] }],
          // Zendesk treats external ids case-insensitively.
          [{ kind: 'xref', source: 'CRM', value: 'HUBSPOT-51' }, [ALEX]],
          [{ kind: 'email', value: 'nobody@example.com' }, []],
        ],
      },
      paged: {
        serve: () => [http.get(SEARCH, ({ request }) => {
          const page = new URL(request.url).searchParams.get('page');
          return HttpResponse.json(page === '1' ? searchPage([alex()], 'user', `${BASE}/api/v2/search.json?page=2`, 2) : searchPage([alex({ id: 9873843002 })], 'user'));
        })],
        key: { kind: 'email', value: 'alex.rivera@example.com' },
        pageOf: async (request) => {
          const query = getQueryOf(request, SEARCH);
          return query && { page: [query.get('page'), query.get('per_page')] };
        },
        pages: [['1', '100'], ['2', '100']],
        found: [ALEX, '9873843002'],
      },
    },
    failures: {
      read: getContacts,
      unauthorized: { answer: () => HttpResponse.json({ error: "Couldn't authenticate you" }, { status: 401 }), message: /^SUPPORT: refused our credentials/ },
      // Zendesk's 403 for an agent whose role may not use the endpoint.
      forbidden: {
        answer: () => HttpResponse.json({ error: 'Forbidden', description: 'You do not have access to this page. Please contact the account owner of this help desk for further help.' }, { status: 403 }),
        message: /^SUPPORT: refused our credentials, HTTP 403/,
      },
      serverError: {
        read: findContacts,
        answer: () => HttpResponse.json(fixture('error.search-unavailable.json'), { status: 503 }),
        message: 'SUPPORT: failed with HTTP 503 (unavailable)',
      },
      rejected: {
        read: ticketsFor,
        answer: () => HttpResponse.json({ error: 'invalid', description: 'Invalid search: x' }, { status: 422 }),
        message: 'SUPPORT: rejected the request, HTTP 422 (invalid)',
        status: 422,
      },
      spoiled: [
        { what: 'a user list that is no list', answer: () => HttpResponse.json({ users: alex() }), at: 'users' },
      ],
      skipped: [
        {
          what: 'a user whose id is a string, beside the OAS example users (id and name only)',
          answer: () => HttpResponse.json({ users: [alex({ id: ALEX }), ...fixture<{ users: User[] }>('users-show-many.200.spec.json').users] }),
          kept: ['345678', '901234'],
          reported: [{ recordId: ALEX, field: 'id' }],
        },
        {
          what: 'search results of another type than asked for (the OAS example of group results)',
          answer: () => HttpResponse.json({ ...fixture<{ results: User[] }>('search.200.spec.json'), next_page: null }),
          read: findContacts,
          kept: [],
          reported: fixture<{ results: User[] }>('search.200.spec.json').results.map((r) => ({ recordId: String(r.id), field: 'result_type' })),
        },
        {
          what: 'a ticket whose status is not one Zendesk has, beside a usable one',
          answer: () => HttpResponse.json(searchPage([{ ...ticket(), status: 'archived' }, { ...ticket(), id: 4813 }], 'ticket')),
          read: ticketsFor,
          kept: ['4813'],
          reported: [{ recordId: '4812', field: 'status' }],
        },
      ],
      secrets: ["Couldn't", 'do not have access', 'account owner', 'acme.zendesk.com', Buffer.from(`${CONFIG.email}/token:${CONFIG.apiToken}`).toString('base64'), 'Sorry', 'Invalid search'],
    },
    rateLimits: {
      waited: [{ what: 'a short Retry-After', answer: () => new HttpResponse('Too Many Requests', { status: 429, headers: { 'retry-after': '0' } }) }],
      beyond: [{
        what: 'a 429 whose Retry-After outlasts the deadline, plain-text body and all',
        answer: () => new HttpResponse('Too Many Requests', { status: 429, headers: { 'retry-after': '30', 'x-rate-limit': '700', 'x-rate-limit-remaining': '0' } }),
        deadlineMs: 1500,
        retryAfterMs: 30_000,
        attempts: 1,
      }],
    },
  },
  sandbox: {
    people: 700,
    definition: (world) => createZendeskSandbox(world),
    create: (url) => createZendeskConnector(resolveZendeskConfig(zendeskSettings.parse({}), { sandboxUrl: url })),
    contacts: (world) => [...world.zendesk.users].sort((a, b) => Number(a.id) - Number(b.id)),
    unknownIds: ['1', '2'],
    batch: { endpoint: 'GET /api/v2/users/show_many', limit: 100 },
    list: { endpoint: 'GET /api/v2/users', limit: 100, window: 100, counted: false },
    facet: {
      name: 'tickets',
      list: 'ticketsFor',
      get: 'getTicket',
      endpoint: 'GET /api/v2/search',
      limit: 50,
      of: (world, owner) => world.zendesk.tickets
        .filter((t) => t.requesterId === owner)
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || Number(b.id) - Number(a.id))
        .map((t) => t.id),
    },
    faults: {
      serverError: 'SUPPORT: failed with HTTP 500 (InternalServerError)',
      // The injected 429 asks for one second, which 900 ms cannot hold: no second attempt is made.
      rateLimit: { deadlineMs: 900, retryAfterMs: 1000, attempts: 1 },
    },
  },
});
