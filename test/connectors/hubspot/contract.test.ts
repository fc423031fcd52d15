import { http, HttpResponse } from 'msw';
import { createHubSpotConnector, createHubSpotSandbox, resolveHubSpotConfig, hubspotSettings, type HubSpotConnector } from '../../../connectors/hubspot/index.js';
import { defineConnectorContract, type MockRead, type Provenanced } from '../support/define-connector-contract.js';
import { restListing } from '../support/rest-listing.js';
import { fixture, forbiddenBody, HUBSPOT, specs, TOKEN, unauthorizedBody } from './support.js';

const CONTACTS = `${HUBSPOT}/crm/v3/objects/contacts`;
const BATCH = `${CONTACTS}/batch/read`;
const SEARCH = `${CONTACTS}/search`;
type Contact = { id?: string; properties: Record<string, unknown> };
type SearchBody = { filterGroups: Array<{ filters: Array<{ propertyName: string; operator: string; values?: string[] }> }> } & Record<string, unknown>;

/** HubSpot's example contact under another id, as every read answers it. */
const contact = (id: string): Contact => {
  const [alex] = fixture<{ results: Contact[] }>('contacts-batch-read.200.json').results;
  return { ...alex, id, properties: { ...alex?.properties, hs_object_id: id } };
};
const isPost = (request: Request, url: string) => request.method === 'POST' && request.url === url;
const records = async (read: Promise<Map<string, Provenanced>>) => [...(await read).values()];
const found = async (read: Promise<Map<string, Provenanced[]>>) => [...(await read).values()].flat();

const getContacts: MockRead<HubSpotConnector> = {
  run: (c, opts) => records(c.getContacts(['51', '3451'], opts)),
  on: (answer) => http.post(BATCH, ({ request }) => answer(request)),
  ok: () => fixture('contacts-batch-read.200.json'),
  wire: { method: 'POST', path: '/crm/v3/objects/contacts/batch/read' },
};
const findContacts: MockRead<HubSpotConnector> = {
  run: (c, opts) => found(c.findContacts([{ kind: 'email', value: 'alex.rivera@example.com' }], opts)),
  on: (answer) => http.post(SEARCH, ({ request }) => answer(request)),
  ok: () => fixture('contacts-search.200.json'),
  wire: { method: 'POST', path: '/crm/v3/objects/contacts/search' },
};
const listContacts: MockRead<HubSpotConnector> = {
  run: async (c, opts) => (await c.listContacts({ first: 2 }, opts)).items,
  on: (answer) => http.get(CONTACTS, ({ request }) => answer(request)),
  ok: () => fixture('contacts-list.200.json'),
  wire: { method: 'GET', path: '/crm/v3/objects/contacts' },
};

/** A batch read body HubSpot answers for a contact, spoiled in one way. */
const spoiled = (spoil: (c: Contact) => void) => () => {
  const body = fixture<{ results: Contact[] }>('contacts-batch-read.200.json');
  spoil(body.results[0] as Contact);
  return HttpResponse.json(body);
};

