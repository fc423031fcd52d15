import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHubSpotConnector } from '../../../connectors/hubspot/index.js';
import { SourceUnavailable, type CallEvent } from '../../../src/model/index.js';
import { fixture, HUBSPOT, specs, TOKEN } from './support.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const BATCH = `${HUBSPOT}/crm/v3/objects/contacts/batch/read`;
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

  it('asks for hs_additional_emails and reads its semicolon-separated addresses as secondary emails, apart from the main one', async () => {
    let sent: BatchBody | undefined;
    const answer = fixture<{ results: Array<{ properties: Record<string, string> }> }>('contacts-batch-read.200.json');
    const [alex] = answer.results;
    if (alex) alex.properties.hs_additional_emails = 'a.rivera@northwind.example; alex.rivera.51@oldmail.example;';
    server.use(http.post(BATCH, async ({ request }) => {
      sent = (await request.json()) as BatchBody;
      return HttpResponse.json(answer);
    }));
    const contacts = await connector.getContacts(['51', '3451']);
    expect(sent?.properties).toContain('hs_additional_emails');
    expect(contacts.get('51')).toMatchObject({ emails: ['alex.rivera@example.com'], secondaryEmails: ['a.rivera@northwind.example', 'alex.rivera.51@oldmail.example'] });
    expect(contacts.get('3451')).toMatchObject({ emails: ['mei.tan@example.org'], secondaryEmails: [] });
  });

  it('returns a 207 batch read without the missing ids instead of throwing', async () => {
    server.use(http.post(BATCH, () => HttpResponse.json(fixture('contacts-batch-read.207.json'), { status: 207 })));
    const contacts = await connector.getContacts(['51', '404404']);
    expect([...contacts.keys()]).toEqual(['51']);
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
