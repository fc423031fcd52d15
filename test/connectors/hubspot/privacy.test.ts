import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHubSpotConnector } from '../../../connectors/hubspot/index.js';
import {
  SourceBadResponse,
  SourceRateLimited,
  SourceUnavailable,
  type CallEvent,
  type ContactRecord,
  type PrivacyConnector,
} from '../../../src/model/index.js';
import { fixture, HUBSPOT, specs, TOKEN } from './support.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const GDPR = `${HUBSPOT}/crm/v3/objects/contacts/gdpr-delete`;
const UNSUBSCRIBE_ALL = `${HUBSPOT}/communication-preferences/v4/statuses/:subscriber/unsubscribe-all`;
const SUBSCRIBE = `${HUBSPOT}/communication-preferences/v3/subscribe`;
const STATUS = `${HUBSPOT}/communication-preferences/v3/status/email/:email`;
const EMAIL = 'alex.rivera@example.com';
const REFUSAL = "HubSpot keeps this address's opt-out of all email; the person must resubscribe through HubSpot's preferences page";

const events: CallEvent[] = [];
const connector = createHubSpotConnector({ baseUrl: HUBSPOT, accessToken: TOKEN, maxAttempts: 3 }, { onCall: (e) => events.push(e) });
// The gateway sees the connector only through the contract.
const privacy: PrivacyConnector = connector;
const soon = () => ({ deadline: Date.now() + 2000 });
const notFound = () => HttpResponse.json({ status: 'error', message: 'resource not found', correlationId: 'aeb5f871-7f07-4993-9211-075dc63e7cbf', category: 'OBJECT_NOT_FOUND' }, { status: 404 });

/** The canonical record of HubSpot's example contact, as the gateway holds it. */
async function alex(): Promise<ContactRecord> {
  server.use(http.post(`${HUBSPOT}/crm/v3/objects/contacts/batch/read`, () => HttpResponse.json(fixture('contacts-batch-read.200.json'))));
  const record = (await connector.getContacts(['51'])).get('51');
  if (!record) throw new Error('example contact 51 missing');
  return record;
}

// HubSpot publishes no example of an unsubscribe-all answer: this one follows `ActionResponseWithResultsPublicStatus`
// (checked against the spec excerpt below), for the example contact's address and the example subscriptions.
const unsubscribedAll = () => ({
  status: 'COMPLETE',
  results: fixture<{ subscriptionStatuses: Array<{ id: string; name: string }> }>('subscription-status.200.json').subscriptionStatuses.map((s) => ({
    subscriberIdString: EMAIL,
    subscriptionId: Number(s.id),
    subscriptionName: s.name,
    status: 'UNSUBSCRIBED',
    channel: 'EMAIL',
    source: 'Public API',
    timestamp: '2025-11-20T10:00:03.010Z',
    setStatusSuccessReason: 'UNSUBSCRIBE_FROM_ALL_OCCURRED',
  })),
  startedAt: '2025-11-20T10:00:03.001Z',
  completedAt: '2025-11-20T10:00:03.020Z',
});

/** The example's marketing subscription status, as `POST /communication-preferences/v3/subscribe` answers with one. */
const marketingStatus = () => fixture<{ subscriptionStatuses: Array<Record<string, unknown>> }>('subscription-status.200.json').subscriptionStatuses[0];

