import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubSpotSandbox, HUBSPOT_SANDBOX_CREDENTIALS } from '../../../../connectors/hubspot/index.js';
import { generateWorld, startSandbox, type RunningSandbox } from '../../../../connectors/sandbox-kit/index.js';

// The sandbox keeps each contact's JSON text per property list, so long pages and batched searches are not
// serialised again. These tests prove a kept text never outlives a write: a PATCH, a webhook-style change through
// the control surface and a GDPR delete are all seen by the very next list page and search.

const world = generateWorld({ seed: 42, people: 120 });
const auth = { Authorization: `Bearer ${HUBSPOT_SANDBOX_CREDENTIALS.accessToken}`, 'Content-Type': 'application/json' };
const PROPERTIES = ['email', 'firstname', 'lastname', 'phone'];
let sandbox: RunningSandbox;

async function call(path: string, method = 'GET', body?: unknown) {
  const res = await fetch(`${sandbox.url}${path}`, { method, headers: auth, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type'), body: (text === '' ? null : JSON.parse(text)) as any };
}
const listed = async (id: string) => (await call(`/crm/v3/objects/contacts?limit=100&properties=${PROPERTIES.join(',')}`)).body.results.find((c: { id: string }) => c.id === id);
const searched = async (id: string) =>
  (await call('/crm/v3/objects/contacts/search', 'POST', { filterGroups: [{ filters: [{ propertyName: 'hs_object_id', operator: 'EQ', value: id }] }], properties: PROPERTIES })).body.results[0];

beforeAll(async () => {
  sandbox = await startSandbox(createHubSpotSandbox(world), { port: 0 });
});
afterAll(() => sandbox.close());

describe('HubSpot sandbox kept contact texts', () => {
  const contact = [...world.hubspot.contacts].sort((a, b) => Number(a.id) - Number(b.id))[3];
  if (!contact) throw new Error('the test world holds too few HubSpot contacts');

  it('answers with the JSON content type an object body gets', async () => {
    expect((await call('/crm/v3/objects/contacts?limit=2')).type).toBe('application/json; charset=utf-8');
    expect((await call('/crm/v3/objects/contacts/search', 'POST', {})).type).toBe('application/json; charset=utf-8');
  });

  it('serves a PATCHed contact fresh in the list and the search that kept its text before', async () => {
    const before = await listed(contact.id);
    expect(await searched(contact.id)).toEqual(before);
    const patched = await call(`/crm/v3/objects/contacts/${contact.id}`, 'PATCH', { properties: { firstname: 'Rewritten' } });
    expect(patched.status).toBe(200);
    for (const read of [await listed(contact.id), await searched(contact.id)]) {
      expect(read.properties.firstname).toBe('Rewritten');
      expect(read.properties.lastmodifieddate).toBe(patched.body.properties.lastmodifieddate);
      expect(read.updatedAt).toBe(patched.body.updatedAt);
      expect(read.updatedAt).not.toBe(before.updatedAt);
    }
  });

  it('serves a contact changed through the control surface (as a webhook announces) fresh', async () => {
    await listed(contact.id);
    const res = await fetch(`${sandbox.url}/__sandbox/records/${contact.id}`, { method: 'PATCH', headers: auth, body: JSON.stringify({ lastName: 'Zyxchanged' }) });
    expect(res.status).toBe(200);
    expect((await listed(contact.id)).properties.lastname).toBe('Zyxchanged');
    expect((await searched(contact.id)).properties.lastname).toBe('Zyxchanged');
  });

  it('leaves a GDPR-deleted contact out of the list and the search that kept its text', async () => {
    expect(await listed(contact.id)).toBeDefined();
    expect((await call('/crm/v3/objects/contacts/gdpr-delete', 'POST', { objectId: contact.id })).status).toBe(204);
    expect(await listed(contact.id)).toBeUndefined();
    expect(await searched(contact.id)).toBeUndefined();
  });
});
