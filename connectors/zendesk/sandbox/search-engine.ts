import { UnreachableCaseError } from '../../../src/model/index.js';
import type { WorldContact, WorldTicket } from '../../sandbox-kit/index.js';
import { matchesSearch, ticketDoc, userDoc } from './search-match.js';
import { STATUS_ORDER, parseSearchQuery } from './search-syntax.js';
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

/** Runs a search query over the store (users only when `onlyUsers`); throws `SearchSyntaxError` on bad syntax. */
export function searchStore(store: ZendeskStore, query: string, onlyUsers = false): SearchHit[] {
  const clauses = parseSearchQuery(query);
  const hits: SearchHit[] = [];
  for (const user of [...store.users.values()].sort(byNumericId)) {
    if (matchesSearch(userDoc(user), clauses)) hits.push({ type: 'user', record: user });
  }
  if (onlyUsers) return hits;
  for (const ticket of [...store.tickets.values()].sort(byNumericId)) {
    if (matchesSearch(ticketDoc(ticket, store.users.get(ticket.requesterId)), clauses)) hits.push({ type: 'ticket', record: ticket });
  }
  return hits;
}
