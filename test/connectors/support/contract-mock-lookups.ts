import { describe, expect, it } from 'vitest';
import { lookupKeyId, type ContactConnector, type ContactRecord, type LookupKey } from '../../../src/model/index.js';
import { HOSTILE_EMAILS, SAMPLE_KEYS, supportOf } from './contract-keys.js';
import type { ConnectorContractSubject } from './contract-subject.js';
import { described, type MockVendor } from './mock-vendor.js';

const idsOf = (records: readonly ContactRecord[] | undefined) => records?.map((r) => r.provenance.recordId);
const emailKey = (value: string): LookupKey => ({ kind: 'email', value });

/** What `findContacts` owes every caller, against the vendor's own payloads: an entry per key, literal searches, exact filing. */
export function describeMockLookups<C extends ContactConnector>(subject: ConnectorContractSubject<C>, vendor: MockVendor): void {
  const { lookups } = subject.mock;
  const connector = subject.mock.create();

  describe('findContacts', () => {
    it(`says it searches ${subject.supports.join(', ')} keys, and no others`, () => {
      expect(SAMPLE_KEYS.filter((key) => connector.supports(key)).map(supportOf).sort()).toEqual([...subject.supports].sort());
    });

    it('gives every key one entry, in the order asked, and spends no request on the keys it does not search', async () => {
      vendor.use(...lookups.broad());
      const unsupported = SAMPLE_KEYS.filter((key) => !subject.supports.includes(supportOf(key)));
      const none = await connector.findContacts([...unsupported, ...unsupported]);
      expect([...none.entries()]).toEqual(unsupported.map((key) => [lookupKeyId(key), []]));
      expect(vendor.requests).toHaveLength(0);
      const all = await connector.findContacts([...SAMPLE_KEYS, ...SAMPLE_KEYS]);
      expect([...all.entries()]).toEqual(SAMPLE_KEYS.map((key) => [lookupKeyId(key), []]));
    });

    it('sends search syntax in a key to the vendor only as a literal value, and files nothing under it even when the vendor answers broadly', async () => {
      vendor.use(...lookups.broad());
      const found = await connector.findContacts(HOSTILE_EMAILS.map(emailKey));
      expect([...found.entries()]).toEqual(HOSTILE_EMAILS.map((value) => [lookupKeyId(emailKey(value)), []]));
      const searches = await described(vendor.requests, lookups.literalsOf);
      // Each value once: keys that reach the vendor as the same literal share it.
      const sent = [...new Set(HOSTILE_EMAILS.map(lookups.sent ?? ((value) => value)))];
      expect(searches.flat().sort()).toEqual(sent.sort());
      expect(searches).toHaveLength(Math.ceil(sent.length / subject.keysPerSearch));
    });

    it('files each record found under exactly the keys it carries, comparing emails and phones normalised, and keeps them as stored', async () => {
      vendor.use(...lookups.stored.serve());
      const found = await connector.findContacts(lookups.stored.keys.map(([key]) => key));
      for (const [key, ids, kept] of lookups.stored.keys) {
        expect(idsOf(found.get(lookupKeyId(key))), lookupKeyId(key)).toEqual(ids);
        if (kept) for (const record of found.get(lookupKeyId(key)) ?? []) expect(record).toMatchObject(kept);
      }
    });

    it('follows the search cursor to the last page', async () => {
      vendor.use(...lookups.paged.serve());
      const found = await connector.findContacts([lookups.paged.key]);
      expect((await described(vendor.requests, lookups.paged.pageOf)).map((p) => p.page)).toEqual(lookups.paged.pages);
      expect(idsOf(found.get(lookupKeyId(lookups.paged.key)))).toEqual(lookups.paged.found);
    });
  });
}
