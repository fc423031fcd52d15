import { memoized, type WorldContact } from '../../sandbox-kit/index.js';
import { normaliseEmail } from '../../../src/model/index.js';
import { creationSourceOf } from './render.js';
import { exactPhone, type CustomerFilterInput, type SearchCustomersRequest, type TimeRangeInput } from './requests.js';
import type { SquareStore } from './store.js';
import { storedE164 } from './stored-phone.js';

type TextFilter = { exact?: string | null; fuzzy?: string | null } | null | undefined;
type Matcher = (stored: string, query: string) => boolean;

const words = (text: string) => text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/** Square's fuzzy match: punctuation becomes a break, and every query token must occur inside some stored token. */
export function fuzzyMatches(stored: string, query: string): boolean {
  const have = words(stored);
  return words(query).every((token) => have.some((word) => word.includes(token)));
}

function text(value: string | null, filter: TextFilter, exact: Matcher, fuzzy: Matcher): boolean {
  if (!filter || (filter.exact == null && filter.fuzzy == null)) return true;
  if (value === null) return false;
  return filter.exact != null ? exact(value, filter.exact) : fuzzy(value, filter.fuzzy ?? '');
}

// A search over every profile compares each one's timestamps with the range's ends: each string is read once.
const instant = memoized(Date.parse);

/** Whether a timestamp lies in a TimeRange, both ends inclusive. */
export function inRange(timestamp: string | null, range: TimeRangeInput | null | undefined): boolean {
  if (!range) return true;
  if (timestamp === null) return false;
  const at = instant(timestamp);
  return (range.start_at == null || at >= instant(range.start_at)) && (range.end_at == null || at <= instant(range.end_at));
}

const digits = (value: string) => value.replace(/\D/g, '');

function phoneFuzzy(customer: WorldContact): Matcher {
  return (stored, query) => {
    const forms = [digits(stored), digits(storedE164(stored, customer.countryCode) ?? '')];
    return query.split(/\s+/).map(digits).filter(Boolean).every((token) => forms.some((form) => form.includes(token)));
  };
}

/**
 * The profiles a CustomerFilter can match, from the store's indexes when it holds an exact email, phone or reference
 * id (each profile once, in no particular order); every profile otherwise. A superset: `customerPasses` decides.
 */
export function searchCandidates(store: SquareStore, filter: CustomerFilterInput | null | undefined): readonly WorldContact[] {
  const email = filter?.email_address?.exact;
  if (email != null) {
    const wanted = normaliseEmail(email);
    return wanted === null ? [] : store.customersByKey('email', wanted);
  }
  const phone = filter?.phone_number?.exact;
  const wantedPhone = phone == null ? null : exactPhone(phone);
  if (wantedPhone !== null) return store.customersByKey('phone', wantedPhone);
  const reference = filter?.reference_id?.exact;
  if (reference != null) return store.customersByKey('ref', reference.toLowerCase());
  return store.customers;
}

/** Whether a profile passes a CustomerFilter; the filters are AND-ed, as in Square. */
export function customerPasses(customer: WorldContact, filter: CustomerFilterInput | null | undefined): boolean {
  if (!filter) return true;
  const source = filter.creation_source;
  const listed = source?.values?.includes(creationSourceOf(customer)) ?? false;
  const groups = filter.group_ids;
  return (
    // Email: case-insensitive, surrounding white space ignored; the stored variant is returned as it is.
    text(customer.email, filter.email_address, (s, q) => normaliseEmail(s) !== null && normaliseEmail(s) === normaliseEmail(q), fuzzyMatches) &&
    // Phone: the stored number read as E.164 (national numbers in the address country, else US).
    text(customer.phone, filter.phone_number, (s, q) => storedE164(s, customer.countryCode) === exactPhone(q), phoneFuzzy(customer)) &&
    text(customer.xref, filter.reference_id, (s, q) => s.toLowerCase() === q.toLowerCase(), fuzzyMatches) &&
    inRange(customer.createdAt, filter.created_at) &&
    inRange(customer.updatedAt, filter.updated_at) &&
    (!source || (source.rule === 'EXCLUDE' ? !listed : listed)) &&
    // The world has no customer groups: naming any group is naming one that does not exist, which matches nothing.
    ![groups?.all, groups?.any, groups?.none].some((ids) => (ids?.length ?? 0) > 0)
  );
}

/** Only profiles with a name, an email address or a phone number are searchable. */
export const isSearchable = (c: WorldContact) => [c.firstName, c.lastName, c.email, c.phone].some((v) => v !== null && v !== '');

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Orders profiles like Square: DEFAULT by given then family name, or by creation time; ties by id. */
export function sortCustomers(list: readonly WorldContact[], field: 'DEFAULT' | 'CREATED_AT', order: 'ASC' | 'DESC'): WorldContact[] {
  const sorted = [...list].sort((a, b) =>
    (field === 'DEFAULT'
      ? compare(a.firstName ?? '', b.firstName ?? '') || compare(a.lastName ?? '', b.lastName ?? '')
      : instant(a.createdAt) - instant(b.createdAt)) || compare(a.id, b.id),
  );
  return order === 'DESC' ? sorted.reverse() : sorted;
}

/**
 * Every profile in one of Square's orders, sorted once and kept by the store until a profile changes or goes (the
 * listing ListCustomers pages through, and the order a search over every profile filters).
 */
export const customersInOrder = (store: SquareStore, field: 'DEFAULT' | 'CREATED_AT', order: 'ASC' | 'DESC'): readonly WorldContact[] =>
  store.listing(`${field} ${order}`, () => sortCustomers(store.customers, field, order));

/**
 * The profiles a search matches, in its order. A search no index narrows filters the kept listing in that order,
 * which equals sorting its matches: the order is total (ties go by id). Narrowed ones sort their few candidates.
 */
export function searchCustomers(store: SquareStore, query: SearchCustomersRequest['query']): WorldContact[] {
  const filter = query?.filter;
  const field = query?.sort?.field ?? 'DEFAULT';
  const order = query?.sort?.order ?? 'ASC';
  const candidates = searchCandidates(store, filter);
  const passes = (c: WorldContact) => isSearchable(c) && customerPasses(c, filter);
  if (candidates === store.customers) return customersInOrder(store, field, order).filter(passes);
  return sortCustomers(candidates.filter(passes), field, order);
}
