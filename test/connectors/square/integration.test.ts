import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSquareConnector, resolveSquareConfig, squareSettings } from '../../../connectors/square/index.js';
import { useSquareSilo } from './support.js';
import { lookupKeyId, normaliseEmail, normalisePhone, phoneRegionOf, type LookupKey } from '../../../src/model/index.js';

const silo = useSquareSilo(700);
let pos: ReturnType<typeof createSquareConnector>;
const customers = () => silo.world.square.customers;
const served = async (endpoint: string) => (await silo.stats()).byEndpoint[endpoint] ?? 0;
/** The keys a profile can be found by, normalised as the gateway asks them. */
const keysOf = (c: ReturnType<typeof customers>[number]): LookupKey[] => [
  ...(c.email ? [{ kind: 'email' as const, value: normaliseEmail(c.email) ?? '' }] : []),
  ...(c.phone ? [{ kind: 'phone' as const, value: normalisePhone(c.phone, phoneRegionOf(c.countryCode)) ?? '' }] : []),
  ...(c.xref ? [{ kind: 'xref' as const, source: 'CRM' as const, value: c.xref }] : []),
];

beforeAll(() => {
  pos = createSquareConnector(resolveSquareConfig(squareSettings.parse({}), { sandboxUrl: silo.sandbox.url }));
});
beforeEach(() => silo.resetStats());

describe('Square connector against the sandbox: contacts', () => {
  it('reads every customer of the world with consent, cross-references and values as stored', async () => {
    const found = await pos.getContacts(customers().map((c) => c.id));
    // One row per profile: [id, updated, given, family, email, phone, postal code, country, HubSpot id, email consent].
    const fromConnector = [...found.values()].map((r) => [
      r.provenance.recordId, r.provenance.updatedAt, r.firstName, r.lastName, r.emails[0] ?? null, r.phones[0] ?? null,
      r.postalCode, r.countryCode, r.crossRefs.find((x) => x.source === 'CRM' && x.via === 'reference_id')?.recordId ?? null,
      r.consent.find((f) => f.channel === 'EMAIL')?.state,
    ]);
    const fromWorld = customers().map((c) => [
      c.id, c.updatedAt, c.firstName, c.lastName, c.email, c.phone, c.postalCode, c.countryCode, c.xref, c.emailConsent,
    ]);
    expect(fromConnector).toEqual(expect.arrayContaining(fromWorld));
    expect(fromConnector).toHaveLength(fromWorld.length);
    expect([...found.values()].every((r) => r.provenance.source === 'POS' && r.provenance.system === 'square')).toBe(true);
  });

  it('finds profiles by normalised email, E.164 phone and HubSpot reference id, one search per distinct key for a few keys', async () => {
    const sample = customers().slice(0, 2);
    const keys = sample.flatMap(keysOf);
    expect(keys.length).toBeLessThan(8);
    const found = await pos.findContacts(keys);
    for (const c of sample) {
      for (const key of keysOf(c)) expect(found.get(lookupKeyId(key))?.map((r) => r.provenance.recordId)).toContain(c.id);
    }
    expect(await served('POST /v2/customers/search')).toBe(new Set(keys.map(lookupKeyId)).size);
    expect(await served('GET /v2/customers')).toBe(0);
  });

  it('reads every profile once instead, in creation-time windows, when the keys outnumber the pages of the customer list, with the same answers', async () => {
    const sample = customers().slice(0, 60);
    const keys = sample.flatMap(keysOf);
    const found = await pos.findContacts(keys);
    for (const c of sample) {
      for (const key of keysOf(c)) expect(found.get(lookupKeyId(key))?.map((r) => r.provenance.recordId)).toContain(c.id);
    }
    // One probe for the count and the oldest profile, then a search per window of about 90 profiles (a second page
    // where a window holds more than 100): about as many requests as listing, side by side, instead of one per key.
    const windows = Math.ceil(customers().length / 90);
    expect(await served('GET /v2/customers')).toBe(1);
    expect(await served('POST /v2/customers/search')).toBeGreaterThanOrEqual(windows);
    expect(await served('POST /v2/customers/search')).toBeLessThanOrEqual(Math.ceil(customers().length / 100) + 2);
    expect(1 + (await served('POST /v2/customers/search'))).toBeLessThan(new Set(keys.map(lookupKeyId)).size);
  });

  it('finds nothing with wildcards or search syntax, and asks nothing for keys Square cannot hold', async () => {
    const keys: LookupKey[] = [
      { kind: 'email', value: '*' },
      { kind: 'email', value: `${normaliseEmail(customers().find((c) => c.email)?.email) ?? ''} OR email:*` },
      { kind: 'phone', value: '+1*' },
      { kind: 'xref', source: 'ECOMMERCE', value: '1' },
    ];
    const found = await pos.findContacts(keys);
    expect([...found.values()]).toEqual([[], [], [], []]);
    expect(await served('POST /v2/customers/search')).toBe(2);
  });

});
