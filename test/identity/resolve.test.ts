import { describe, expect, it } from 'vitest';
import { orphanedReferences } from '../../src/identity/customer.js';
import type { ContactLookup, Resolution } from '../../src/identity/resolve.js';
import { resolveClusters } from '../../src/identity/resolve.js';
import { lookupKeyId, SourceUnavailable, supportedKeys, type ContactRecord, type LookupKey, type Source } from '../../src/model/index.js';
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

describe('keys whose answer is already known', () => {
  /** The lookup above, where SUPPORT also answers CRM cross-references (by external id), recording what it is asked. */
  function zendeskLike(records: ContactRecord[], unique: boolean) {
    const base = lookupOver(records);
    const asked: string[] = [];
    const lookup: ContactLookup = {
      supports: (source, key) => (key.kind === 'xref' ? source === 'SUPPORT' && key.source === 'CRM' : base.supports(source, key)),
      ...(unique ? { holdsUniquely: (source: Source, key: LookupKey) => source === 'SUPPORT' && key.kind === 'xref' } : {}),
      byIds: base.byIds,
      byKeys: async (source, keys) => {
        asked.push(...keys.map((k) => `${source} ${lookupKeyId(k)}`));
        const found = await base.byKeys(source, keys.filter((k) => k.kind !== 'xref'));
        for (const k of keys.filter((key) => key.kind === 'xref')) {
          found.set(lookupKeyId(k), records.filter((r) => r.provenance.source === source && r.crossRefs.some((ref) => k.kind === 'xref' && ref.recordId === k.value)));
        }
        return found;
      },
    };
    return { lookup, asked };
  }
  const zendesk = contact('SUPPORT', '900', { firstName: 'Devan', lastName: 'Leannon', emails: ['devan@example.com'], crossRefs: [{ source: 'CRM', recordId: '58', via: 'external_id' }] });
  const crm = contact('CRM', '58', { firstName: 'Devan', lastName: 'Leannon', emails: ['devan@example.com'], phones: ['+14045558590'] });

  it('does not ask a silo for a key only one of its records can hold when the cluster has that record, and links the same records', async () => {
    const known = zendeskLike([zendesk, crm], true);
    const asking = zendeskLike([zendesk, crm], false);
    const [a] = await resolveClusters([zendesk], known.lookup, { region: 'US' });
    const [b] = await resolveClusters([zendesk], asking.lookup, { region: 'US' });
    const links = (r: typeof a) => [...(r?.cluster.members.entries() ?? [])].map(([k, m]) => [k, [...m.matchedOn].sort(), m.confidence]).sort();
    expect([...(a?.cluster.members.keys() ?? [])].sort()).toEqual(['CRM:58', 'SUPPORT:900']);
    // The same records, linked on the same evidence.
    expect(links(a)).toEqual(links(b));
    expect(asking.asked).toContain('SUPPORT xref:CRM:58');
    expect(known.asked).not.toContain('SUPPORT xref:CRM:58');
  });

  it('still asks when no record of that silo in the cluster holds the key', async () => {
    const other = contact('SUPPORT', '901', { firstName: 'Devan', lastName: 'Leannon', emails: ['devan.l@elsewhere.example'], crossRefs: [{ source: 'CRM', recordId: '58', via: 'external_id' }] });
    const plain = { ...zendesk, crossRefs: [] };
    const known = zendeskLike([plain, crm, other], true);
    const [resolution] = await resolveClusters([plain], known.lookup, { region: 'US' });
    expect(known.asked).toContain('SUPPORT xref:CRM:58');
    expect([...(resolution?.cluster.members.keys() ?? [])].sort()).toEqual(['CRM:58', 'SUPPORT:900', 'SUPPORT:901']);
  });
});

