import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHubSpotConnector } from '../../../connectors/hubspot/index.js';
import { SourceBadResponse, SourceRateLimited, SourceUnavailable, type CallEvent } from '../../../src/model/index.js';
import { fixture, HUBSPOT, specs, TOKEN, unauthorizedBody } from './helpers.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const BATCH = `${HUBSPOT}/crm/v3/objects/contacts/batch/read`;
const SEARCH = `${HUBSPOT}/crm/v3/objects/contacts/search`;
const events: CallEvent[] = [];
const connector = createHubSpotConnector(
  { baseUrl: HUBSPOT, accessToken: TOKEN, maxAttempts: 3 },
  { onCall: (e) => events.push(e) },
);
const soon = () => ({ deadline: Date.now() + 2000 });

type BatchBody = { inputs: Array<{ id: string }>; properties: string[]; propertiesWithHistory: string[]; idProperty?: string };

describe('HubSpot connector against HubSpot example payloads', () => {
  it('maps a batch read to canonical contacts with provenance, consent and CRM profile', async () => {
    let auth: string | null = null;
    let sent: BatchBody | undefined;
    server.use(http.post(BATCH, async ({ request }) => {
      auth = request.headers.get('authorization');
      sent = (await request.json()) as BatchBody;
      return HttpResponse.json(fixture('contacts-batch-read.200.json'));
    }));
    const contacts = await connector.getContacts(['51', '3451']);
    expect(auth).toBe(`Bearer ${TOKEN}`);
    expect(specs.contacts.problems('BatchReadInputSimplePublicObjectId', sent)).toEqual([]);
    const example = fixture<BatchBody>('contacts-batch-read.request.json');
    expect(sent?.properties).toEqual(expect.arrayContaining(example.properties.concat(['hs_legal_basis', 'shopify_customer_id', 'hs_country_region_code'])));
    expect(sent?.propertiesWithHistory).toEqual([]);
    const alex = contacts.get('51');
    expect(alex).toMatchObject({
      provenance: { source: 'CRM', system: 'hubspot', recordId: '51', updatedAt: '2025-11-02T17:40:05.902Z' },
      firstName: 'Alex', lastName: 'Rivera', fullName: 'Alex Rivera',
      emails: ['alex.rivera@example.com'], phones: ['+1 617 555 0148'],
      crossRefs: [], createdAt: '2024-03-04T09:12:44.318Z',
      consent: [{ channel: 'EMAIL', state: 'UNKNOWN', updatedAt: '2025-11-02T17:40:05.902Z' }],
      crm: { lifecycleStage: null, company: null, createdAt: '2024-03-04T09:12:44.318Z' },
    });
    expect(Date.parse(alex?.provenance.fetchedAt ?? '')).not.toBeNaN();
    expect(contacts.get('3451')?.consent[0]?.state).toBe('DENIED');
    expect(contacts.get('3451')?.phones).toEqual([]);
  });

  it('returns a 207 batch read without the missing ids instead of throwing', async () => {
    server.use(http.post(BATCH, () => HttpResponse.json(fixture('contacts-batch-read.207.json'), { status: 207 })));
    const contacts = await connector.getContacts(['51', '404404']);
    expect([...contacts.keys()]).toEqual(['51']);
  });

  it('reads 250 distinct ids in three batch reads of at most 100 and skips duplicates and non-numeric ids', async () => {
    const sizes: number[] = [];
    server.use(http.post(BATCH, async ({ request }) => {
      const body = (await request.json()) as BatchBody;
      sizes.push(body.inputs.length);
      return HttpResponse.json({ ...fixture<object>('contacts-batch-read.200.json'), results: [] });
    }));
    const ids = Array.from({ length: 250 }, (_, i) => String(1000 + i));
    await connector.getContacts([...ids, ...ids.slice(0, 40), 'abc', '']);
    expect(sizes.sort((a, b) => b - a)).toEqual([100, 100, 50]);
    sizes.length = 0;
    await connector.getContacts(['not-an-id']);
    expect(sizes).toEqual([]);
  });

  it('searches keys as literal IN values so search syntax in input cannot widen the result', async () => {
    const bodies: Array<{ filterGroups: Array<{ filters: Array<{ propertyName: string; operator: string; values?: string[] }> }> }> = [];
    server.use(http.post(SEARCH, async ({ request }) => {
      bodies.push((await request.json()) as (typeof bodies)[number]);
      // A vendor that wrongly widened the search would send back unrelated contacts:
      return HttpResponse.json(fixture('contacts-search.200.json'));
    }));
    const hostile = ['a@b.com or email:*', '*', '"x" or "y"', 'a\\b@c.com', '(a@b.com)'];
    const found = await connector.findContacts(hostile.map((value) => ({ kind: 'email' as const, value })));
    expect(bodies).toHaveLength(1);
    expect(specs.contacts.problems('PublicObjectSearchRequest', bodies[0])).toEqual([]);
    expect(bodies[0]?.filterGroups).toEqual([{ filters: [{ propertyName: 'email', operator: 'IN', values: hostile }] }]);
    expect(Object.keys(bodies[0] ?? {}).sort()).toEqual(Object.keys(fixture('contacts-search.request.json')).sort());
    expect(JSON.stringify(bodies[0])).not.toContain('"query"');
    for (const value of hostile) expect(found.get(`email:${value}`)).toEqual([]);
  });

  it('files search results under the keys they match, comparing normalised emails and phones', async () => {
    server.use(http.post(SEARCH, () => HttpResponse.json(fixture('contacts-search.200.json'))));
    const found = await connector.findContacts([
      { kind: 'email', value: 'alex.rivera@example.com' },
      { kind: 'phone', value: '+16175550148' },
      { kind: 'xref', source: 'ECOMMERCE', value: 'gid://shopify/Customer/1' },
      { kind: 'xref', source: 'SUPPORT', value: '77' },
    ]);
    expect(found.get('email:alex.rivera@example.com')?.map((r) => r.provenance.recordId)).toEqual(['51']);
    expect(found.get('phone:+16175550148')?.map((r) => r.provenance.recordId)).toEqual(['51']);
    expect(found.get('xref:ECOMMERCE:gid://shopify/Customer/1')).toEqual([]);
    expect(found.get('xref:SUPPORT:77')).toEqual([]);
  });

  it('follows the search paging cursor until the last page', async () => {
    const afters: string[] = [];
    server.use(http.post(SEARCH, async ({ request }) => {
      const { after } = (await request.json()) as { after: string };
      afters.push(after);
      return HttpResponse.json(fixture(after === '0' ? 'contacts-search.200.paged.json' : 'contacts-search.200.json'));
    }));
    const found = await connector.findContacts([{ kind: 'email', value: 'alex.rivera@example.com' }]);
    expect(afters).toEqual(['0', '100']);
    expect(found.get('email:alex.rivera@example.com')).toHaveLength(1);
  });

  it('lists contacts one page at a time with the vendor cursor as Page.next', async () => {
    const queries: URLSearchParams[] = [];
    server.use(http.get(`${HUBSPOT}/crm/v3/objects/contacts`, ({ request }) => {
      queries.push(new URL(request.url).searchParams);
      return HttpResponse.json(fixture('contacts-list.200.json'));
    }));
    const page = await connector.listContacts({ first: 2, after: '10' });
    expect(page.items.map((c) => c.provenance.recordId)).toEqual(['51', '3451']);
    expect(page).toMatchObject({ next: '3452', totalCount: null });
    expect(queries[0]?.get('limit')).toBe('2');
    expect(queries[0]?.get('after')).toBe('10');
    expect(queries[0]?.get('properties')?.split(',')).toContain('hs_email_optout');
  });

  it('reads associations in one v4 batch and follows a paged contact with the single-record endpoint', async () => {
    const batch = fixture<{ results: Array<Record<string, unknown>> }>('associations-v4-batch-read.200.json');
    batch.results[0] = { ...batch.results[0], paging: { next: { after: 'MQ%3D%3D' } } };
    let sent: unknown;
    server.use(
      http.post(`${HUBSPOT}/crm/v4/associations/contacts/deals/batch/read`, async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json(batch);
      }),
      http.get(`${HUBSPOT}/crm/v4/objects/contacts/51/associations/deals`, () => HttpResponse.json(fixture('associations-v4-contact-to-deals.200.json'))),
    );
    const deals = await connector.associationsFor(['51', '3451'], 'deals');
    expect(deals).toEqual(new Map([['51', ['8123004512', '15000411977']], ['3451', []]]));
    expect(sent).toEqual(fixture('associations-v4-batch-read.request.json'));
  });

  it('gets a contact by email address with idProperty=email, and null on 404', async () => {
    const asked: string[] = [];
    server.use(http.get(`${HUBSPOT}/crm/v3/objects/contacts/:id`, ({ request, params }) => {
      asked.push(`${String(params.id)} ${new URL(request.url).searchParams.get('idProperty')}`);
      return params.id === 'alex.rivera@example.com'
        ? HttpResponse.json(fixture('contact-get-with-associations.200.json'))
        : HttpResponse.json({ status: 'error', message: 'resource not found', correlationId: 'c', category: 'OBJECT_NOT_FOUND' }, { status: 404 });
    }));
    expect((await connector.getContactByEmail('alex.rivera@example.com'))?.provenance.recordId).toBe('51');
    expect(await connector.getContactByEmail('nobody@example.com')).toBeNull();
    expect(asked).toEqual(['alex.rivera@example.com email', 'nobody@example.com email']);
  });

  it('reads email consent from communication preferences and keeps the address out of call events', async () => {
    events.length = 0;
    server.use(http.get(`${HUBSPOT}/communication-preferences/v3/status/email/:email`, () => HttpResponse.json(fixture('subscription-status.200.json'))));
    expect(await connector.emailConsent('alex.rivera@example.com')).toEqual({ channel: 'EMAIL', state: 'GRANTED', updatedAt: null });
    expect(events.map((e) => e.path)).toEqual(['/communication-preferences/v3/status/email/{email}']);
  });
});

