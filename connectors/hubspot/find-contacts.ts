import {
  collectPages,
  lookupKeyId,
  type CallOptions,
  type ContactRecord,
  type LookupKey,
} from '../../src/model/index.js';
import { createLookupResults, familyNameSpellings, mapConcurrent } from '../shared/index.js';
import type { HubSpotClient } from './client.js';
import { familyNameGroups, familyNameKeyIdOfContact, isFoundByFamilyNameSearch } from './family-name-search.js';
import { toContactRecord } from './mapping.js';
import { matchesName, nameGroups, nameTokens } from './name-search.js';
import type { HubSpotContact } from './schemas.js';
import { matchValuesOf, planSearches, probeOf, type SearchProbe } from './search.js';

/** Creates `findContacts` over HubSpot's contact search, `concurrency` searches at a time, each paged ≤ `maxPages`. */
export function createContactFinder(client: HubSpotClient, { concurrency, maxPages }: { concurrency: number; maxPages: number }) {
  return async function findContacts(keys: readonly LookupKey[], opts?: CallOptions): Promise<Map<string, ContactRecord[]>> {
    const found = createLookupResults<ContactRecord>(keys, (record) => record.provenance.recordId);
    const probes = keys.map(probeOf).filter((probe): probe is SearchProbe => probe !== null);
    const names = keys.flatMap((key) => (key.kind === 'name' ? [{ keyId: lookupKeyId(key), tokens: nameTokens(key.value) }] : []));
    const nameQueries = [...new Map(names.map((query) => [query.keyId, query])).values()].filter((query) => query.tokens.length > 0);
    const keysByValue = new Map<string, Set<string>>();
    for (const { keyId, property, value } of probes) {
      keysByValue.set(`${property}:${value}`, (keysByValue.get(`${property}:${value}`) ?? new Set()).add(keyId));
    }
    const familyKeys = familyNameSpellings(keys);
    const searches = planSearches(probes, [...nameQueries.flatMap(nameGroups), ...familyNameGroups(keys, familyKeys)]);
    const pages = await mapConcurrent(searches, concurrency, (groups) =>
      collectPages<HubSpotContact, string>(async (after) => {
        const data = await client.search(groups, after, opts);
        return { items: data.results, next: data.paging?.next?.after };
      }, { limit: Number.POSITIVE_INFINITY, maxPages }),
    );
    const fetchedAt = new Date().toISOString();
    for (const contact of pages.flatMap((page) => page.items)) {
      const record = toContactRecord(contact, fetchedAt);
      // Results are filed by comparing normalised values, so only exact matches reach a key.
      const keyIds = [...matchValuesOf(contact)].flatMap((matched) => [...(keysByValue.get(matched) ?? [])]);
      keyIds.push(...nameQueries.filter((query) => matchesName(contact, query.tokens)).map((query) => query.keyId));
      const familyKeyId = familyNameKeyIdOfContact(contact);
      // A family-name search answers the IN×IN product: only the contact's own (name, postal code) pair counts,
      // and only when that search itself finds it, so the answer does not depend on the other keys of the batch.
      if (familyKeyId !== null && isFoundByFamilyNameSearch(contact, familyKeys)) keyIds.push(familyKeyId);
      for (const keyId of keyIds) found.file(keyId, record);
    }
    return found.byKey;
  };
}