defineConnectorContract({
  vendor: 'HubSpot',
  source: 'CRM',
  system: 'hubspot',
  supports: ['email', 'phone', 'name', 'familyName', 'xref:ECOMMERCE'],
  keysPerSearch: 500,
  mock: {
    baseUrl: HUBSPOT,
    token: TOKEN,
    create: (hooks) => createHubSpotConnector({ baseUrl: HUBSPOT, accessToken: TOKEN, maxAttempts: 3 }, hooks),
    reads: [getContacts, findContacts, listContacts],
    batch: {
      limit: 100,
      ids: (n) => Array.from({ length: n }, (_, i) => String(1000 + i)),
      impossible: ['abc', '', 'not-an-id', 'gid://shopify/Customer/1'],
      serve: (holds = () => true) => http.post(BATCH, async ({ request }) => {
        const asked = ((await request.json()) as { inputs: Array<{ id: string }> }).inputs.map((i) => i.id);
        const missing = asked.filter((id) => !holds(id));
        const results = asked.filter(holds).map(contact);
        if (missing.length === 0) return HttpResponse.json({ ...fixture<object>('contacts-batch-read.200.json'), results });
        // Unknown ids make it a 207 listing them, as HubSpot answers.
        const partial = fixture<{ errors: Array<{ context: { ids: string[] } }> }>('contacts-batch-read.207.json');
        return HttpResponse.json({ ...partial, results, errors: partial.errors.map((e) => ({ ...e, context: { ids: missing } })) }, { status: 207 });
      }),
      idsOf: async (request) => (isPost(request, BATCH) ? ((await request.json()) as { inputs: Array<{ id: string }> }).inputs.map((i) => i.id) : null),
    },
    list: {
      limit: 100,
      maxPages: 50,
      ...restListing(CONTACTS, { size: 'limit', after: 'after' }, (size, after) => ({
        results: Array.from({ length: size }, (_, i) => contact(String(5000 + i))),
        ...(after === null ? {} : { paging: { next: { after, link: `?after=${after}` } } }),
      })),
      totalCount: null,
    },
    lookups: {
      broad: () => [http.post(SEARCH, () => HttpResponse.json(fixture('contacts-search.200.json')))],
      async literalsOf(request) {
        if (!isPost(request, SEARCH)) return null;
        const body = (await request.json()) as SearchBody;
        // The body is HubSpot's documented search request, with no free-text `query` for syntax to hide in.
        if (specs.contacts.problems('PublicObjectSearchRequest', body).length > 0) throw new Error('not a HubSpot search request');
        if (Object.keys(body).sort().join() !== Object.keys(fixture('contacts-search.request.json')).sort().join()) throw new Error('not the example request shape');
        // Emails travel as the values of one `email IN` filter per group.
        return body.filterGroups.flatMap((g) => g.filters.flatMap((f) => {
          if (g.filters.length === 1 && f.propertyName === 'email' && f.operator === 'IN') return f.values ?? [];
          throw new Error(`not one literal email IN filter: ${JSON.stringify(g)}`);
        }));
      },
      // HubSpot stores emails lower-cased, and the connector searches them so.
      sent: (value) => value.trim().toLowerCase(),
      stored: {
        serve: () => [http.post(SEARCH, () => HttpResponse.json(fixture('contacts-search.200.json')))],
        keys: [
          [{ kind: 'email', value: 'alex.rivera@example.com' }, ['51'], { emails: ['alex.rivera@example.com'] }],
          [{ kind: 'phone', value: '+16175550148' }, ['51'], { phones: ['+1 617 555 0148'] }],
          [{ kind: 'xref', source: 'ECOMMERCE', value: 'gid://shopify/Customer/1' }, []],
          [{ kind: 'xref', source: 'SUPPORT', value: '77' }, []],
        ],
      },
      paged: {
        serve: () => [http.post(SEARCH, async ({ request }) => {
          const { after } = (await request.json()) as { after: string };
          return HttpResponse.json(fixture(after === '0' ? 'contacts-search.200.paged.json' : 'contacts-search.200.json'));
        })],
        key: { kind: 'email', value: 'alex.rivera@example.com' },
        pageOf: async (request) => (isPost(request, SEARCH) ? { page: ((await request.json()) as { after: string }).after } : null),
        pages: ['0', '100'],
        found: ['51'],
      },
    },
    failures: {
      read: getContacts,
      unauthorized: { answer: () => HttpResponse.json(unauthorizedBody, { status: 401 }), message: /INVALID_AUTHENTICATION/ },
      forbidden: { answer: () => HttpResponse.json(forbiddenBody, { status: 403 }), message: 'CRM: refused our credentials, HTTP 403 (MISSING_SCOPES)' },
      serverError: {
        answer: () => HttpResponse.json({ status: 'error', message: 'internal error', correlationId: 'c', category: 'INTERNAL_ERROR' }, { status: 500 }),
        message: 'CRM: failed with HTTP 500 (INTERNAL_ERROR)',
      },
      rejected: { answer: () => HttpResponse.json(fixture('error.400.json'), { status: 400 }), message: /VALIDATION_ERROR/, status: 400 },
      spoiled: [],
      // Each spoils the first contact of HubSpot's batch-read example (51); the second (3451) is answered.
      skipped: [
        { what: 'a contact with a numeric email', answer: spoiled((c) => void (c.properties.email = 5)), kept: ['3451'], reported: [{ recordId: '51', field: 'properties.email' }] },
        { what: 'a contact without its id', answer: spoiled((c) => void delete c.id), kept: ['3451'], reported: [{ recordId: null, field: 'id' }] },
        { what: 'a contact with a date that is not a date', answer: spoiled((c) => void (c.properties.lastmodifieddate = 'yesterday')), kept: ['3451'], reported: [{ recordId: '51', field: 'properties.lastmodifieddate' }] },
        { what: 'a contact whose additional emails are not a string', answer: spoiled((c) => void (c.properties.hs_additional_emails = ['a@example.com'])), kept: ['3451'], reported: [{ recordId: '51', field: 'properties.hs_additional_emails' }] },
        { what: 'a contact with an opt-out that is not a boolean string', answer: spoiled((c) => void (c.properties.hs_email_optout = 'maybe')), kept: ['3451'], reported: [{ recordId: '51', field: 'properties.hs_email_optout' }] },
      ],
      secrets: ['pat-na1', 'hubapi', 'credentials not found', 'granted all required scopes', 'crm.objects.contacts.read', 'internal error', 'Invalid input'],
    },
    rateLimits: {
      waited: [{
        what: 'a ten-secondly 429, by the rate-limit headers',
        answer: () => HttpResponse.json({ ...fixture<object>('error.429.json'), policyName: 'TEN_SECONDLY_ROLLING' }, {
          status: 429,
          headers: { 'X-HubSpot-RateLimit-Interval-Milliseconds': '1000', 'X-HubSpot-RateLimit-Max': '100' },
        }),
      }],
      beyond: [{
        what: 'a spent daily quota (429 DAILY)',
        answer: () => HttpResponse.json(fixture('error.429.json'), { status: 429, headers: { 'X-HubSpot-RateLimit-Interval-Milliseconds': '10000' } }),
        deadlineMs: 2000,
        retryAfterMs: { above: 2000 },
        attempts: 1,
      }],
    },
  },
  sandbox: {
    people: 400,
    definition: (world) => createHubSpotSandbox(world),
    create: (url) => createHubSpotConnector(resolveHubSpotConfig(hubspotSettings.parse({}), { sandboxUrl: url })),
    contacts: (world) => [...world.hubspot.contacts].sort((a, b) => Number(a.id) - Number(b.id)),
    unknownIds: ['999999999'],
    batch: { endpoint: 'POST /crm/v3/objects/contacts/batch/read', limit: 100 },
    list: { endpoint: 'GET /crm/v3/objects/contacts', limit: 100, window: 150, counted: false },
    faults: { rateLimit: { deadlineMs: 1000 } },
  },
});
