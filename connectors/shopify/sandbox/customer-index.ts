import type { WorldContact } from '../../sandbox-kit/index.js';
import { normaliseEmail } from '../../../src/model/index.js';
import { e164Of, searchedPhone } from './customer-filter.js';
import type { SearchExpr } from './search-syntax.js';
import { legacyIdOf } from './values.js';

type Term = Extract<SearchExpr, { kind: 'term' }>;

/** How the index answers: the customers filed under a key, and every customer. */
export interface CustomerLookup {
  byKey(key: string): readonly WorldContact[];
  all(): readonly WorldContact[];
}

const GRAM = 3;
const grams = (text: string) => Array.from({ length: Math.max(0, text.length - GRAM + 1) }, (_, i) => `gram:${text.slice(i, i + GRAM)}`);
// Free text looks in these fields, lower-cased (customer-filter.ts `freeText`).
const freeTextFields = (c: WorldContact) => [c.firstName, c.lastName, c.email, c.phone];

/**
 * The keys a customer is filed under, in the forms the search terms compare: the numeric id, the normalised email,
 * the phone in E.164, the trimmed lower-cased last name, and every three-character run of the fields free text
 * looks in.
 */
export function customerKeys(c: WorldContact): string[] {
  const email = normaliseEmail(c.email);
  const phone = e164Of(c);
  const lastName = c.lastName?.trim().toLowerCase() ?? '';
  return [
    `id:${BigInt(legacyIdOf(c.id))}`,
    ...(email === null ? [] : [`email:${email}`]),
    ...(phone === null ? [] : [`phone:${phone}`]),
    ...(lastName === '' ? [] : [`last:${lastName}`]),
    ...freeTextFields(c).flatMap((value) => (value ? grams(value.toLowerCase()) : [])),
  ];
}

const isWild = (term: Term) => !term.quoted && term.value.endsWith('*');

/**
 * The customers an expression can match, from the index: `exact` when they are precisely its matches (field terms
 * compared whole: email, phone, last name, id), otherwise a superset the search's predicate must still decide.
 */
export interface Narrowed {
  records: readonly WorldContact[];
  exact: boolean;
}

const exactly = (records: readonly WorldContact[]): Narrowed => ({ records, exact: true });

/** The customers one term can match, or null when no index answers it. */
function termCandidates(term: Term, lookup: CustomerLookup): Narrowed | null {
  switch (term.field) {
    case 'email': {
      if (isWild(term)) return null;
      const wanted = normaliseEmail(term.value);
      return exactly(wanted === null ? [] : lookup.byKey(`email:${wanted}`));
    }
    case 'phone': {
      if (isWild(term)) return null;
      const wanted = searchedPhone(term.value);
      return exactly(wanted === null ? [] : lookup.byKey(`phone:${wanted}`));
    }
    case 'last_name': {
      const wanted = term.value.trim().toLowerCase();
      return exactly(wanted === '' ? [] : lookup.byKey(`last:${wanted}`));
    }
    case 'id': {
      if (term.comparator !== '=') return null;
      return exactly(/^\d+$/.test(term.value) ? lookup.byKey(`id:${BigInt(term.value)}`) : []);
    }
    case null: {
      // Every stored value holding the text holds each of its three-character runs; the rarest one narrows most.
      const runs = grams(term.value.trim().toLowerCase());
      if (runs.length === 0) return null;
      return { records: runs.map((key) => lookup.byKey(key)).reduce((a, b) => (b.length < a.length ? b : a)), exact: false };
    }
    default:
      return null;
  }
}

function candidatesOf(expr: SearchExpr, lookup: CustomerLookup): Narrowed | null {
  switch (expr.kind) {
    case 'term':
      return termCandidates(expr, lookup);
    case 'and': {
      const sets = expr.items.map((item) => candidatesOf(item, lookup)).filter((set) => set !== null);
      if (sets.length === 0) return null;
      const smallest = sets.reduce((a, b) => (b.records.length < a.records.length ? b : a));
      // The smallest set is the answer only when it answers the whole conjunction.
      return { records: smallest.records, exact: smallest.exact && expr.items.length === 1 };
    }
    case 'or': {
      const sets = expr.items.map((item) => candidatesOf(item, lookup));
      if (sets.some((set) => set === null)) return null;
      return { records: [...new Set(sets.flatMap((set) => set?.records ?? []))], exact: sets.every((set) => set?.exact) };
    }
    default:
      return null;
  }
}

/**
 * The customers a parsed search can match, narrowed by the index, in no particular order; every customer (not
 * exact) when no index answers the query.
 */
export function customerCandidates(expr: SearchExpr, lookup: CustomerLookup): Narrowed {
  return candidatesOf(expr, lookup) ?? { records: lookup.all(), exact: false };
}
