import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHubSpotConnector } from '../../../connectors/hubspot/index.js';
import { fixture, HUBSPOT, specs, TOKEN } from './support.js';

// fixtures/contacts-batch-read-with-history.200.json is constructed: the spec's BatchResponseSimplePublicObject whose
// contacts carry `propertiesWithHistory` as ValueWithTimestamp lists (value, timestamp, sourceType, sourceId,
// updatedByUserId), newest first as HubSpot lists a history.

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const BATCH = `${HUBSPOT}/crm/v3/objects/contacts/batch/read`;
const connector = createHubSpotConnector({ baseUrl: HUBSPOT, accessToken: TOKEN, maxAttempts: 1 });
type BatchBody = { inputs: Array<{ id: string }>; properties: string[]; propertiesWithHistory: string[] };

describe('HubSpot connector: CRM history (batch read with propertiesWithHistory)', () => {
  it('asks the history of the stage and of consent\'s two properties, and maps them newest first', async () => {
    const sent: BatchBody[] = [];
    server.use(http.post(BATCH, async ({ request }) => {
      sent.push((await request.json()) as BatchBody);
      return HttpResponse.json(fixture('contacts-batch-read-with-history.200.json'));
    }));
    const history = await connector.crmHistoryFor(['51', '3451', 'not-an-id']);
    expect(sent).toHaveLength(1);
    expect(specs.contacts.problems('BatchReadInputSimplePublicObjectId', sent[0])).toEqual([]);
    expect(specs.contacts.problems('BatchResponseSimplePublicObject', fixture('contacts-batch-read-with-history.200.json'))).toEqual([]);
    expect(sent[0]).toEqual({ inputs: [{ id: '51' }, { id: '3451' }], properties: [], propertiesWithHistory: ['lifecyclestage', 'hs_email_optout', 'hs_legal_basis'] });
    // Consent is read as the current values are (emailConsentOf): a consent legal basis is GRANTED, opted out DENIED.
    expect(history.get('51')).toEqual([
      { property: 'LIFECYCLE_STAGE', value: 'customer', at: '2025-08-19T12:02:11.507Z', changedBy: 'INTEGRATION' },
      { property: 'EMAIL_CONSENT', value: 'GRANTED', at: '2025-02-10T18:44:03.120Z', changedBy: 'EMAIL' },
      { property: 'EMAIL_CONSENT', value: 'DENIED', at: '2024-12-01T08:00:00.000Z', changedBy: 'EMAIL' },
      { property: 'LIFECYCLE_STAGE', value: 'marketingqualifiedlead', at: '2024-09-01T07:30:00.000Z', changedBy: 'CRM_UI' },
      { property: 'LIFECYCLE_STAGE', value: 'subscriber', at: '2024-03-04T09:12:44.318Z', changedBy: 'FORM' },
      { property: 'EMAIL_CONSENT', value: 'GRANTED', at: '2024-03-04T09:12:44.318Z', changedBy: 'FORM' },
    ]);
    // Not opted out without a consent legal basis states nothing (UNKNOWN, as before any history): no change.
    expect(history.get('3451')).toEqual([
      { property: 'EMAIL_CONSENT', value: 'DENIED', at: '2025-09-30T08:15:27.441Z', changedBy: 'CRM_UI' },
      { property: 'LIFECYCLE_STAGE', value: 'lead', at: '2025-01-19T14:03:10.002Z', changedBy: 'IMPORT' },
    ]);
    expect(history.get('not-an-id')).toEqual([]);
  });

  it('reads 50 contacts a call, HubSpot\'s bound when histories are asked, and gives a missing contact no changes', async () => {
    const sent: BatchBody[] = [];
    server.use(http.post(BATCH, async ({ request }) => {
      const body = (await request.json()) as BatchBody;
      sent.push(body);
      // A 207 as HubSpot answers one with ids it does not hold: every contact but 51 is missing.
      const found = fixture<{ results: Array<{ id: string }> }>('contacts-batch-read-with-history.200.json').results.filter((c) => c.id === '51' && body.inputs.some((i) => i.id === '51'));
      return HttpResponse.json({ ...fixture<Record<string, unknown>>('contacts-batch-read.207.json'), results: found }, { status: 207 });
    }));
    const ids = ['51', ...Array.from({ length: 100 }, (_, i) => String(1000 + i))];
    const history = await connector.crmHistoryFor(ids);
    expect(sent.map((b) => b.inputs.length)).toEqual([50, 50, 1]);
    expect(history.size).toBe(101);
    expect(history.get('51')).toHaveLength(6);
    expect(history.get('1000')).toEqual([]);
  });
});