describe('HubSpot eraseRecord (GDPR delete by record id)', () => {
  it('sends the documented body and reads the 204 as ERASED with a receipt naming the operation and the id', async () => {
    let sent: unknown;
    server.use(http.post(GDPR, async ({ request }) => {
      sent = await request.json();
      return new HttpResponse(null, { status: 204 });
    }));
    const result = await privacy.eraseRecord('51');
    expect(sent).toEqual({ objectId: '51' });
    expect(specs.contacts.problems('PublicGdprDeleteInput', sent)).toEqual([]);
    expect(result).toEqual({
      state: 'ERASED',
      receipts: [{ operation: 'POST /crm/v3/objects/contacts/gdpr-delete', httpStatus: 204, response: { objectId: '51' }, at: expect.any(String) }],
    });
    expect(Date.parse(result.receipts[0]?.at ?? '')).not.toBeNaN();
  });

  it('answers NOT_FOUND with a receipt for an id HubSpot does not know, so a re-run after a crash is no error', async () => {
    server.use(http.post(GDPR, () => notFound()));
    expect(await privacy.eraseRecord('51')).toEqual({
      state: 'NOT_FOUND',
      receipts: [{ operation: 'POST /crm/v3/objects/contacts/gdpr-delete', httpStatus: 404, response: { objectId: '51' }, at: expect.any(String) }],
    });
  });

  it('answers NOT_FOUND without a call for an id that cannot be a HubSpot id', async () => {
    events.length = 0;
    expect(await privacy.eraseRecord('gid://shopify/Customer/1')).toEqual({ state: 'NOT_FOUND', receipts: [] });
    expect(events).toEqual([]);
  });

  it('sends the delete once on a 5xx and throws SourceUnavailable, so the job retries it later', async () => {
    let calls = 0;
    server.use(http.post(GDPR, () => {
      calls += 1;
      return HttpResponse.json({ status: 'error', message: 'internal error', correlationId: 'aeb5f871-7f07-4993-9211-075dc63e7cbf', category: 'INTERNAL_ERROR' }, { status: 503 });
    }));
    await expect(privacy.eraseRecord('51', soon())).rejects.toBeInstanceOf(SourceUnavailable);
    expect(calls).toBe(1);
  });

  it('throws SourceRateLimited with the wait on a spent daily quota', async () => {
    server.use(http.post(GDPR, () => HttpResponse.json(fixture('error.429.json'), { status: 429 })));
    const error = await privacy.eraseRecord('51', soon()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceRateLimited);
    expect((error as SourceRateLimited).retryAfterMs).toBeGreaterThan(0);
  });
});

describe('HubSpot recordPresence', () => {
  it('is PRESENT while HubSpot serves the contact and GONE once it answers 404', async () => {
    let gone = false;
    server.use(http.get(`${HUBSPOT}/crm/v3/objects/contacts/:id`, () => (gone ? notFound() : HttpResponse.json(fixture('contact-get-with-associations.200.json')))));
    expect(await privacy.recordPresence('51')).toBe('PRESENT');
    gone = true;
    expect(await privacy.recordPresence('51')).toBe('GONE');
  });

  it('throws rather than guessing when HubSpot fails or answers a malformed contact', async () => {
    server.use(http.get(`${HUBSPOT}/crm/v3/objects/contacts/:id`, () => HttpResponse.json({ status: 'error', message: 'x', correlationId: 'c', category: 'INTERNAL_ERROR' }, { status: 500 })));
    await expect(privacy.recordPresence('51', soon())).rejects.toBeInstanceOf(SourceUnavailable);
    const spoiled = { ...fixture<object>('contact-get-with-associations.200.json'), id: undefined };
    server.use(http.get(`${HUBSPOT}/crm/v3/objects/contacts/:id`, () => HttpResponse.json(spoiled)));
    await expect(privacy.recordPresence('51', soon())).rejects.toBeInstanceOf(SourceBadResponse);
  });
});

