import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHubSpotConnector, createHubSpotSandbox, hubspotSettings, resolveHubSpotConfig } from '../../../connectors/hubspot/index.js';
import { generateWorld, startSandbox, truthOf, type RunningSandbox, type WorldContact } from '../../../connectors/sandbox-kit/index.js';
import { normaliseEmail, type LookupKey } from '../../../src/model/index.js';

const world = generateWorld({ seed: 42, people: 400 });
const contacts = world.hubspot.contacts;
let sandbox: RunningSandbox;
let connector: ReturnType<typeof createHubSpotConnector>;

// A stored email that is no address (a seeded data-quality defect) is no key: identity never asks with one.
const fold = (email: string | null) => normaliseEmail(email) ?? '';
const calculated = (c: WorldContact) => {
  const parsed = c.phone ? parsePhoneNumberFromString(c.phone, { defaultCountry: (c.countryCode ?? 'US') as CountryCode }) : undefined;
  return parsed?.isValid() ? parsed.number : null;
};
const idsOf = (list: Array<{ provenance: { recordId: string } }> | undefined) => (list ?? []).map((r) => r.provenance.recordId).sort();
const sortIds = (list: WorldContact[]) => list.map((c) => c.id).sort();

async function requestsDuring(run: () => Promise<unknown>): Promise<Record<string, number>> {
  await fetch(`${sandbox.url}/__sandbox/stats`, { method: 'DELETE' });
  await run();
  return ((await (await fetch(`${sandbox.url}/__sandbox/stats`)).json()) as { byEndpoint: Record<string, number> }).byEndpoint;
}

beforeAll(async () => {
  sandbox = await startSandbox(createHubSpotSandbox(world), { port: 0 });
  connector = createHubSpotConnector(resolveHubSpotConfig(hubspotSettings.parse({}), { sandboxUrl: sandbox.url }));
});
afterAll(() => sandbox.close());
beforeEach(() => fetch(`${sandbox.url}/__sandbox/faults`, { method: 'PUT', body: '{}', headers: { 'Content-Type': 'application/json' } }));

