import { startCapture } from '../../../support/webhook-capture.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubSpotConnector, createHubSpotSandbox, HUBSPOT_SANDBOX_CREDENTIALS, resolveHubSpotConfig, hubspotSettings } from '../../../../connectors/hubspot/index.js';
import { generateWorld, startSandbox, truthOf, type WorldContact } from '../../../../connectors/sandbox-kit/index.js';
import { hubspotWebhook } from '../../../../src/webhooks/index.js';
import { specs } from '../support.js';

const auth = { Authorization: `Bearer ${HUBSPOT_SANDBOX_CREDENTIALS.accessToken}`, 'Content-Type': 'application/json' };
const fold = (email: string | null | undefined) => email?.trim().toLowerCase() ?? '';

/** A sandbox over its own small world, so erasures and consent writes in one test touch no other suite. */
async function ownSandbox(seed: number) {
  const world = generateWorld({ seed, people: 40 });
  const sandbox = await startSandbox(createHubSpotSandbox(world), { port: 0 });
  const call = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const res = await fetch(`${sandbox.url}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: auth,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await res.text();
    return { status: res.status, body: (text === '' ? undefined : JSON.parse(text)) as any };
  };
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sandbox.url}/__sandbox/${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) });
    return { status: res.status, body: (await res.json()) as any };
  };
  const connector = createHubSpotConnector(resolveHubSpotConfig(hubspotSettings.parse({}), { sandboxUrl: sandbox.url }));
  return { world, contacts: world.hubspot.contacts, sandbox, call, control, connector };
}
type Own = Awaited<ReturnType<typeof ownSandbox>>;

describe('HubSpot sandbox GDPR delete', () => {
  let own: Own;
  beforeAll(async () => {
    own = await ownSandbox(11);
  });
  afterAll(() => own.sandbox.close());

  it('removes a contact erased by id from get, batch read, search, list, associations and the truth', async () => {
    const { call, control, contacts } = own;
    const target = contacts.find((c) => c.email && c.company) as WorldContact;
    expect((await call(`/crm/v3/objects/contacts/${target.id}`)).status).toBe(200);
    const erased = await call('/crm/v3/objects/contacts/gdpr-delete', { body: { objectId: target.id } });
    expect(erased).toEqual({ status: 204, body: undefined });

    expect((await call(`/crm/v3/objects/contacts/${target.id}`)).status).toBe(404);
    const batch = await call('/crm/v3/objects/contacts/batch/read', { body: { inputs: [{ id: target.id }], properties: [], propertiesWithHistory: [] } });
    expect(batch.body.errors[0].context.ids).toEqual([target.id]);
    const search = await call('/crm/v3/objects/contacts/search', { body: { filterGroups: [{ filters: [{ propertyName: 'hs_object_id', operator: 'EQ', value: target.id }] }] } });
    expect(search.body.total).toBe(0);
    const list = await call('/crm/v3/objects/contacts?limit=100');
    expect(list.body.results.map((c: { id: string }) => c.id)).not.toContain(target.id);
    expect((await call(`/crm/v4/objects/contacts/${target.id}/associations/companies`)).status).toBe(404);
    const associations = await call('/crm/v4/associations/contacts/companies/batch/read', { body: { inputs: [{ id: target.id }] } });
    expect(associations.body.results).toEqual([]);
    const truth = (await control('GET', 'truth')).body as Record<string, string[]>;
    expect(Object.values(truth).flat()).not.toContain(target.id);
    expect(truth).toEqual(truthOf(contacts.filter((c) => c.id !== target.id)));
  });

  it('blocklists an address erased by email, so no contact can be created with it again; by id it blocklists nothing', async () => {
    const { call, contacts } = own;
    const byEmail = contacts.find((c) => c.email && contacts.filter((o) => fold(o.email) === fold(c.email)).length === 1) as WorldContact;
    const byId = contacts.find((c) => c.email && c !== byEmail && fold(c.email) !== fold(byEmail.email) && contacts.filter((o) => fold(o.email) === fold(c.email)).length === 1) as WorldContact;
    expect((await call('/crm/v3/objects/contacts/gdpr-delete', { body: { objectId: fold(byEmail.email).toUpperCase(), idProperty: 'email' } })).status).toBe(204);
    expect((await call('/crm/v3/objects/contacts/gdpr-delete', { body: { objectId: byId.id } })).status).toBe(204);

    const again = await call('/crm/v3/objects/contacts', { body: { properties: { email: byEmail.email, firstname: 'Back' } } });
    expect(again.status).toBe(400);
    expect(again.body.category).toBe('VALIDATION_ERROR');
    expect(specs.contacts.problems('Error', again.body)).toEqual([]);
    const never = await call('/crm/v3/objects/contacts/gdpr-delete', { body: { objectId: 'never.seen@nowhere.example', idProperty: 'email' } });
    expect(never.status).toBe(204);
    expect((await call('/crm/v3/objects/contacts', { body: { properties: { email: 'never.seen@nowhere.example' } } })).status).toBe(400);

    const reused = await call('/crm/v3/objects/contacts', { body: { properties: { email: byId.email as string } } });
    expect(reused.status).toBe(201);
  });
});

describe('HubSpot sandbox contact creation (POST /crm/v3/objects/contacts)', () => {
  let own: Own;
  beforeAll(async () => {
    own = await ownSandbox(12);
  });
  afterAll(() => own.sandbox.close());

  it('answers 201 with a SimplePublicObject under a new id that every read then serves, outside the truth', async () => {
    const { call, control, contacts } = own;
    const properties = { email: 'new.person@example.org', firstname: 'Nova', lastname: 'Quist', phone: '+1 617 555 0199' };
    const created = await call('/crm/v3/objects/contacts', { body: { properties, associations: [] } });
    expect(created.status).toBe(201);
    expect(specs.contacts.problems('SimplePublicObject', created.body)).toEqual([]);
    expect(created.body.properties).toMatchObject({ ...properties, hs_object_id: created.body.id });
    expect(Number(created.body.id)).toBeGreaterThan(Math.max(...contacts.map((c) => Number(c.id))));
    const read = await own.connector.getContacts([created.body.id]);
    expect(read.get(created.body.id)).toMatchObject({ firstName: 'Nova', emails: ['new.person@example.org'], consent: [{ state: 'UNKNOWN' }] });
    const found = await own.connector.findContacts([{ kind: 'phone', value: '+16175550199' }]);
    expect(found.get('phone:+16175550199')?.map((r) => r.provenance.recordId)).toEqual([created.body.id]);
    expect((await control('GET', 'truth')).body).toEqual(truthOf(contacts));
  });

  it.each([
    ['an email another contact holds', (c: WorldContact) => ({ properties: { email: ` ${fold(c.email).toUpperCase()} ` } }), 409, 'CONFLICT'],
    ['a property HubSpot does not have', () => ({ properties: { favourite_colour: 'teal' } }), 400, 'VALIDATION_ERROR'],
    ['a read-only property', () => ({ properties: { hs_email_optout: 'false' } }), 400, 'VALIDATION_ERROR'],
    ['no properties object', () => ({ email: 'x@example.org' }), 400, 'VALIDATION_ERROR'],
  ])('refuses a create with %s as HubSpot does', async (_what, body, status, category) => {
    const holder = own.contacts.find((c) => c.email) as WorldContact;
    const res = await own.call('/crm/v3/objects/contacts', { body: body(holder) });
    expect(res.status).toBe(status);
    expect(res.body.category).toBe(category);
    expect(specs.contacts.problems('Error', res.body)).toEqual([]);
  });
});

describe('HubSpot sandbox communication preference writes', () => {
  let own: Own;
  beforeAll(async () => {
    own = await ownSandbox(13);
  });
  afterAll(() => own.sandbox.close());
  const statusOf = (email: string) => own.call(`/communication-preferences/v3/status/email/${encodeURIComponent(email)}`);
  const contactOf = (id: string) => own.call(`/crm/v3/objects/contacts/${id}?properties=hs_email_optout,hs_legal_basis,lastmodifieddate`);

  it('opts an address out of all email (v4), and the contact, its statuses and the connector all agree', async () => {
    const target = own.contacts.find((c) => c.email && c.emailConsent === 'GRANTED') as WorldContact;
    const email = fold(target.email);
    const res = await own.call(`/communication-preferences/v4/statuses/${encodeURIComponent(email)}/unsubscribe-all?channel=EMAIL`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(specs.preferenceWrites.problems('ActionResponseWithResultsPublicStatus', res.body)).toEqual([]);
    expect(res.body.results.every((r: { status: string; subscriberIdString: string }) => r.status === 'UNSUBSCRIBED' && r.subscriberIdString === email)).toBe(true);
    const contact = await contactOf(target.id);
    expect(contact.body.properties.hs_email_optout).toBe('true');
    expect(contact.body.properties.hs_legal_basis).toBeUndefined();
    expect(Date.parse(contact.body.properties.lastmodifieddate)).toBeGreaterThan(Date.parse(target.updatedAt));
    expect((await statusOf(email)).body.subscriptionStatuses.every((s: { status: string; sourceOfStatus: string }) => s.status === 'NOT_SUBSCRIBED' && s.sourceOfStatus === 'PORTAL_WIDE_STATUS')).toBe(true);
    expect((await own.connector.getContacts([target.id])).get(target.id)?.consent[0]?.state).toBe('DENIED');
  });

  it('refuses to subscribe an address opted out of all email with a 400 VALIDATION_ERROR, and changes nothing', async () => {
    const target = own.contacts.find((c) => c.email && c.emailConsent === 'DENIED') as WorldContact;
    const before = (await contactOf(target.id)).body;
    const res = await own.call('/communication-preferences/v3/subscribe', { body: { emailAddress: target.email, subscriptionId: '1133224', legalBasis: 'CONSENT_WITH_NOTICE', legalBasisExplanation: 'test' } });
    expect(res.status).toBe(400);
    expect(res.body.category).toBe('VALIDATION_ERROR');
    expect(specs.preferenceWrites.problems('Error', res.body)).toEqual([]);
    expect((await contactOf(target.id)).body).toEqual(before);
  });

  it('subscribes an address that never opted out (v3): consent basis stored, statuses and connector read GRANTED', async () => {
    const target = own.contacts.find((c) => c.email && c.emailConsent === 'UNKNOWN') as WorldContact;
    const body = { emailAddress: fold(target.email), subscriptionId: '1133224', legalBasis: 'CONSENT_WITH_NOTICE', legalBasisExplanation: 'Asked at the counter' };
    expect(specs.preferenceWrites.problems('PublicUpdateSubscriptionStatusRequest', body)).toEqual([]);
    const res = await own.call('/communication-preferences/v3/subscribe', { body });
    expect(res.status).toBe(200);
    expect(specs.preferenceWrites.problems('PublicSubscriptionStatus', res.body)).toEqual([]);
    expect(res.body).toMatchObject({ id: '1133224', status: 'SUBSCRIBED', legalBasis: 'CONSENT_WITH_NOTICE' });
    expect((await contactOf(target.id)).body.properties).toMatchObject({ hs_email_optout: 'false', hs_legal_basis: expect.stringMatching(/consent/i) });
    expect((await own.connector.emailConsent(fold(target.email))).state).toBe('GRANTED');
    expect((await own.connector.getContacts([target.id])).get(target.id)?.consent[0]?.state).toBe('GRANTED');
  });

  it('answers an address no contact holds with 200 and changes no contact', async () => {
    const truthBefore = (await own.control('GET', 'truth')).body;
    const out = await own.call(`/communication-preferences/v4/statuses/${encodeURIComponent('nobody@nowhere.example')}/unsubscribe-all?channel=EMAIL`, { method: 'POST' });
    const sub = await own.call('/communication-preferences/v3/subscribe', { body: { emailAddress: 'nobody@nowhere.example', subscriptionId: '1133224', legalBasis: 'CONSENT_WITH_NOTICE', legalBasisExplanation: 'x' } });
    expect([out.status, sub.status]).toEqual([200, 200]);
    expect((await own.control('GET', 'truth')).body).toEqual(truthBefore);
  });

  it.each([
    ['unsubscribe-all without channel', '/communication-preferences/v4/statuses/a%40b.example/unsubscribe-all', undefined],
    ['subscribe without an email address', '/communication-preferences/v3/subscribe', { subscriptionId: '1133224', legalBasis: 'CONSENT_WITH_NOTICE', legalBasisExplanation: 'x' }],
    ['subscribe to an unknown subscription', '/communication-preferences/v3/subscribe', { emailAddress: 'a@b.example', subscriptionId: '999', legalBasis: 'CONSENT_WITH_NOTICE', legalBasisExplanation: 'x' }],
    ['subscribe without a legal basis', '/communication-preferences/v3/subscribe', { emailAddress: 'a@b.example', subscriptionId: '1133224' }],
  ])('rejects %s with a 400 VALIDATION_ERROR', async (_what, path, body) => {
    const res = await own.call(path, { method: 'POST', body });
    expect(res.status).toBe(400);
    expect(res.body.category).toBe('VALIDATION_ERROR');
  });
});

describe('HubSpot privacy connector against the sandbox', () => {
  let own: Own;
  beforeAll(async () => {
    own = await ownSandbox(14);
  });
  afterAll(() => own.sandbox.close());

  it('erases a contact (ERASED), reads it back GONE, and answers a repeat NOT_FOUND', async () => {
    const target = own.contacts[0] as WorldContact;
    expect(await own.connector.recordPresence(target.id)).toBe('PRESENT');
    expect((await own.connector.eraseRecord(target.id)).state).toBe('ERASED');
    expect(await own.connector.recordPresence(target.id)).toBe('GONE');
    const again = await own.connector.eraseRecord(target.id);
    expect(again).toMatchObject({ state: 'NOT_FOUND', receipts: [{ httpStatus: 404 }] });
    expect((await own.control('GET', 'truth')).body).toEqual(truthOf(own.contacts.slice(1)));
  });

  it('withdraws consent (WRITTEN, read back DENIED), then answers a grant REFUSED as HubSpot keeps the opt-out', async () => {
    const target = own.contacts.find((c) => c.email && c.emailConsent === 'GRANTED') as WorldContact;
    const record = (await own.connector.getContacts([target.id])).get(target.id);
    if (!record) throw new Error('target missing');
    expect((await own.connector.writeEmailConsent(record, 'DENIED')).state).toBe('WRITTEN');
    expect((await own.connector.getContacts([target.id])).get(target.id)?.consent[0]?.state).toBe('DENIED');
    const grant = await own.connector.writeEmailConsent(record, 'GRANTED');
    expect(grant).toMatchObject({ state: 'REFUSED', detail: expect.stringContaining("opt-out of all email") });
    expect(grant.receipts.map((r) => r.httpStatus)).toEqual([400, 200]);
    expect((await own.connector.getContacts([target.id])).get(target.id)?.consent[0]?.state).toBe('DENIED');
  });
});


async function waitFor<T>(read: () => T | undefined): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('nothing arrived');
}

describe('HubSpot sandbox record creation through the control surface (POST /__sandbox/records)', () => {
  let own: Own;
  let capture: Awaited<ReturnType<typeof startCapture>>;
  beforeAll(async () => {
    own = await ownSandbox(15);
    capture = await startCapture();
  });
  afterAll(async () => {
    await own.sandbox.close();
    await capture.close();
  });

  it('re-creates an erased person as a new contact, lists it under the given personId, and sends a signed contact.creation', async () => {
    const { control, connector, contacts } = own;
    const erased = contacts.find((c) => c.email) as WorldContact;
    expect((await connector.eraseRecord(erased.id)).state).toBe('ERASED');
    expect((await control('PUT', 'webhooks', { url: `${capture.url}/hooks/hubspot`, secret: 'capture-secret' })).status).toBe(200);

    const res = await control('POST', 'records', { email: erased.email, firstName: 'Again', personId: erased.personId });
    expect(res.status).toBe(201);
    const { id, eventIds, deliveries } = res.body as { id: string; eventIds: string[]; deliveries: number[] };
    expect(id).not.toBe(erased.id);
    expect(eventIds).toHaveLength(1);
    expect(deliveries).toHaveLength(1);
    expect((await control('GET', 'truth')).body[String(erased.personId)]).toContain(id);
    expect((await connector.getContacts([id])).get(id)).toMatchObject({ firstName: 'Again', emails: [erased.email] });
    expect(await connector.recordPresence(id)).toBe('PRESENT');

    const delivery = await waitFor(() => capture.received[0]);
    const events = JSON.parse(delivery.body.toString('utf8')) as Array<Record<string, unknown>>;
    expect(events).toEqual([expect.objectContaining({ subscriptionType: 'contact.creation', objectId: Number(id), changeFlag: 'NEW', eventId: Number(eventIds[0]) })]);
    expect(hubspotWebhook.verify(delivery, 'capture-secret', { publicUrl: capture.url, now: Date.now() })).toEqual({ ok: true });
    expect(hubspotWebhook.events(events, delivery)).toEqual({ ok: true, events: [{ id: eventIds[0], source: 'CRM', recordIds: [id] }] });
  });

  it('leaves the truth alone without a personId, and refuses an address HubSpot holds or blocklisted with 409', async () => {
    const { control, call, contacts } = own;
    const before = (await control('GET', 'truth')).body;
    const res = await control('POST', 'records', { email: 'brand.new@example.org', lastName: 'Newman' });
    expect(res.status).toBe(201);
    expect((await control('GET', 'truth')).body).toEqual(before);
    expect((await call(`/crm/v3/objects/contacts/${res.body.id}`)).body.properties).toMatchObject({ email: 'brand.new@example.org', lastname: 'Newman' });

    const holder = contacts.find((c) => c.email && (before[String(c.personId)] ?? []).includes(c.id)) as WorldContact;
    expect((await control('POST', 'records', { email: holder.email })).status).toBe(409);
    await call('/crm/v3/objects/contacts/gdpr-delete', { body: { objectId: 'gone.for.good@example.org', idProperty: 'email' } });
    const blocked = await control('POST', 'records', { email: 'gone.for.good@example.org' });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error).toMatch(/blocklisted/);
  });
});
