import { describe, expect, it } from 'vitest';
import type { ContactLookup } from '../../src/identity/resolve.js';
import { resolveClusters } from '../../src/identity/resolve.js';
import { lookupKeyId, supportedKeys, type ContactRecord, type LookupKey, type Source } from '../../src/model/index.js';
import { contact } from './records.js';

/** A lookup over fixed records that answers every key the way a silo's search would: by the record's own values. */
function lookupOver(records: ContactRecord[]): ContactLookup {
  const matches = (record: ContactRecord, key: LookupKey) => {
    if (key.kind === 'email') return record.emails.some((e) => e.toLowerCase() === key.value);
    if (key.kind === 'phone') return record.phones.includes(key.value);
    if (key.kind === 'familyName') return record.lastName?.toLowerCase() === key.value && record.postalCode?.replace(/\s/g, '') === key.postalCode;
    return false;
  };
  return {
    supports: (source: Source, key: LookupKey) => supportedKeys(['email', 'phone', 'familyName'])(key) && (key.kind !== 'familyName' || source === 'CRM' || source === 'ECOMMERCE'),
    byIds: async (source, ids) => new Map(records.filter((r) => r.provenance.source === source && ids.includes(r.provenance.recordId)).map((r) => [r.provenance.recordId, r])),
    byKeys: async (source, keys) => new Map(keys.map((k) => [lookupKeyId(k), records.filter((r) => r.provenance.source === source && matches(r, k))])),
  };
}

describe('why a record is linked (matchedOn)', () => {
  it('names only keys shared with another record: a record found by its own email after a weak link stays weak', async () => {
    const crm = contact('CRM', '1', { firstName: 'Ardith', lastName: 'Konopelski', postalCode: 'EC1V 6CB', emails: ['ardith@example.com'] });
    const shop = contact('ECOMMERCE', 'gid://shopify/Customer/2', { firstName: 'Ardith', lastName: 'Konopelski', postalCode: 'EC1V 6CB', emails: ['moved@elsewhere.example'] });
    const [resolution] = await resolveClusters([crm], lookupOver([crm, shop]), { region: 'GB' });
    const linked = [...(resolution?.cluster.members.values() ?? [])].map((m) => [m.record.provenance.recordId, m.matchedOn, m.confidence]);
    expect(linked).toEqual([['1', ['ANCHOR'], 1], ['gid://shopify/Customer/2', ['NAME_AND_POSTAL_CODE'], 0.8]]);
  });

  it('still counts a key that two records share, from either side', async () => {
    const crm = contact('CRM', '1', { firstName: 'Ardith', lastName: 'Konopelski', emails: ['ardith@example.com'] });
    const shop = contact('ECOMMERCE', 'gid://shopify/Customer/2', { firstName: 'Ardith', lastName: 'Konopelski', emails: ['ardith@example.com'] });
    const [resolution] = await resolveClusters([shop], lookupOver([crm, shop]), { region: 'GB' });
    const crmLink = resolution?.cluster.members.get('CRM:1');
    expect(crmLink?.matchedOn).toEqual(['EMAIL']);
  });
});