describe('cross-referenced records the cluster already holds', () => {
  it('offers them as the references they are, without reading them again', async () => {
    const shop = contact('ECOMMERCE', 'gid://shopify/Customer/7', { firstName: 'Ardith', lastName: 'Konopelski', emails: ['ardith@example.com'] });
    const crm = contact('CRM', '1', { firstName: 'Ardith', lastName: 'Konopelski', emails: ['ardith@example.com'], crossRefs: [{ source: 'ECOMMERCE', recordId: 'gid://shopify/Customer/7', via: 'shopify_customer_id' }] });
    const base = lookupOver([crm, shop]);
    const read: string[] = [];
    const lookup: ContactLookup = { ...base, byIds: async (source, ids) => (read.push(...ids.map((id) => `${source}:${id}`)), base.byIds(source, ids)) };
    // From the Shopify record: round 0 finds the CRM contact by email; its reference points back at a record held.
    const [resolution] = await resolveClusters([shop], lookup, { region: 'GB' });
    expect(read).toEqual([]);
    expect(resolution?.cluster.members.get('ECOMMERCE:gid://shopify/Customer/7')?.matchedOn).toEqual(['ANCHOR', 'CROSS_REFERENCE']);
    // From the CRM contact, the referenced record is not held yet, but the round's email look-up in its silo found it:
    // it is that answer, linked as the reference it is, and not read by id.
    const [fromCrm] = await resolveClusters([crm], lookup, { region: 'GB' });
    expect(read).toEqual([]);
    expect(fromCrm?.cluster.members.get('ECOMMERCE:gid://shopify/Customer/7')?.matchedOn).toContain('CROSS_REFERENCE');
    expect(fromCrm?.reads).toContainEqual({ source: 'ECOMMERCE', kind: 'k', id: 'email:ardith@example.com', found: [shop] });
  });

  it('reads by id a referenced record that no key look-up of the round found, after the look-up', async () => {
    const shop = contact('ECOMMERCE', 'gid://shopify/Customer/7', { firstName: 'Ardith', lastName: 'Konopelski', emails: ['ardith.k@example.org'] });
    const crm = contact('CRM', '1', { firstName: 'Ardith', lastName: 'Konopelski', emails: ['ardith@example.com'], crossRefs: [{ source: 'ECOMMERCE', recordId: 'gid://shopify/Customer/7', via: 'shopify_customer_id' }] });
    const base = lookupOver([crm, shop]);
    const calls: string[] = [];
    const lookup: ContactLookup = {
      ...base,
      byIds: async (source, ids) => (calls.push(`r:${source}:${ids.join(',')}`), base.byIds(source, ids)),
      byKeys: async (source, keys) => (calls.push(`k:${source}`), base.byKeys(source, keys)),
    };
    const [resolution] = await resolveClusters([crm], lookup, { region: 'GB' });
    // Round 0: Shopify is asked by key, then by id for what the look-up did not answer.
    const shopify = calls.filter((c) => c.includes(':ECOMMERCE'));
    expect(shopify.slice(0, 2)).toEqual(['k:ECOMMERCE', 'r:ECOMMERCE:gid://shopify/Customer/7']);
    expect(resolution?.cluster.members.get('ECOMMERCE:gid://shopify/Customer/7')?.matchedOn).toContain('CROSS_REFERENCE');
    expect(resolution?.reads).toContainEqual({ source: 'ECOMMERCE', kind: 'r', id: 'gid://shopify/Customer/7', found: shop });
  });
});

describe('cross-references that resolve to nothing', () => {
  it('lists the references a resolution read by id and found no record behind, from the reads it made', async () => {
    const crm = contact('CRM', '1', { firstName: 'Ardith', lastName: 'Konopelski', emails: ['ardith@example.com'], crossRefs: [{ source: 'ECOMMERCE', recordId: 'gid://shopify/Customer/404', via: 'shopify_customer_id' }] });
    const zen = contact('SUPPORT', '900', { firstName: 'Ardith', lastName: 'Konopelski', emails: ['ardith@example.com'], crossRefs: [{ source: 'CRM', recordId: '1', via: 'external_id' }] });
    const [resolution] = await resolveClusters([crm], lookupOver([crm, zen]), { region: 'GB' });
    expect(resolution?.cluster.members.has('SUPPORT:900')).toBe(true);
    // Zendesk's reference to the CRM record resolves (it is in the cluster); the CRM's to Shopify was read and found nothing.
    expect(orphanedReferences(resolution as Resolution)).toEqual([{ source: 'CRM', recordId: '1', reference: { source: 'ECOMMERCE', recordId: 'gid://shopify/Customer/404', via: 'shopify_customer_id' } }]);
  });

  it('judges no reference its resolution could not read (a failed silo)', async () => {
    const crm = contact('CRM', '1', { emails: ['a@example.com'], crossRefs: [{ source: 'ECOMMERCE', recordId: 'gid://shopify/Customer/404', via: 'shopify_customer_id' }] });
    const lookup = lookupOver([crm]);
    const failing: ContactLookup = { ...lookup, byIds: async (source, ids) => (source === 'ECOMMERCE' ? Promise.reject(new SourceUnavailable('ECOMMERCE', 'down')) : lookup.byIds(source, ids)) };
    const [resolution] = await resolveClusters([crm], failing, { region: 'GB' });
    expect(resolution?.failures.has('ECOMMERCE')).toBe(true);
    expect(orphanedReferences(resolution as Resolution)).toEqual([]);
  });
});
