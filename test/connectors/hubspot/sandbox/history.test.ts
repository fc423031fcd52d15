import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubSpotConnector, createHubSpotSandbox, HUBSPOT_SANDBOX_CREDENTIALS, hubspotSettings, resolveHubSpotConfig } from '../../../../connectors/hubspot/index.js';
import { generateWorld, startSandbox, type RunningSandbox, type WorldContact } from '../../../../connectors/sandbox-kit/index.js';
import { specs } from '../support.js';

const world = generateWorld({ seed: 42, people: 200 });
const contacts = world.hubspot.contacts;
const HISTORIED = ['lifecyclestage', 'hs_email_optout', 'hs_legal_basis'];
let sandbox: RunningSandbox;
const auth = { Authorization: `Bearer ${HUBSPOT_SANDBOX_CREDENTIALS.accessToken}`, 'Content-Type': 'application/json' };

async function call(path: string, body?: unknown) {
  const res = await fetch(`${sandbox.url}${path}`, { method: body === undefined ? 'GET' : 'POST', headers: auth, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
}
const batchRead = (ids: string[], propertiesWithHistory = HISTORIED) =>
  call('/crm/v3/objects/contacts/batch/read', { inputs: ids.map((id) => ({ id })), properties: [], propertiesWithHistory });
/** The world's history of one property of a contact, newest first, as HubSpot lists it. */
const worldHistory = (c: WorldContact, property: string) =>
  world.hubspot.propertyHistory.filter((e) => e.contactId === c.id && e.property === property).reverse().map(({ value, timestamp, sourceType }) => ({ value, timestamp, sourceType }));

beforeAll(async () => {
  sandbox = await startSandbox(createHubSpotSandbox(world), { port: 0 });
});
afterAll(() => sandbox.close());

describe('HubSpot sandbox: propertiesWithHistory', () => {
  it('serves each asked property\'s history on batch read, newest first, as the world holds it, valid per the spec', async () => {
    const some = contacts.slice(0, 40);
    const res = await batchRead(some.map((c) => c.id));
    expect(res.status).toBe(200);
    expect(specs.contacts.problems('BatchResponseSimplePublicObject', res.body)).toEqual([]);
    for (const c of some) {
      const got = res.body.results.find((r: { id: string }) => r.id === c.id);
      for (const property of HISTORIED) {
        const expected = worldHistory(c, property);
        expect(got.propertiesWithHistory[property], `${c.id} ${property}`).toEqual(expected.length === 0 ? undefined : expected);
      }
      expect(got.propertiesWithHistory.lifecyclestage[0].value).toBe(c.lifecycleStage);
    }
  });

  it('serves it on a single GET with the propertiesWithHistory parameter too', async () => {
    const c = contacts[3]!;
    const res = await call(`/crm/v3/objects/contacts/${c.id}?propertiesWithHistory=lifecyclestage,hs_email_optout`);
    expect(specs.contacts.problems('SimplePublicObjectWithAssociations', res.body)).toEqual([]);
    expect(res.body.propertiesWithHistory.lifecyclestage).toEqual(worldHistory(c, 'lifecyclestage'));
    expect(res.body.propertiesWithHistory.hs_email_optout).toEqual(worldHistory(c, 'hs_email_optout'));
  });

  it('refuses more than 50 inputs when histories are asked, as HubSpot does, and takes 100 without them', async () => {
    const ids = contacts.slice(0, 51).map((c) => c.id);
    const refused = await batchRead(ids);
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/maximum number of inputs supported in a batch request for property histories is 50/);
    expect((await batchRead(ids.slice(0, 50))).status).toBe(200);
    expect((await batchRead(contacts.slice(0, 100).map((c) => c.id), [])).status).toBe(200);
  });

  it('gives the connector every contact\'s changes in one batch read per 50 contacts, ending in its stage and consent', async () => {
    const crm = createHubSpotConnector(resolveHubSpotConfig(hubspotSettings.parse({}), { sandboxUrl: sandbox.url }));
    const some = contacts.slice(0, 120);
    expect(some).toHaveLength(120);
    await fetch(`${sandbox.url}/__sandbox/stats`, { method: 'DELETE' });
    const history = await crm.crmHistoryFor(some.map((c) => c.id));
    const stats = (await (await fetch(`${sandbox.url}/__sandbox/stats`)).json()) as { byEndpoint: Record<string, number> };
    expect(stats.byEndpoint).toEqual({ 'POST /crm/v3/objects/contacts/batch/read': 3 });
    for (const c of some) {
      const changes = history.get(c.id)!;
      expect(changes.find((x) => x.property === 'LIFECYCLE_STAGE')?.value).toBe(c.lifecycleStage);
      expect(changes.find((x) => x.property === 'EMAIL_CONSENT')?.value ?? 'UNKNOWN').toBe(c.emailConsent);
      expect([...changes].sort((a, b) => b.at.localeCompare(a.at))).toEqual(changes);
    }
  });
  it('records an opt-out through communication preferences in the history, with the cleared legal basis', async () => {
    const c = contacts.find((x) => x.emailConsent === 'GRANTED' && x.email !== null && contacts.filter((y) => y.email?.trim().toLowerCase() === x.email?.trim().toLowerCase()).length === 1)!;
    const out = await fetch(`${sandbox.url}/communication-preferences/v4/statuses/${encodeURIComponent(c.email!)}/unsubscribe-all?channel=EMAIL`, { method: 'POST', headers: auth });
    expect(out.status).toBe(200);
    const got = (await batchRead([c.id])).body.results[0];
    expect(got.propertiesWithHistory.hs_email_optout[0]).toMatchObject({ value: 'true' });
    expect(got.propertiesWithHistory.hs_email_optout.slice(1)).toEqual(worldHistory(c, 'hs_email_optout'));
    expect(got.propertiesWithHistory.hs_legal_basis[0]).toMatchObject({ value: '' });
    expect(got.propertiesWithHistory.hs_legal_basis[0].timestamp).toBe(got.propertiesWithHistory.hs_email_optout[0].timestamp);
  });

});
