import type { SearchFilter, SearchRequest } from './search-request.js';
import { EQUALITY_INDEXED, TOKEN_INDEXED, equalityKey, fold, tokenKey, type ContactStore, type StoredContact } from './store.js';

/** The contacts one filter can match, from an index; null when no index answers it (the filter needs a scan). */
function filterCandidates(store: ContactStore, f: SearchFilter): readonly StoredContact[] | null {
  if (f.operator === 'EQ' && f.value !== undefined && EQUALITY_INDEXED.has(f.propertyName)) return store.byValue.get(equalityKey(f.propertyName, f.value));
  if (f.operator === 'IN' && f.values !== undefined && EQUALITY_INDEXED.has(f.propertyName)) {
    return store.byValue.any(f.values.map((v) => equalityKey(f.propertyName, v)));
  }
  if (f.operator === 'CONTAINS_TOKEN' && f.value !== undefined && TOKEN_INDEXED.has(f.propertyName)) {
    // Every word the token matches starts with the token's text before its first wildcard.
    const literal = fold(f.value).split('*')[0] ?? '';
    return literal === '' ? null : store.byToken.get(tokenKey(f.propertyName, literal));
  }
  return null;
}

/**
 * The records a search can match, as HubSpot's own indexes would narrow it: per filter group (OR), the smallest
 * candidate set among its indexed filters (AND; `byFilter` answers one filter from an index, null when it needs a
 * scan). A superset of the matches, which `matchesSearch` then decides; `all` when a group has no indexed filter or
 * the search has no filters at all.
 */
export function indexedCandidates<T>(search: SearchRequest, all: readonly T[], byFilter: (f: SearchFilter) => readonly T[] | null): readonly T[] {
  const groups = search.filterGroups.filter((g) => g.filters.length > 0);
  if (groups.length === 0) return all;
  const found = new Set<T>();
  for (const group of groups) {
    let best: readonly T[] | null = null;
    for (const filter of group.filters) {
      const candidates = byFilter(filter);
      if (candidates !== null && (best === null || candidates.length < best.length)) best = candidates;
    }
    if (best === null) return all;
    for (const record of best) found.add(record);
  }
  return [...found];
}

/** The contacts a search can match (see `indexedCandidates`), from the contact store's indexes. */
export function searchCandidates(store: ContactStore, search: SearchRequest): readonly StoredContact[] {
  return indexedCandidates(search, store.contacts, (f) => filterCandidates(store, f));
}