describe('HubSpot writeEmailConsent: withdrawal (v4 unsubscribe-all)', () => {
  it('unsubscribes the address from all email and keeps only counts and states in the receipt', async () => {
    const record = await alex();
    const asked: Array<{ subscriber: string; channel: string | null; body: string }> = [];
    server.use(http.post(UNSUBSCRIBE_ALL, async ({ request, params }) => {
      asked.push({ subscriber: String(params.subscriber), channel: new URL(request.url).searchParams.get('channel'), body: await request.text() });
      return HttpResponse.json(unsubscribedAll());
    }));
    events.length = 0;
    const result = await privacy.writeEmailConsent(record, 'DENIED');
    expect(specs.preferenceWrites.problems('ActionResponseWithResultsPublicStatus', unsubscribedAll())).toEqual([]);
    expect(asked).toEqual([{ subscriber: EMAIL, channel: 'EMAIL', body: '' }]);
    expect(result).toEqual({
      state: 'WRITTEN',
      detail: 'HubSpot opted the address out of all email',
      receipts: [{
        operation: 'POST /communication-preferences/v4/statuses/{subscriberIdString}/unsubscribe-all',
        httpStatus: 200,
        response: { status: 'COMPLETE', results: 2, unsubscribed: 2, numErrors: 0 },
        at: expect.any(String),
      }],
    });
    expect(JSON.stringify(result)).not.toMatch(/alex|rivera|@/i);
    expect(events.map((e) => e.path)).toEqual(['/communication-preferences/v4/statuses/{email}/unsubscribe-all']);
    // The endpoint template (what traces record) holds no address either.
    expect(events.map((e) => e.endpoint)).toEqual(['/communication-preferences/v4/statuses/{email}/unsubscribe-all']);
  });

  it('retries the opt-out after a 5xx, as repeating it cannot harm (a GDPR delete is never repeated)', async () => {
    const record = await alex();
    let calls = 0;
    server.use(http.post(UNSUBSCRIBE_ALL, () => {
      calls += 1;
      if (calls > 1) return HttpResponse.json(unsubscribedAll());
      return HttpResponse.json({ status: 'error', message: 'internal error', correlationId: 'aeb5f871-7f07-4993-9211-075dc63e7cbf', category: 'INTERNAL_ERROR' }, { status: 502 });
    }));
    expect((await privacy.writeEmailConsent(record, 'DENIED', soon())).state).toBe('WRITTEN');
    expect(calls).toBe(2);
  });

  type Action = ReturnType<typeof unsubscribedAll>;
  it.each([
    ['an unknown operation status', (a: Action) => ({ ...a, status: 'DONE' })],
    ['a v3 status word in a v4 result', (a: Action) => ({ ...a, results: a.results.map((r) => ({ ...r, status: 'NOT_SUBSCRIBED' })) })],
    ['a result without its channel', (a: Action) => ({ ...a, results: a.results.map(({ channel: _channel, ...r }) => r) })],
    ['no results list', ({ results: _results, ...a }: Action) => a],
  ])('rejects an unsubscribe-all answer with %s as SourceBadResponse', async (_what, spoil) => {
    const record = await alex();
    server.use(http.post(UNSUBSCRIBE_ALL, () => HttpResponse.json(spoil(unsubscribedAll()))));
    await expect(privacy.writeEmailConsent(record, 'DENIED', soon())).rejects.toBeInstanceOf(SourceBadResponse);
  });
});

