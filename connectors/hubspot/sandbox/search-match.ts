import { UnreachableCaseError } from '../../../src/model/index.js';
import type { SearchFilter, SearchRequest } from './search-request.js';
import { memoized } from '../../sandbox-kit/index.js';
import type { StoredObject } from './stored-object.js';
import { fold, tokensOf } from './store.js';

// Properties the free-text `query` looks in, as HubSpot's default searchable contact properties.
const QUERY_PROPERTIES = ['firstname', 'lastname', 'email', 'hs_additional_emails', 'phone', 'hs_calculated_phone_number', 'company', 'hs_object_id'];

/** Orders two property values: numerically when both are numbers, then as ISO dates, else as folded text. */
function compare(a: string, b: string): number {
  const [x, y] = [Number(a), Number(b)];
  if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(x) && Number.isFinite(y)) return x - y;
  const [s, t] = [Date.parse(a), Date.parse(b)];
  if (!Number.isNaN(s) && !Number.isNaN(t) && /^\d{4}-/.test(a) && /^\d{4}-/.test(b)) return s - t;
  return fold(a).localeCompare(fold(b));
}

// A token's pattern is built once: a search tests it against every word of every candidate.
const tokenPattern = memoized((token: string) => {
  const pattern = fold(token).split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${pattern}$`);
}, 10_000);

/** Whether a stored value holds a token; `*` in the token is HubSpot's wildcard. */
function containsToken(stored: string, token: string): boolean {
  const pattern = tokenPattern(token);
  return tokensOf(stored).some((word) => pattern.test(word));
}

// IN and NOT_IN compare a stored value with up to 100 values: fold them once per filter, not once per contact.
const foldedValues = new WeakMap<SearchFilter, ReadonlySet<string>>();
function valuesOf(f: SearchFilter): ReadonlySet<string> {
  let values = foldedValues.get(f);
  if (!values) foldedValues.set(f, (values = new Set((f.values ?? []).map(fold))));
  return values;
}

/**
 * Evaluates one filter. Values are literals: EQ and IN compare case-insensitively, ignoring surrounding white
 * space, so `a@b.com OR email:*` is just a string that no address equals. Only CONTAINS_TOKEN knows wildcards.
 * That holds for `lastname` and `zip` too: "smith" finds "Smith", but "obrien" does not find "O'Brien" nor
 * "sw1a1aa" "SW1A 1AA". Whether HubSpot folds punctuation or accents is unconfirmed; the sandbox assumes it does not.
 */
export function matchesFilter(contact: Pick<StoredObject, 'properties'>, f: SearchFilter): boolean {
  const stored = contact.properties[f.propertyName] ?? null;
  const value = f.value ?? '';
  switch (f.operator) {
    case 'HAS_PROPERTY':
      return stored !== null && stored !== '';
    case 'NOT_HAS_PROPERTY':
      return stored === null || stored === '';
    case 'EQ':
      return stored !== null && fold(stored) === fold(value);
    case 'NEQ':
      return stored === null || fold(stored) !== fold(value);
    case 'IN':
      return stored !== null && valuesOf(f).has(fold(stored));
    case 'NOT_IN':
      return stored === null || !valuesOf(f).has(fold(stored));
    case 'CONTAINS_TOKEN':
      return stored !== null && containsToken(stored, value);
    case 'NOT_CONTAINS_TOKEN':
      return stored === null || !containsToken(stored, value);
    case 'LT':
      return stored !== null && compare(stored, value) < 0;
    case 'LTE':
      return stored !== null && compare(stored, value) <= 0;
    case 'GT':
      return stored !== null && compare(stored, value) > 0;
    case 'GTE':
      return stored !== null && compare(stored, value) >= 0;
    case 'BETWEEN':
      return stored !== null && compare(stored, value) >= 0 && compare(stored, f.highValue ?? '') <= 0;
    default:
      throw new UnreachableCaseError(f.operator);
  }
}

/** Whether a contact matches the search: any group (OR) whose filters all hold (AND), and the query text. */
export function matchesSearch(contact: Pick<StoredObject, 'properties'>, search: SearchRequest): boolean {
  const groups = search.filterGroups.filter((g) => g.filters.length > 0);
  const filtered = groups.length === 0 || groups.some((g) => g.filters.every((f) => matchesFilter(contact, f)));
  const text = search.query?.trim();
  if (!filtered || !text) return filtered;
  return QUERY_PROPERTIES.some((name) => fold(contact.properties[name] ?? '').includes(fold(text)));
}

/** Orders records (contacts, feedback submissions) by the first sort (a property name, or `{propertyName, direction}`), else by id. */
export function sortContacts<T extends Pick<StoredObject, 'id' | 'properties'>>(contacts: readonly T[], sorts: SearchRequest['sorts']): T[] {
  const first = sorts[0];
  const name = first === undefined ? 'hs_object_id' : typeof first === 'string' ? first : first.propertyName;
  const sign = typeof first === 'object' && first.direction === 'DESCENDING' ? -1 : 1;
  return [...contacts].sort((a, b) => {
    const [x, y] = [a.properties[name] ?? null, b.properties[name] ?? null];
    // Records without the property sort last; ties keep id order so paging is stable.
    if (x === null || y === null) return x === y ? Number(a.id) - Number(b.id) : x === null ? 1 : -1;
    return sign * compare(x, y) || Number(a.id) - Number(b.id);
  });
}
