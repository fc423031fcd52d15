import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { familyNameKey, lookupKeyId, type ContactRecord, type LookupKey } from '../../../src/model/index.js';
import { createZendeskConnector, zendeskConfigFromEnv } from '../../../connectors/zendesk/index.js';
import { startZendeskSandbox } from './helpers.js';

let zd: Awaited<ReturnType<typeof startZendeskSandbox>>;
let connector: ReturnType<typeof createZendeskConnector>;
beforeAll(async () => {
  zd = await startZendeskSandbox(700);
  connector = createZendeskConnector(zendeskConfigFromEnv({}, { sandboxUrl: zd.url }));
});
afterAll(() => zd.close());
beforeEach(async () => {
  await zd.resetStats();
});

const users = () => zd.world.zendesk.users;
const recordIds = (records: readonly ContactRecord[] | undefined) => (records ?? []).map((r) => r.provenance.recordId).sort();
const e164 = (phone: string) => parsePhoneNumberFromString(phone, 'US')?.number;

describe('Zendesk connector against the sandbox: contacts', () => {
  it.each([
    [1, 1],
    [100, 1],
    [250, 3],
  ])('getContacts reads %i ids with %i show_many request(s) and agrees with the world', async (n, requests) => {
    const wanted = users().slice(0, n);
    expect(wanted).toHaveLength(n);
    const found = await connector.getContacts(wanted.map((u) => u.id));
    expect((await zd.requests()).byEndpoint).toEqual({ 'GET /api/v2/users/show_many': requests });
    expect([...found.keys()].sort()).toEqual(wanted.map((u) => u.id).sort());
    for (const user of wanted) {
      expect(found.get(user.id)).toMatchObject({
        provenance: { source: 'SUPPORT', system: 'zendesk', recordId: user.id },
        emails: user.email === null ? [] : [user.email],
        phones: user.phone === null ? [] : [user.phone],
        crossRefs: user.xref === null ? [] : [{ source: 'CRM', recordId: user.xref, via: 'external_id' }],
      });
    }
  });

  it('getContacts leaves ids the sandbox does not have out of the map', async () => {
    const found = await connector.getContacts([users()[0]!.id, '1', '2']);
    expect([...found.keys()]).toEqual([users()[0]!.id]);
  });

  it('findContacts finds every user behind email, phone and CRM keys, as the world says', async () => {
    const sample = users().slice(0, 40);
    const keys: LookupKey[] = [
      ...sample.filter((u) => u.email !== null).map((u) => ({ kind: 'email' as const, value: u.email!.trim().toLowerCase() })),
      ...sample.filter((u) => u.phone !== null).map((u) => ({ kind: 'phone' as const, value: e164(u.phone!)! })),
      ...sample.filter((u) => u.xref !== null).map((u) => ({ kind: 'xref' as const, source: 'CRM' as const, value: u.xref! })),
      { kind: 'email', value: 'nobody@nowhere.example' },
    ];
    const found = await connector.findContacts(keys);
    for (const key of keys) {
      const expected = users().filter((u) =>
        key.kind === 'email' ? u.email?.trim().toLowerCase() === key.value
        : key.kind === 'phone' ? u.phone !== null && e164(u.phone) === key.value
        : u.xref?.toLowerCase() === key.value.toLowerCase());
      expect(recordIds(found.get(lookupKeyId(key))), lookupKeyId(key)).toEqual(expected.map((u) => u.id).sort());
    }
    const emails = keys.filter((k) => k.kind === 'email').length;
    const phones = keys.filter((k) => k.kind === 'phone').length;
    const xrefs = keys.filter((k) => k.kind === 'xref').length;
    expect((await zd.requests()).byEndpoint).toEqual({
      'GET /api/v2/search': Math.ceil(emails / 30) + Math.ceil(phones / 30),
      'GET /api/v2/users/show_many': Math.ceil(xrefs / 100),
    });
  });

  it('findContacts cannot be widened by search syntax in a key: one search, one empty page', async () => {
    const found = await connector.findContacts([{ kind: 'email', value: 'x@y.com OR email:*' }, { kind: 'email', value: '*' }]);
    expect([...found.values()]).toEqual([[], []]);
    // A widened search would match every user and page through them, 100 at a time.
    expect(users().length).toBeGreaterThan(200);
    expect((await zd.requests()).byEndpoint).toEqual({ 'GET /api/v2/search': 1 });
  });

  it('findContacts answers family-name keys of World users with [] without a request', async () => {
    // Zendesk users keep no postal code, so no World pair exists there: any code shows the point.
    const named = users().filter((u) => familyNameKey(u.lastName) !== null).slice(0, 100);
    const keys = named.map((u): LookupKey => ({ kind: 'familyName', value: familyNameKey(u.lastName) ?? '', postalCode: '02139' }));
    const found = await connector.findContacts(keys);
    expect([...found.values()].every((list) => list.length === 0)).toBe(true);
    expect(found.size).toBe(new Set(keys.map(lookupKeyId)).size);
    expect((await zd.requests()).byEndpoint).toEqual({});
  });

  it('listContacts crawls every end-user once, in id order, one request per 100 users', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page = await connector.listContacts({ first: 100, after });
      seen.push(...page.items.map((c) => c.provenance.recordId));
      after = page.next;
    } while (after !== null);
    expect(seen).toEqual(users().map((u) => u.id).sort((a, b) => Number(a) - Number(b)));
    expect((await zd.requests()).byEndpoint).toEqual({ 'GET /api/v2/users': Math.ceil(users().length / 100) });
  });

  it('GET /__sandbox/truth files every user under its person with the id the connector exposes as recordId', async () => {
    const truth = (await (await fetch(`${zd.url}/__sandbox/truth`)).json()) as Record<string, string[]>;
    expect(Object.values(truth).flat().sort()).toEqual(users().map((u) => u.id).sort());
    const sample = users().slice(0, 20);
    const found = await connector.getContacts(sample.map((u) => u.id));
    for (const user of sample) expect(truth[String(user.personId)]).toContain(found.get(user.id)!.provenance.recordId);
  });
});