describe('HubSpot writeEmailConsent: grant (v3 subscribe)', () => {
  it('subscribes the address to the configured marketing subscription with a consent legal basis', async () => {
    const record = await alex();
    const bodies: unknown[] = [];
    server.use(http.post(SUBSCRIBE, async ({ request }) => {
      bodies.push(await request.json());
      return HttpResponse.json(marketingStatus());
    }));
    const result = await privacy.writeEmailConsent(record, 'GRANTED');
    expect(bodies).toEqual([{ emailAddress: EMAIL, subscriptionId: '1133224', legalBasis: 'CONSENT_WITH_NOTICE', legalBasisExplanation: expect.any(String) }]);
    expect(specs.preferenceWrites.problems('PublicUpdateSubscriptionStatusRequest', bodies[0])).toEqual([]);
    expect(result).toEqual({
      state: 'WRITTEN',
      detail: 'HubSpot subscribed the address to marketing email',
      receipts: [{
        operation: 'POST /communication-preferences/v3/subscribe',
        httpStatus: 200,
        response: { subscriptionId: '1133224', status: 'SUBSCRIBED', sourceOfStatus: 'SUBSCRIPTION_STATUS', legalBasis: 'CONSENT_WITH_NOTICE' },
        at: expect.any(String),
      }],
    });

    const other = createHubSpotConnector({ baseUrl: HUBSPOT, accessToken: TOKEN, marketingSubscriptionId: '4242' });
    await other.writeEmailConsent(record, 'GRANTED');
    expect(bodies[1]).toMatchObject({ subscriptionId: '4242' });
  });

  it('answers REFUSED with the officer-facing reason when HubSpot refuses to resubscribe an address opted out of all email', async () => {
    const record = await alex();
    const statuses = fixture<{ subscriptionStatuses: Array<Record<string, unknown>> }>('subscription-status.200.json');
    statuses.subscriptionStatuses = statuses.subscriptionStatuses.map((s) => ({ ...s, status: 'NOT_SUBSCRIBED', sourceOfStatus: 'PORTAL_WIDE_STATUS' }));
    server.use(
      http.post(SUBSCRIBE, () => HttpResponse.json(fixture('error.400.json'), { status: 400 })),
      http.get(STATUS, () => HttpResponse.json(statuses)),
    );
    const result = await privacy.writeEmailConsent(record, 'GRANTED');
    expect(result).toEqual({
      state: 'REFUSED',
      detail: REFUSAL,
      receipts: [
        { operation: 'POST /communication-preferences/v3/subscribe', httpStatus: 400, response: { subscriptionId: '1133224' }, at: expect.any(String) },
        {
          operation: 'GET /communication-preferences/v3/status/email/{emailAddress}',
          httpStatus: 200,
          response: { subscriptionId: '1133224', status: 'NOT_SUBSCRIBED', sourceOfStatus: 'PORTAL_WIDE_STATUS', legalBasis: 'CONSENT_WITH_NOTICE' },
          at: expect.any(String),
        },
      ],
    });
  });

  it('reads a 200 that keeps a portal-wide opt-out as REFUSED too', async () => {
    const record = await alex();
    server.use(http.post(SUBSCRIBE, () => HttpResponse.json({ ...marketingStatus(), status: 'NOT_SUBSCRIBED', sourceOfStatus: 'PORTAL_WIDE_STATUS' })));
    expect(await privacy.writeEmailConsent(record, 'GRANTED')).toMatchObject({ state: 'REFUSED', detail: REFUSAL });
  });

  it('throws SourceBadResponse for a 400 that no opt-out explains (e.g. a wrong subscription id), not a false REFUSED', async () => {
    const record = await alex();
    server.use(
      http.post(SUBSCRIBE, () => HttpResponse.json(fixture('error.400.json'), { status: 400 })),
      http.get(STATUS, () => HttpResponse.json(fixture('subscription-status.200.json'))),
    );
    await expect(privacy.writeEmailConsent(record, 'GRANTED', soon())).rejects.toBeInstanceOf(SourceBadResponse);
  });

  it('rejects a malformed status read-back after a refused subscribe as SourceBadResponse', async () => {
    const record = await alex();
    const statuses = fixture<{ subscriptionStatuses: Array<Record<string, unknown>> }>('subscription-status.200.json');
    statuses.subscriptionStatuses = statuses.subscriptionStatuses.map((s) => ({ ...s, status: 'OPTED_OUT', sourceOfStatus: 'PORTAL_WIDE_STATUS' }));
    server.use(
      http.post(SUBSCRIBE, () => HttpResponse.json(fixture('error.400.json'), { status: 400 })),
      http.get(STATUS, () => HttpResponse.json(statuses)),
    );
    await expect(privacy.writeEmailConsent(record, 'GRANTED', soon())).rejects.toBeInstanceOf(SourceBadResponse);
  });

  it.each([
    ['an unknown status', { status: 'MAYBE' }],
    ['no subscription id', { id: undefined }],
    ['an unknown source of status', { sourceOfStatus: 'SOMEWHERE' }],
  ])('rejects a subscribe answer with %s as SourceBadResponse', async (_what, spoil) => {
    const record = await alex();
    server.use(http.post(SUBSCRIBE, () => HttpResponse.json({ ...marketingStatus(), ...spoil })));
    await expect(privacy.writeEmailConsent(record, 'GRANTED', soon())).rejects.toBeInstanceOf(SourceBadResponse);
  });
});

describe('HubSpot writeEmailConsent without an address', () => {
  it.each(['GRANTED', 'DENIED'] as const)('answers NOT_FOUND for %s without calling HubSpot', async (decision) => {
    const record = { ...(await alex()), emails: [] };
    events.length = 0;
    expect(await privacy.writeEmailConsent(record, decision)).toEqual({ state: 'NOT_FOUND', detail: 'the contact has no email address', receipts: [] });
    expect(events).toEqual([]);
  });
});