describe('HubSpot GDPR delete', () => {
  const GDPR = `${HUBSPOT}/crm/v3/objects/contacts/gdpr-delete`;

  it('sends the documented body for an erasure by email and reads the 204 as done', async () => {
    let sent: unknown;
    server.use(http.post(GDPR, async ({ request }) => {
      sent = await request.json();
      return new HttpResponse(null, { status: 204 });
    }));
    expect(await connector.eraseContact({ email: ' alex.rivera@example.com ' })).toBe(true);
    expect(sent).toEqual(fixture('contacts-gdpr-delete.request.json'));
    expect(specs.contacts.problems('PublicGdprDeleteInput', sent)).toEqual([]);
  });

  it('reads a 404 as no such record, and never repeats a failed erasure', async () => {
    let calls = 0;
    server.use(http.post(GDPR, () => {
      calls += 1;
      return calls === 1 ? HttpResponse.json(fixture('error.400.json'), { status: 404 }) : new HttpResponse(null, { status: 503 });
    }));
    expect(await connector.eraseContact({ recordId: '404' })).toBe(false);
    await expect(connector.eraseContact({ recordId: '51' }, soon())).rejects.toBeInstanceOf(SourceUnavailable);
    expect(calls).toBe(2);
  });
});

describe('HubSpot connector on vendor errors', () => {
  const batchAnswering = (body: string, status: number, contentType = 'application/json') =>
    server.use(http.post(BATCH, () => new HttpResponse(body, { status, headers: { 'Content-Type': contentType } })));
  const failure = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as Error);

  it('turns a 401 into SourceUnavailable naming the category, never the token or URL', async () => {
    batchAnswering(JSON.stringify(unauthorizedBody), 401);
    const error = await failure(connector.getContacts(['51'], soon()));
    expect(error).toBeInstanceOf(SourceUnavailable);
    expect(error?.message).toContain('INVALID_AUTHENTICATION');
    expect(error?.message).not.toMatch(/pat-na1|hubapi|credentials not found/);
  });

  it('gives up at once on a spent daily quota (429 DAILY) with SourceRateLimited', async () => {
    let calls = 0;
    server.use(http.post(BATCH, () => {
      calls += 1;
      return HttpResponse.json(fixture('error.429.json'), { status: 429, headers: { 'X-HubSpot-RateLimit-Interval-Milliseconds': '10000' } });
    }));
    const error = await failure(connector.getContacts(['51'], soon()));
    expect(error).toBeInstanceOf(SourceRateLimited);
    expect((error as SourceRateLimited).retryAfterMs).toBeGreaterThan(2000);
    expect(calls).toBe(1);
  });

  it('waits out a ten-secondly 429 by the rate-limit headers and then succeeds', async () => {
    let calls = 0;
    server.use(http.post(BATCH, () => {
      calls += 1;
      if (calls > 1) return HttpResponse.json(fixture('contacts-batch-read.200.json'));
      const body = { ...fixture<object>('error.429.json'), policyName: 'TEN_SECONDLY_ROLLING' };
      return HttpResponse.json(body, { status: 429, headers: { 'X-HubSpot-RateLimit-Interval-Milliseconds': '1000', 'X-HubSpot-RateLimit-Max': '100' } });
    }));
    const contacts = await connector.getContacts(['51'], soon());
    expect(contacts.has('51')).toBe(true);
    expect(calls).toBe(2);
  });

  it('turns a 400 VALIDATION_ERROR into SourceBadResponse', async () => {
    batchAnswering(JSON.stringify(fixture('error.400.json')), 400);
    const error = await failure(connector.getContacts(['51'], soon()));
    expect(error).toBeInstanceOf(SourceBadResponse);
    expect(error?.message).toContain('VALIDATION_ERROR');
  });

  it('retries a 5xx and then throws SourceUnavailable', async () => {
    let calls = 0;
    server.use(http.post(BATCH, () => {
      calls += 1;
      return HttpResponse.json({ status: 'error', message: 'internal error', correlationId: 'c', category: 'INTERNAL_ERROR' }, { status: 500 });
    }));
    const error = await failure(connector.getContacts(['51'], soon()));
    expect(error).toBeInstanceOf(SourceUnavailable);
    expect(calls).toBe(3);
  });

  it.each([
    ['an HTML error page', '<html><body><h1>502 Bad Gateway</h1></body></html>', 'text/html'],
    ['truncated JSON', JSON.stringify(fixture('contacts-batch-read.200.json')).slice(0, 200), 'application/json'],
  ])('turns %s in a 200 into SourceBadResponse', async (_what, body, contentType) => {
    batchAnswering(body, 200, contentType);
    await expect(connector.getContacts(['51'], soon())).rejects.toBeInstanceOf(SourceBadResponse);
  });

  type RawContact = { id?: string; properties: Record<string, unknown> };
  it.each([
    ['a numeric email', (c: RawContact) => { c.properties.email = 5; }],
    ['a missing id', (c: RawContact) => { delete c.id; }],
    ['a date that is not a date', (c: RawContact) => { c.properties.lastmodifieddate = 'yesterday'; }],
    ['an opt-out that is not a boolean string', (c: RawContact) => { c.properties.hs_email_optout = 'maybe'; }],
  ])('turns %s into SourceBadResponse rather than a garbage record', async (_what, spoil) => {
    const body = fixture<{ results: RawContact[] }>('contacts-batch-read.200.json');
    spoil(body.results[0] as RawContact);
    batchAnswering(JSON.stringify(body), 200);
    await expect(connector.getContacts(['51'], soon())).rejects.toBeInstanceOf(SourceBadResponse);
  });
});
