import { UnreachableCaseError } from '../../../src/model/index.js';
import type { WorldContact, WorldTicket } from '../../sandbox-kit/index.js';
import { comparedForm, matchesSearch, ticketDoc, userDoc } from './search-match.js';
import { STATUS_ORDER, parseSearchQuery, type SearchClauses, type SearchCondition, type SearchKeyword } from './search-syntax.js';
import { byNumericId, type ZendeskStore } from './store.js';

/** One search hit: a user or a ticket. */
export type SearchHit = { type: 'user'; record: WorldContact } | { type: 'ticket'; record: WorldTicket };

/** The orders `sort_by` offers; without one, results come in the store's (relevance-free) order. */
const SORT_KEYS = ['created_at', 'updated_at', 'priority', 'status', 'ticket_type'] as const;
const PRIORITY_ORDER = ['low', 'normal', 'high', 'urgent'];

function sortValue(hit: SearchHit, sortBy: (typeof SORT_KEYS)[number]): string | number {
  switch (sortBy) {
    case 'created_at':
      return hit.record.createdAt;
    case 'updated_at':
      return hit.record.updatedAt;
    case 'priority':
      return hit.type === 'ticket' ? PRIORITY_ORDER.indexOf(hit.record.priority ?? '') : -1;
    case 'status':
      return hit.type === 'ticket' ? STATUS_ORDER.indexOf(hit.record.status) : -1;
    case 'ticket_type':
      return '';
    default:
      throw new UnreachableCaseError(sortBy);
  }
}

/** Sorts hits by `sort_by` / `sort_order` (desc by default), ties by id; unknown keys leave the order alone. */
export function sortHits(hits: SearchHit[], sortBy: string | undefined, sortOrder: string | undefined): SearchHit[] {
  const key = SORT_KEYS.find((k) => k === sortBy);
  if (key === undefined) return hits;
  const direction = sortOrder === 'asc' ? 1 : -1;
  return hits.sort((a, b) => {
    const x = sortValue(a, key);
    const y = sortValue(b, key);
    return (x < y ? -1 : x > y ? 1 : 0) * direction || byNumericId(a.record, b.record);
  });
}

type Kind = SearchHit['type'];
type RecordOf<K extends Kind> = Extract<SearchHit, { type: K }>['record'];
const USER_FIELDS: ReadonlySet<SearchKeyword> = new Set(['email', 'phone', 'external_id', 'name', 'created']);
const TICKET_FIELDS: ReadonlySet<SearchKeyword> = new Set(['requester_id', 'requester', 'status', 'created']);

/**
 * The records of a kind one condition can match, from the store's indexes; null when no index answers it. A
 * condition on a field the kind does not have matches none of its records.
 */
function conditionCandidates<K extends Kind>(store: ZendeskStore, kind: K, c: SearchCondition): readonly RecordOf<K>[] | null {
  if (c.keyword === null) return null;
  if (c.keyword === 'type') return c.value.toLowerCase() === kind ? null : [];
  if (!(kind === 'user' ? USER_FIELDS : TICKET_FIELDS).has(c.keyword)) return [];
  const wildcard = !c.quoted && c.value.includes('*');
  // No index holds times: a `created` condition narrows nothing, it is checked on the candidates of the others.
  if (wildcard || c.op !== ':' || c.keyword === 'created') return null;
  if (kind === 'user') {
    const keyword = c.keyword;
    return keyword === 'email' || keyword === 'phone' || keyword === 'external_id' ? (store.usersBy(keyword, c.value) as RecordOf<K>[]) : null;
  }
  const value = comparedForm(c.keyword, c.value);
  if (value === null) return [];
  if (c.keyword === 'requester_id') return store.ticketsInIdOrder(value) as RecordOf<K>[];
  // `requester:` with an address matches the tickets of the live users holding it; without one it may also match a
  // stored address that is no email at all, which no index holds.
  if (c.keyword !== 'requester' || !value.includes('@')) return null;
  return store.usersBy('email', c.value).flatMap((user) => store.ticketsInIdOrder(user.id)) as RecordOf<K>[];
}

/**
 * The records of a kind a query can match, in id order: those of the clause (AND) whose conditions (OR) the indexes
 * answer with the fewest records; every record of the kind when no clause is indexed. A superset of the matches.
 */
function candidates<K extends Kind>(store: ZendeskStore, kind: K, clauses: SearchClauses, all: () => readonly RecordOf<K>[]): readonly RecordOf<K>[] {
  let best: RecordOf<K>[] | null = null;
  for (const clause of clauses) {
    const sets = clause.map((condition) => conditionCandidates(store, kind, condition));
    if (sets.some((set) => set === null)) continue;
    const union = [...new Set(sets.flatMap((set) => set ?? []))];
    if (best === null || union.length < best.length) best = union;
  }
  return best === null ? all() : best.sort(byNumericId);
}

/** Runs a search query over the store (users only when `onlyUsers`); throws `SearchSyntaxError` on bad syntax. */
export function searchStore(store: ZendeskStore, query: string, onlyUsers = false): SearchHit[] {
  const clauses = parseSearchQuery(query);
  const hits: SearchHit[] = [];
  for (const user of candidates(store, 'user', clauses, () => store.usersInIdOrder())) {
    if (matchesSearch(userDoc(user), clauses)) hits.push({ type: 'user', record: user });
  }
  if (onlyUsers) return hits;
  for (const ticket of candidates(store, 'ticket', clauses, () => store.ticketsInIdOrder())) {
    if (matchesSearch(ticketDoc(ticket, store.users.get(ticket.requesterId)), clauses)) hits.push({ type: 'ticket', record: ticket });
  }
  return hits;
}
