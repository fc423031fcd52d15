import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { lookupKeyId, normaliseEmail, normalisePhone, type ContactRecord, type LookupKey } from '../../../src/model/index.js';
import { createZendeskConnector, resolveZendeskConfig, zendeskSettings } from '../../../connectors/zendesk/index.js';
import { startZendeskSandbox } from './support.js';

let zd: Awaited<ReturnType<typeof startZendeskSandbox>>;
let connector: ReturnType<typeof createZendeskConnector>;
beforeAll(async () => {
  zd = await startZendeskSandbox(700);
  connector = createZendeskConnector(resolveZendeskConfig(zendeskSettings.parse({}), { sandboxUrl: zd.url }));
});
afterAll(() => zd.close());
beforeEach(async () => {
  await zd.resetStats();
});

const users = () => zd.world.zendesk.users;
const recordIds = (records: readonly ContactRecord[] | undefined) => (records ?? []).map((r) => r.provenance.recordId).sort();
// As identity reads a phone: an impossible one (a seeded data-quality defect) is no key.
const e164 = (phone: string) => normalisePhone(phone, 'US') ?? undefined;

describe('Zendesk connector against the sandbox: contacts', () => {
  it('getContacts reads users as the world holds them', async () => {
    const wanted = users().slice(0, 250);
    const found = await connector.getContacts(wanted.map((u) => u.id));
    for (const user of wanted) {
      expect(found.get(user.id)).toMatchObject({
        provenance: { source: 'SUPPORT', system: 'zendesk', recordId: user.id },
        emails: user.email === null ? [] : [user.email],
        phones: user.phone === null ? [] : [user.phone],
        // The secondary identities, sideloaded with include=identities.
        secondaryEmails: user.secondaryEmails,
        secondaryPhones: user.secondaryPhones,
        crossRefs: user.xref === null ? [] : [{ source: 'CRM', recordId: user.xref, via: 'external_id' }],
      });
    }
  });

  it('findContacts finds every user behind email, phone and CRM keys, as the world says', async () => {
    const sample = users().slice(0, 40);
    const keys: LookupKey[] = [
      ...sample.filter((u) => normaliseEmail(u.email) !== null).map((u) => ({ kind: 'email' as const, value: normaliseEmail(u.email)! })),
      ...sample.filter((u) => u.phone !== null && e164(u.phone) !== undefined).map((u) => ({ kind: 'phone' as const, value: e164(u.phone!)! })),
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
    const { byEndpoint } = await zd.requests();
    expect(Object.keys(byEndpoint).sort()).toEqual(['GET /api/v2/search', 'GET /api/v2/users/show_many']);
    // 100 terms a search, fewer where the values reach the 2000 characters first.
    expect(byEndpoint['GET /api/v2/search']).toBeGreaterThanOrEqual(Math.ceil(emails / 100) + Math.ceil(phones / 100));
    expect(byEndpoint['GET /api/v2/search']).toBeLessThanOrEqual(Math.ceil(emails / 30) + Math.ceil(phones / 30));
    expect(byEndpoint['GET /api/v2/users/show_many']).toBe(Math.ceil(xrefs / 100));
  });

});
