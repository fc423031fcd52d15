import { memoized, type WorldContact } from '../../sandbox-kit/index.js';
import { FALLBACK_PHONE_REGION, UnreachableCaseError, normaliseEmail, normalisePhone, phoneRegionOf } from '../../../src/model/index.js';
import { legacyIdOf } from './values.js';
import type { Comparator, SearchExpr } from './search-syntax.js';

/** What Shopify reports, in `extensions.search`, about a term it ignored. */
export interface SearchWarning {
  field: string;
  message: string;
}

/** One term of a parsed search. */
export type Term = Extract<SearchExpr, { kind: 'term' }>;
type Predicate = (c: WorldContact) => boolean;

const compareWith = (comparator: Comparator, diff: number) =>
  comparator === '>' ? diff > 0 : comparator === '>=' ? diff >= 0 : comparator === '<' ? diff < 0 : comparator === '<=' ? diff <= 0 : diff === 0;

const isWildcard = (term: Term) => !term.quoted && term.value === '*';
const isPrefix = (term: Term) => !term.quoted && term.value.length > 1 && term.value.endsWith('*');

function emailTerm(term: Term): Predicate {
  if (isWildcard(term)) return (c) => normaliseEmail(c.email) !== null;
  // Email search ignores case and surrounding white space; the stored value is returned untouched. A prefix is
  // no address yet, so it is only trimmed and lower-cased.
  const wanted = isPrefix(term) ? term.value.slice(0, -1).trim().toLowerCase() || null : normaliseEmail(term.value);
  if (wanted === null) return () => false;
  return isPrefix(term) ? (c) => normaliseEmail(c.email)?.startsWith(wanted) ?? false : (c) => normaliseEmail(c.email) === wanted;
}

// Normalising a phone means parsing it: do it once per stored value, not once per term and customer.
const e164Cache = new WeakMap<WorldContact, { phone: string | null; region: string | null; e164: string | null }>();
/** A customer's phone in E.164, read in its address country. */
export function e164Of(c: WorldContact): string | null {
  const cached = e164Cache.get(c);
  if (cached && cached.phone === c.phone && cached.region === c.countryCode) return cached.e164;
  const e164 = normalisePhone(c.phone, phoneRegionOf(c.countryCode));
  e164Cache.set(c, { phone: c.phone, region: c.countryCode, e164 });
  return e164;
}

/** A searched phone in E.164 (read in the fallback region), remembered: a query may carry fifty of them. */
export const searchedPhone: (value: string) => string | null = memoized((value) => normalisePhone(value, FALLBACK_PHONE_REGION));

function phoneTerm(term: Term): Predicate {
  if (isWildcard(term)) return (c) => e164Of(c) !== null;
  const wanted = searchedPhone(term.value);
  return (c) => wanted !== null && e164Of(c) === wanted;
}

/**
 * `last_name:` matches the whole stored last name, ignoring case and surrounding white space, as Shopify's field
 * search does. It does not fold accents or punctuation: whether Shopify does is unconfirmed, so the sandbox
 * assumes the stricter reading and "obrien" does not find "O'Brien".
 */
function lastNameTerm(term: Term): Predicate {
  const wanted = term.value.trim().toLowerCase();
  return (c) => wanted !== '' && c.lastName?.trim().toLowerCase() === wanted;
}

/** `id:` with a comparator, over the numeric id inside a record's gid. */
export function idTerm<T extends { id: string }>(term: Term): (r: T) => boolean {
  if (!/^\d+$/.test(term.value)) return () => false;
  const wanted = BigInt(term.value);
  return (r) => {
    const id = BigInt(legacyIdOf(r.id));
    return compareWith(term.comparator, id === wanted ? 0 : id > wanted ? 1 : -1);
  };
}

/** A time term (`created_at:<=2024-05-01T09:30:00Z`, `updated_at:<now`) over the instant `read` gives. */
export function timeTerm<T>(term: Term, read: (r: T) => string): (r: T) => boolean {
  const when = term.value === 'now' ? Date.now() : Date.parse(term.value);
  if (Number.isNaN(when)) return () => false;
  // Without a comparator a time matches a whole UTC day.
  if (term.comparator === '=') return (r) => read(r).slice(0, 10) === new Date(when).toISOString().slice(0, 10);
  return (r) => compareWith(term.comparator, Date.parse(read(r)) - when);
}

function freeText(term: Term): Predicate {
  const wanted = term.value.trim().toLowerCase();
  return (c) => [c.firstName, c.lastName, c.email, c.phone].some((v) => v?.toLowerCase().includes(wanted) ?? false);
}

function termPredicate(term: Term, warnings: SearchWarning[]): Predicate {
  switch (term.field) {
    case 'email':
      return emailTerm(term);
    case 'phone':
      return phoneTerm(term);
    case 'last_name':
      return lastNameTerm(term);
    case 'id':
      return idTerm<WorldContact>(term);
    case 'updated_at':
      return timeTerm<WorldContact>(term, (c) => c.updatedAt);
    case 'created_at':
      return timeTerm<WorldContact>(term, (c) => c.createdAt);
    case null:
      return freeText(term);
    default:
      return ignoredTerm(term, warnings);
  }
}

/** Compiles a parsed search into a predicate over records, each term by `term` (which collects warnings). */
export function searchPredicate<T>(expr: SearchExpr, term: (t: Term) => (r: T) => boolean): (r: T) => boolean {
  switch (expr.kind) {
    case 'all':
      return () => true;
    case 'term':
      return term(expr);
    case 'not': {
      const inner = searchPredicate(expr.item, term);
      return (r) => !inner(r);
    }
    case 'and': {
      const items = expr.items.map((item) => searchPredicate(item, term));
      return (r) => items.every((p) => p(r));
    }
    case 'or': {
      const items = expr.items.map((item) => searchPredicate(item, term));
      return (r) => items.some((p) => p(r));
    }
    default:
      throw new UnreachableCaseError(expr);
  }
}

/** Shopify ignores a field it does not know and says so in extensions.search: a term that matches everything. */
export function ignoredTerm(term: Term, warnings: SearchWarning[]): () => boolean {
  warnings.push({ field: term.field ?? '', message: 'Invalid search field for this query.' });
  return () => true;
}

/** Compiles a parsed customer search into a predicate, collecting warnings about ignored terms. */
export function customerPredicate(expr: SearchExpr, warnings: SearchWarning[]): Predicate {
  return searchPredicate(expr, (term) => termPredicate(term, warnings));
}
