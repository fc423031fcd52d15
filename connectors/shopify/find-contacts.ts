import {
  lookupKeyId,
  normaliseEmail,
  normalisePhone,
  phoneRegionOf,
  type CallOptions,
  type ContactRecord,
  type FetchedPage,
  type LookupKey,
} from '../../src/model/index.js';
import { chunk, createLookupResults, familyNameKeyIdOf, familyNameSpellings, mapConcurrent, type FamilyNameSpellings } from '../shared/index.js';
import { customerSearchQuery, nameWords, searchTermOf } from './search.js';
import { CONCURRENCY, KEYS_PER_SEARCH, SEARCHES_PER_CALL } from './limits.js';

const MAX_SEARCH_PAGES = 4;

/** One customer search, and where its next page starts. */
export interface Search {
  query: string;
  after: string | undefined;
  /** Whether its customers come with their newest orders: worth it where most of them are the ones looked for. */
  withOrders: boolean;
}

/** Reads one page of each of a few customer searches in one call (at most `SEARCHES_PER_CALL`). */
export type SearchPages = (searches: readonly Search[], opts?: CallOptions) => Promise<FetchedPage<ContactRecord, string>[]>;

/** The email, phone and family-name lookup keys a record answers to, normalised the way keys arrive. */
function contactKeyIds(record: ContactRecord, familyKeys: FamilyNameSpellings): string[] {
  const region = phoneRegionOf(record.countryCode);
  const emails = record.emails.map(normaliseEmail).filter((e) => e !== null);
  const phones = record.phones.map((p) => normalisePhone(p, region)).filter((p) => p !== null);
  // Only where the search of its own key finds it (`last_name:` matches the whole value, ignoring case): its last name
  // is the key or a spelling this key's askers wrote, so the answer depends on no other key of the batch.
  const familyKeyId = familyNameKeyIdOf(record.lastName, record.postalCode);
  const spelt = familyKeyId !== null && familyKeys.get(familyKeyId)?.spellings.has(record.lastName?.trim().toLowerCase() ?? '');
  const familyName = spelt ? familyKeyId : null;
  return [...emails.map((value) => `email:${value}`), ...phones.map((value) => `phone:${value}`), ...(familyName ? [familyName] : [])];
}

/** Whether every word of a name key starts a word of the record's first or last name. */
function matchesName(record: ContactRecord, words: readonly string[]): boolean {
  const own = nameWords(`${record.firstName ?? ''} ${record.lastName ?? ''}`).flatMap((w) => [w, ...w.split(/['-]/)]);
  return words.length > 0 && words.every((word) => own.some((w) => w.startsWith(word)));
}

/**
 * Finds the customers of many keys with few calls: email and phone keys OR-ed 50 to a query; name keys, and
 * family-name keys (50 distinct last names a query), in queries of their own (a common name must not crowd the
 * others out of the bounded pages). The queries travel `SEARCHES_PER_CALL` to a call, aliased, each paging on its
 * own (at most 4 pages). A family-name search answers every customer of that last name: each record is filed only
 * under the key of its own (last name, default-address zip) pair. Every key gets an entry.
 */
export async function findContacts(keys: readonly LookupKey[], searchPages: SearchPages, opts?: CallOptions): Promise<Map<string, ContactRecord[]>> {
  const results = createLookupResults<ContactRecord>(keys, (record) => record.provenance.recordId);
  const unique = [...new Map(keys.filter((k) => searchTermOf(k) !== null).map((k) => [lookupKeyId(k), k])).values()];
  const names = unique.filter((k) => k.kind === 'name');
  // One key per spelling of each family-name key (its own and its askers'), and keys sharing a spelling share its
  // search term: one key per term is enough to search it.
  const familyKeys = familyNameSpellings(keys);
  const spelt = [...familyKeys.values()].flatMap(({ key, spellings }) => [...spellings].map((spelling): LookupKey => ({ ...key, spelling })));
  const familyNames = [...new Map(spelt.map((k) => [searchTermOf(k), k])).values()];
  const others = unique.filter((k) => k.kind !== 'name' && k.kind !== 'familyName');
  // Email and phone searches find mostly the customers looked for; name searches find many more, most of whom are
  // filtered out here, so they come without orders.
  const groups = [
    ...chunk(others, KEYS_PER_SEARCH).map((keys) => ({ keys, withOrders: true })),
    ...[...chunk(names, KEYS_PER_SEARCH), ...chunk(familyNames, KEYS_PER_SEARCH)].map((keys) => ({ keys, withOrders: false })),
  ];

  const found = new Map<string, ContactRecord>();
  // Each pass sends the next page of every search still going, a few searches to a call.
  let pending: Search[] = groups.map(({ keys: group, withOrders }) => ({ query: customerSearchQuery(group), after: undefined, withOrders }));
  for (let page = 0; page < MAX_SEARCH_PAGES && pending.length > 0; page++) {
    const calls = chunk(pending, SEARCHES_PER_CALL);
    const answers = await mapConcurrent(calls, CONCURRENCY, (searches) => searchPages(searches, opts));
    const next: Search[] = [];
    calls.forEach((searches, c) => searches.forEach((search, i) => {
      const answer = answers[c]?.[i];
      for (const record of answer?.items ?? []) found.set(record.provenance.recordId, record);
      if (answer?.next !== undefined) next.push({ ...search, after: answer.next });
    }));
    pending = next;
  }

  // A search of many keys answers for all of them at once: file each record under the keys it really matches.
  const nameKeys = names.map((key) => ({ id: lookupKeyId(key), words: nameWords(key.value) }));
  // Searches run concurrently: file in a fixed order so the same keys always get the same answer.
  for (const record of [...found.values()].sort((a, b) => a.provenance.recordId.localeCompare(b.provenance.recordId))) {
    for (const id of contactKeyIds(record, familyKeys)) results.file(id, record);
    for (const key of nameKeys) if (matchesName(record, key.words)) results.file(key.id, record);
  }
  return results.byKey;
}
