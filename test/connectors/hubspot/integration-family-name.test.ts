import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubSpotConnector, createHubSpotSandbox, hubspotSettings, resolveHubSpotConfig } from '../../../connectors/hubspot/index.js';
import { generateWorld, startSandbox, type RunningSandbox, type WorldContact } from '../../../connectors/sandbox-kit/index.js';
import { familyNameKeyIdOf } from '../../../connectors/shared/index.js';
import { familyNameKey, lookupKeyId, postalCodeKey, type LookupKey } from '../../../src/model/index.js';

const world = generateWorld({ seed: 42, people: 400 });
const contacts = world.hubspot.contacts;
let sandbox: RunningSandbox;
let connector: ReturnType<typeof createHubSpotConnector>;

const keyOf = (c: WorldContact): LookupKey => ({ kind: 'familyName', value: familyNameKey(c.lastName) ?? '', postalCode: postalCodeKey(c.postalCode) ?? '' });
const pairOf = (c: WorldContact) => familyNameKeyIdOf(c.lastName, c.postalCode);
// Names HubSpot can be asked for by their normalised key: letters only, so only case differs from the key.
const plain = contacts.filter((c) => pairOf(c) !== null && /^[A-Za-z]+$/.test(c.lastName?.trim() ?? ''));
const keys = [...new Map(plain.map((c) => [pairOf(c), keyOf(c)])).values()];
const idsOf = (list: Array<{ provenance: { recordId: string } }> | undefined) => (list ?? []).map((r) => r.provenance.recordId).sort();

async function searchesDuring(run: () => Promise<unknown>): Promise<number> {
  await fetch(`${sandbox.url}/__sandbox/stats`, { method: 'DELETE' });
  await run();
  const stats = (await (await fetch(`${sandbox.url}/__sandbox/stats`)).json()) as { total: number; byEndpoint: Record<string, number> };
  expect(Object.keys(stats.byEndpoint)).toEqual(stats.total > 0 ? ['POST /crm/v3/objects/contacts/search'] : []);
  return stats.total;
}

beforeAll(async () => {
  sandbox = await startSandbox(createHubSpotSandbox(world), { port: 0 });
  connector = createHubSpotConnector(resolveHubSpotConfig(hubspotSettings.parse({}), { sandboxUrl: sandbox.url }));
});
afterAll(() => sandbox.close());

describe('HubSpot family-name lookups against the sandbox', () => {
  it('finds exactly the World contacts with each (family name, postal code) pair, UK and Japanese codes included', async () => {
    expect(keys.length).toBeGreaterThanOrEqual(250);
    const found = await connector.findContacts(keys);
    for (const id of keys.map(lookupKeyId)) {
      expect(idsOf(found.get(id)), id).toEqual(contacts.filter((c) => pairOf(c) === id).map((c) => c.id).sort());
    }
    // Stored as typed ("SW1A 1AA", "721-0353"): found through the written forms the connector also sends.
    expect(plain.filter((c) => c.countryCode === 'GB' || c.countryCode === 'JP').every((c) => /[ -]/.test(c.postalCode ?? ''))).toBe(true);
    expect(plain.filter((c) => c.countryCode === 'GB' || c.countryCode === 'JP').length).toBeGreaterThan(20);
    expect([...found.values()].filter((list) => list.length > 1).length).toBeGreaterThan(0);
  });

  it.each([
    [1, 1],
    [100, 1],
    [250, 2],
  ])('looks up %i keys with %i search request(s)', async (n, requests) => {
    // 250 keys fit the 5 groups of one search; its ≈250 results take two pages of 200.
    expect(await searchesDuring(() => connector.findContacts(keys.slice(0, n)))).toBe(requests);
  });

  it('has the sandbox match lastname and zip ignoring case only, as HubSpot documents EQ and IN', async () => {
    const uk = plain.find((c) => c.countryCode === 'GB');
    const search = async (lastname: string, zip: string) => {
      const filters = [{ propertyName: 'lastname', operator: 'IN', values: [lastname] }, { propertyName: 'zip', operator: 'EQ', value: zip }];
      const res = await fetch(`${sandbox.url}/crm/v3/objects/contacts/search`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${resolveHubSpotConfig(hubspotSettings.parse({}), { sandboxUrl: sandbox.url }).accessToken}` },
        body: JSON.stringify({ filterGroups: [{ filters }], limit: 200 }),
      });
      return ((await res.json()) as { results: Array<{ id: string }> }).results.map((r) => r.id);
    };
    expect(await search(uk?.lastName?.toUpperCase() ?? '', ` ${uk?.postalCode?.toLowerCase()} `)).toContain(uk?.id);
    expect(await search(uk?.lastName ?? '', uk?.postalCode?.replace(' ', '') ?? '')).not.toContain(uk?.id);
  });

  it('does not find a family name typed with an apostrophe or hyphen from its normalised key (known gap)', async () => {
    const typed = contacts.find((c) => pairOf(c) !== null && /['-]/.test(c.lastName ?? ''));
    if (!typed) throw new Error('the test world lacks a hyphenated or apostrophised family name');
    const found = await connector.findContacts([keyOf(typed)]);
    expect(idsOf(found.get(pairOf(typed) ?? ''))).not.toContain(typed.id);
  });

  it('finds it when the key carries the spelling its asker wrote, filed under the normalised key', async () => {
    const typed = contacts.filter((c) => pairOf(c) !== null && /['-]/.test(c.lastName ?? ''));
    expect(typed.length).toBeGreaterThan(0);
    const keys = typed.map((c): LookupKey => ({ ...keyOf(c), spelling: c.lastName?.trim().toLowerCase() as string } as LookupKey));
    const found = await connector.findContacts(keys);
    for (const c of typed) expect(idsOf(found.get(pairOf(c) ?? ''))).toContain(c.id);
  });
});
