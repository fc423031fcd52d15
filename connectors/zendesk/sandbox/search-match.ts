import { memoized, type WorldContact, type WorldTicket } from '../../sandbox-kit/index.js';
import { FALLBACK_PHONE_REGION, normaliseEmail, normalisePhone } from '../../../src/model/index.js';
import { STATUS_ORDER, type SearchClauses, type SearchCondition, type SearchKeyword } from './search-syntax.js';
import { instantHolds, parseSearchInstant } from './search-dates.js';
import { displayName } from './serialize.js';

/** A record as search sees it: its type and, per keyword, the stored values (absent keyword: never matches). */
export interface SearchDoc {
  type: 'user' | 'ticket';
  fields: Partial<Record<SearchKeyword, (string | null)[]>>;
  /** What free text is looked for in. */
  text: string[];
}

/** The search view of an end-user. */
export function userDoc(user: WorldContact): SearchDoc {
  const name = displayName(user);
  return {
    type: 'user',
    fields: { email: [user.email], phone: [user.phone], external_id: [user.xref], name: [name], created: [user.createdAt] },
    text: [name, user.email ?? '', user.phone ?? ''],
  };
}

/** The search view of a ticket; `requester` matches the requester's id or email. */
export function ticketDoc(ticket: WorldTicket, requester: WorldContact | undefined): SearchDoc {
  return {
    type: 'ticket',
    fields: { requester_id: [ticket.requesterId], requester: [ticket.requesterId, requester?.email ?? null], status: [ticket.status], created: [ticket.createdAt] },
    text: [ticket.subject, ticket.description],
  };
}

// How a stored value and a searched value are brought to one form before comparing. A batched search compares each
// candidate's values with thirty searched ones, so the email and phone forms are remembered.
// Zendesk users carry no country, so a phone written without a country code is read in the fallback region (US).
const email = memoized((value: string) => normaliseEmail(value));
const NORMALISE: Partial<Record<SearchKeyword, (value: string) => string | null>> = {
  email,
  phone: memoized((value) => normalisePhone(value, FALLBACK_PHONE_REGION)),
  requester: (value) => (value.includes('@') ? email(value) : value),
};
const CONTAINS: ReadonlySet<SearchKeyword> = new Set(['name']);

function glob(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
}

const fold = (value: string) => value.trim().toLowerCase();

/** A value in the form search compares it under a keyword (stored and searched alike); null when it has none. */
export function comparedForm(keyword: SearchKeyword | null, value: string): string | null {
  return ((keyword === null ? undefined : NORMALISE[keyword]) ?? fold)(value);
}

function matchesValue(keyword: SearchKeyword | null, stored: string, condition: SearchCondition): boolean {
  const normalise = (value: string) => comparedForm(keyword, value);
  if (!condition.quoted && condition.value.includes('*')) return glob(condition.value).test(normalise(stored) ?? stored);
  if (keyword === null || CONTAINS.has(keyword)) return stored.toLowerCase().includes(condition.value.toLowerCase());
  const wanted = normalise(condition.value);
  return wanted !== null && normalise(stored) === wanted;
}

function holds(doc: SearchDoc, condition: SearchCondition): boolean {
  const { keyword, op, value } = condition;
  if (keyword === 'type') return doc.type === value.toLowerCase();
  if (keyword === 'created') {
    const wanted = parseSearchInstant(value);
    return wanted !== null && (doc.fields.created ?? []).some((at) => at !== null && instantHolds(at, op, wanted));
  }
  if (keyword === 'status' && op !== ':') {
    const rank = (status: string | null) => STATUS_ORDER.indexOf((status ?? '') as (typeof STATUS_ORDER)[number]);
    const wanted = rank(value.toLowerCase());
    return (doc.fields.status ?? []).some((status) => {
      const have = rank(status);
      if (have < 0) return false;
      return op === '<' ? have < wanted : op === '>' ? have > wanted : op === '<=' ? have <= wanted : have >= wanted;
    });
  }
  const stored = keyword === null ? doc.text : (doc.fields[keyword] ?? []);
  return stored.some((s) => s !== null && matchesValue(keyword, s, condition));
}

/** Whether a record satisfies every clause of a parsed query. */
export function matchesSearch(doc: SearchDoc, clauses: SearchClauses): boolean {
  return clauses.every((clause) => clause.some((condition) => holds(doc, condition)));
}
