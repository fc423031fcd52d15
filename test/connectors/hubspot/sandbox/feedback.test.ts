import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubSpotConnector, createHubSpotSandbox, HUBSPOT_SANDBOX_CREDENTIALS } from '../../../../connectors/hubspot/index.js';
import { generateWorld, startSandbox, type RunningSandbox } from '../../../../connectors/sandbox-kit/index.js';
import { specs } from '../support.js';

const world = generateWorld({ seed: 42, people: 300 });
const answers = world.hubspot.feedbackSubmissions;
let sandbox: RunningSandbox;
const auth = { Authorization: `Bearer ${HUBSPOT_SANDBOX_CREDENTIALS.accessToken}`, 'Content-Type': 'application/json' };
const post = async (path: string, body: unknown) => {
  const res = await fetch(`${sandbox.url}${path}`, { method: 'POST', headers: auth, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
};

beforeAll(async () => {
  sandbox = await startSandbox(createHubSpotSandbox(world), { port: 0 });
});
afterAll(() => sandbox.close());

describe('HubSpot sandbox: feedback submissions', () => {
  it('gives every contact\'s NPS answers through the connector, as the world holds them, newest first', async () => {
    const connector = createHubSpotConnector({ baseUrl: sandbox.url, accessToken: HUBSPOT_SANDBOX_CREDENTIALS.accessToken });
    const ids = world.hubspot.contacts.map((c) => c.id);
    const read = await connector.npsAnswersFor(ids);
    for (const id of ids) {
      const expected = answers.filter((a) => a.contactId === id).sort((a, b) => b.submittedAt.localeCompare(a.submittedAt));
      expect(read.get(id)?.map((a) => [a.provenance.recordId, a.score, a.givenAt])).toEqual(expected.map((a) => [a.id, a.score, a.submittedAt]));
    }
  });

  it('answers search, batch read and get with bodies valid per the spec, properties as HubSpot names them', async () => {
    const one = answers[0]!;
    const search = await post('/crm/v3/objects/feedback_submissions/search', {
      filterGroups: [{ filters: [{ propertyName: 'hs_contact_id', operator: 'EQ', value: one.contactId }] }],
      properties: ['hs_value', 'hs_survey_type', 'hs_response_group', 'hs_submission_timestamp', 'hs_contact_id'],
      limit: 200,
    });
    expect(search.status).toBe(200);
    expect(specs.contacts.problems('CollectionResponseWithTotalSimplePublicObject', search.body)).toEqual([]);
    const found = search.body.results.find((r: { id: string }) => r.id === one.id);
    expect(found.properties).toMatchObject({ hs_value: String(one.score), hs_survey_type: 'NPS', hs_contact_id: one.contactId, hs_submission_timestamp: one.submittedAt });
    expect(found.properties.hs_response_group).toBe(one.score >= 9 ? 'PROMOTER' : one.score >= 7 ? 'PASSIVE' : 'DETRACTOR');
    const batch = await post('/crm/v3/objects/feedback_submissions/batch/read', { inputs: [{ id: one.id }, { id: '1' }], properties: ['hs_value'], propertiesWithHistory: [] });
    expect(batch.status).toBe(207);
    expect(batch.body.results.map((r: { id: string }) => r.id)).toEqual([one.id]);
    const get = await fetch(`${sandbox.url}/crm/v3/objects/feedback_submissions/${one.id}?properties=hs_value`, { headers: auth });
    expect(((await get.json()) as { properties: Record<string, string> }).properties).toMatchObject({ hs_value: String(one.score), hs_object_id: one.id });
  });

  it('refuses a call without the token as HubSpot does (401 INVALID_AUTHENTICATION), and a search over its limits (400)', async () => {
    const res = await fetch(`${sandbox.url}/crm/v3/objects/feedback_submissions/search`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { category: string }).category).toBe('INVALID_AUTHENTICATION');
    const tooMany = await post('/crm/v3/objects/feedback_submissions/search', {
      filterGroups: [{ filters: [{ propertyName: 'hs_contact_id', operator: 'IN', values: Array.from({ length: 101 }, (_, i) => String(i + 1)) }] }],
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.category).toBe('VALIDATION_ERROR');
  });

  it('takes a contact\'s submissions with it when the contact is GDPR-deleted', async () => {
    const contactId = answers.at(-1)!.contactId;
    const search = () => post('/crm/v3/objects/feedback_submissions/search', { filterGroups: [{ filters: [{ propertyName: 'hs_contact_id', operator: 'EQ', value: contactId }] }] });
    expect((await search()).body.total).toBeGreaterThan(0);
    const res = await fetch(`${sandbox.url}/crm/v3/objects/contacts/gdpr-delete`, { method: 'POST', headers: auth, body: JSON.stringify({ objectId: contactId }) });
    expect(res.status).toBe(204);
    expect((await search()).body).toMatchObject({ total: 0, results: [] });
  });
});