describe('HubSpot connector against the sandbox', () => {
  it('reads every contact as the world holds it', async () => {
    const read = await connector.getContacts(contacts.map((c) => c.id));
    expect(read.size).toBe(contacts.length);
    for (const c of contacts) {
      expect(read.get(c.id)).toMatchObject({
        provenance: { source: 'CRM', system: 'hubspot', recordId: c.id, updatedAt: c.updatedAt },
        firstName: c.firstName, lastName: c.lastName, emails: c.email ? [c.email] : [], phones: c.phone ? [c.phone] : [],
        secondaryEmails: c.secondaryEmails, secondaryPhones: [],
        postalCode: c.postalCode, countryCode: c.countryCode, createdAt: c.createdAt,
        crossRefs: c.xref ? [{ source: 'ECOMMERCE', recordId: `gid://shopify/Customer/${c.xref}`, via: 'shopify_customer_id' }] : [],
        consent: [{ channel: 'EMAIL', state: c.emailConsent, updatedAt: c.updatedAt }],
        crm: { lifecycleStage: c.lifecycleStage, leadStatus: c.leadStatus, company: c.company, jobTitle: c.jobTitle, ownerId: c.ownerId },
      });
    }
  });

  it('finds contacts by email as the world says, in one search per 500 values and 200 results', async () => {
    const keys = [...new Set(contacts.map((c) => fold(c.email)).filter(Boolean))].map((value): LookupKey => ({ kind: 'email', value }));
    let found = new Map();
    const calls = await requestsDuring(async () => (found = await connector.findContacts(keys)));
    const matching = contacts.filter((c) => fold(c.email) !== '');
    expect(calls).toEqual({ 'POST /crm/v3/objects/contacts/search': Math.ceil(keys.length / 500) * Math.ceil(matching.length / 200) });
    for (const key of keys) expect(idsOf(found.get(`email:${key.value}`))).toEqual(sortIds(contacts.filter((c) => fold(c.email) === key.value)));
  });

  it('finds contacts by E.164 phone through HubSpot\'s calculated phone number', async () => {
    const phones = [...new Set(contacts.map(calculated).filter((p): p is string => p !== null))];
    const found = await connector.findContacts(phones.map((value) => ({ kind: 'phone', value })));
    expect(phones.length).toBeGreaterThan(100);
    for (const phone of phones) expect(idsOf(found.get(`phone:${phone}`))).toEqual(sortIds(contacts.filter((c) => calculated(c) === phone)));
  });

  it('finds contacts pointing at a Shopify customer, and answers other silos\' xrefs with []', async () => {
    const linked = contacts.filter((c) => c.xref !== null);
    const keys: LookupKey[] = linked.map((c) => ({ kind: 'xref', source: 'ECOMMERCE', value: `gid://shopify/Customer/${c.xref}` }));
    const found = await connector.findContacts([...keys, { kind: 'xref', source: 'POS', value: linked[0]?.id ?? '' }]);
    for (const c of linked) expect(idsOf(found.get(`xref:ECOMMERCE:gid://shopify/Customer/${c.xref}`))).toContain(c.id);
    expect(found.get(`xref:POS:${linked[0]?.id}`)).toEqual([]);
  });

  it('finds a contact by full name and by a name prefix', async () => {
    const target = contacts.find((c) => c.firstName && c.lastName && !/[^A-Za-z]/.test(c.firstName + c.lastName));
    const found = await connector.findContacts([
      { kind: 'name', value: `${target?.firstName} ${target?.lastName}` },
      { kind: 'name', value: target?.lastName?.slice(0, 3) ?? '' },
      { kind: 'name', value: '*' },
    ]);
    expect(idsOf(found.get(`name:${target?.firstName} ${target?.lastName}`))).toContain(target?.id);
    expect(idsOf(found.get(`name:${target?.lastName?.slice(0, 3)}`))).toContain(target?.id);
    expect(found.get('name:*')).toEqual([]);
  });

  it('reads company associations of all contacts in one batch, one company per distinct name', async () => {
    let companies = new Map<string, string[]>();
    const calls = await requestsDuring(async () => (companies = await connector.associationsFor(contacts.map((c) => c.id), 'companies')));
    expect(calls).toEqual({ 'POST /crm/v4/associations/:fromObjectType/:toObjectType/batch/read': 1 });
    const byName = new Map<string, Set<string>>();
    for (const c of contacts) {
      expect(companies.get(c.id)).toHaveLength(c.company ? 1 : 0);
      if (c.company) byName.set(c.company, (byName.get(c.company) ?? new Set()).add(companies.get(c.id)?.[0] ?? ''));
    }
    expect([...byName.values()].every((ids) => ids.size === 1)).toBe(true);
  });

  it('reads email consent and a contact by email address', async () => {
    const target = contacts.find((c) => c.email && c.emailConsent === 'DENIED');
    expect((await connector.emailConsent(target?.email ?? '')).state).toBe('DENIED');
    expect((await connector.getContactByEmail(fold(target?.email ?? '')))?.provenance.recordId).toBe(target?.id);
    expect(await connector.getContactByEmail('nobody@nowhere.example')).toBeNull();
  });
});

describe('HubSpot GDPR delete against the sandbox', () => {
  it('erases a contact by id and every contact holding an email, and the truth forgets them', async () => {
    const small = generateWorld({ seed: 7, people: 40 });
    const own = await startSandbox(createHubSpotSandbox(small), { port: 0 });
    try {
      const crm = createHubSpotConnector(resolveHubSpotConfig(hubspotSettings.parse({}), { sandboxUrl: own.url }));
      const [first, second] = small.hubspot.contacts;
      expect(await crm.eraseContact({ recordId: first?.id ?? '' })).toBe(true);
      expect(await crm.eraseContact({ recordId: first?.id ?? '' })).toBe(false);
      expect(await crm.eraseContact({ email: fold(second?.email ?? '').toUpperCase() })).toBe(true);
      expect(await crm.eraseContact({ email: 'never-seen@nowhere.example' })).toBe(true);
      const gone = small.hubspot.contacts.filter((c) => c.id === first?.id || fold(c.email) === fold(second?.email ?? ''));
      const left = small.hubspot.contacts.filter((c) => !gone.includes(c));
      expect((await crm.getContacts(gone.map((c) => c.id))).size).toBe(0);
      const truth = (await (await fetch(`${own.url}/__sandbox/truth`)).json()) as Record<string, string[]>;
      expect(truth).toEqual(truthOf(left));
      expect(small.hubspot.contacts).toContain(first);
    } finally {
      await own.close();
    }
  });
});
