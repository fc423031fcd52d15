import { UnreachableCaseError } from '../model/index.js';
import { familyNamesMatch, givenNamesCompatible, jaroWinkler } from './names.js';

/** What a link rests on (the schema's MatchKind). */
export type MatchKind = 'ANCHOR' | 'EMAIL' | 'PHONE' | 'CROSS_REFERENCE' | 'NAME_AND_POSTAL_CODE' | 'FAMILY_NAME' | 'POSTAL_CODE';

/** A field two records (or a record and a cluster) are compared on (the schema's IdentityField). */
export type IdentityField = 'CROSS_REFERENCE' | 'EMAIL' | 'PHONE' | 'GIVEN_NAME' | 'FAMILY_NAME' | 'POSTAL_CODE';

/** How one field compares: the same value, a similar one (short form or typo), a different one, or absent on a side. */
export type Verdict = 'EQUAL' | 'SIMILAR' | 'DIFFERS' | 'MISSING';

/** One field's comparison; `similarity` (0..1) is given for names. */
export interface FieldComparison {
  readonly field: IdentityField;
  readonly verdict: Verdict;
  readonly similarity: number | null;
}

/** The rules that may link a record, strongest first (the schema's LinkRule). */
export type LinkRule = 'CROSS_REFERENCE' | 'EMAIL_AND_PHONE' | 'EMAIL' | 'PHONE' | 'EMAIL_WITH_SIMILAR_NAME' | 'NAME_AND_POSTAL_CODE';

/** Why a rule did not link: the key it needs is not shared, or a guard held (the schema's LinkRefusal). */
export type LinkRefusal =
  | 'NO_CROSS_REFERENCE'
  | 'EMAIL_NOT_SHARED'
  | 'PHONE_NOT_SHARED'
  | 'POSTAL_CODE_NOT_SHARED'
  | 'GIVEN_NAMES_DIFFER'
  | 'GIVEN_NAME_MISSING'
  | 'FAMILY_NAMES_DIFFER'
  | 'PHONES_CONFLICT'
  | 'NOT_CORROBORATED';

/** One rule tried on a comparison: it links (with what it matched on and how sure it is) or is refused, with why. */
export type RuleOutcome =
  | { readonly rule: LinkRule; readonly links: true; readonly matchedOn: readonly MatchKind[]; readonly confidence: number }
  | { readonly rule: LinkRule; readonly links: false; readonly refusedBy: LinkRefusal };

/** A link that held: the rule, the comparison it rested on, what it matched on and its confidence. */
export type Link = Extract<RuleOutcome, { links: true }> & { readonly comparisons: readonly FieldComparison[] };

/** The values a record is compared against: one record's, or every member's of a cluster so far. */
export interface ComparedValues {
  readonly emails: ReadonlySet<string>;
  readonly phones: ReadonlySet<string>;
  /** Further emails and phones the silos keep (HubSpot's additional emails, Zendesk identities, address phones). */
  readonly secondaryEmails: ReadonlySet<string>;
  readonly secondaryPhones: ReadonlySet<string>;
  readonly givenNames: readonly string[];
  readonly familyNames: readonly string[];
  readonly postalCodes: ReadonlySet<string>;
}

/** A candidate record's values in the compared forms, and whether a cross-reference ties it to the other side. */
export interface CandidateValues {
  readonly emails: readonly string[];
  readonly phones: readonly string[];
  readonly secondaryEmails: readonly string[];
  readonly secondaryPhones: readonly string[];
  readonly givenName: string | null;
  readonly familyName: string | null;
  readonly postalCode: string | null;
  readonly crossReferenced: boolean;
}

/**
 * Given names at least this Jaro-Winkler-similar, though neither a known short form nor one typo apart (Jon and
 * John, Sara and Sarah), may link through a shared email when the family name or postal code agrees too. Below it
 * (Mark and Mary: 0.88; Jane and John: 0.7) names differ, as in a household that shares one mailbox.
 */
export const SIMILAR_GIVEN_NAME = 0.9;

/** How sure a link is by the rule that made it. */
const CONFIDENCE: Readonly<Record<LinkRule, number>> = {
  CROSS_REFERENCE: 0.99,
  EMAIL_AND_PHONE: 0.998,
  EMAIL: 0.97,
  PHONE: 0.95,
  EMAIL_WITH_SIMILAR_NAME: 0.85,
  NAME_AND_POSTAL_CODE: 0.8,
};

/** How sure each kind of reason is on its own, to combine the reasons a linked record is found by again. */
export const KIND_CONFIDENCE: Readonly<Record<MatchKind, number>> = {
  ANCHOR: 1,
  CROSS_REFERENCE: 0.99,
  EMAIL: 0.97,
  PHONE: 0.95,
  NAME_AND_POSTAL_CODE: 0.8,
  FAMILY_NAME: 0.5,
  POSTAL_CODE: 0.5,
};

function shared(candidate: readonly string[], held: ReadonlySet<string>): Verdict {
  if (candidate.length === 0 || held.size === 0) return 'MISSING';
  return candidate.some((v) => held.has(v)) ? 'EQUAL' : 'DIFFERS';
}

/**
 * An email or phone comparison: the primary values decide EQUAL, DIFFERS or MISSING, and a value shared only through a
 * silo's further values (secondary) is SIMILAR: it backs a rule that also needs agreeing names, but is never one of
 * two independent keys (a household's landline on a Shopify address and its shared mailbox are one home, not one
 * person), and a further value that differs is no evidence against (a gift recipient's phone on an address).
 */
function sharedWith(primary: readonly string[], secondary: readonly string[], held: ReadonlySet<string>, heldSecondary: ReadonlySet<string>): Verdict {
  const verdict = shared(primary, held);
  if (verdict === 'EQUAL') return verdict;
  const either = (v: string) => held.has(v) || heldSecondary.has(v);
  return primary.some((v) => heldSecondary.has(v)) || secondary.some(either) ? 'SIMILAR' : verdict;
}

/** The given-name comparison, and whether the names agree (equal, a short form, one typo, or absent on a side). */
function compareGiven(given: string | null, held: readonly string[]): { comparison: FieldComparison; agree: boolean } {
  if (given === null || held.length === 0) return { comparison: { field: 'GIVEN_NAME', verdict: 'MISSING', similarity: null }, agree: true };
  if (held.includes(given)) return { comparison: { field: 'GIVEN_NAME', verdict: 'EQUAL', similarity: 1 }, agree: true };
  const similarity = Math.max(...held.map((h) => jaroWinkler(h, given)));
  const agree = held.some((h) => givenNamesCompatible(h, given));
  const verdict: Verdict = agree || similarity >= SIMILAR_GIVEN_NAME ? 'SIMILAR' : 'DIFFERS';
  return { comparison: { field: 'GIVEN_NAME', verdict, similarity: round(similarity) }, agree };
}

function compareFamily(family: string | null, held: readonly string[]): FieldComparison {
  if (family === null || held.length === 0) return { field: 'FAMILY_NAME', verdict: 'MISSING', similarity: null };
  if (held.includes(family)) return { field: 'FAMILY_NAME', verdict: 'EQUAL', similarity: 1 };
  const similarity = round(Math.max(...held.map((h) => jaroWinkler(h, family))));
  return { field: 'FAMILY_NAME', verdict: held.some((h) => familyNamesMatch(h, family)) ? 'SIMILAR' : 'DIFFERS', similarity };
}

/** Every field of a candidate compared with what it is offered to. */
export interface Comparison {
  readonly fields: readonly FieldComparison[];
  readonly givenNamesAgree: boolean;
}

/** Compares a candidate's values with the other side's, field by field. */
export function compare(candidate: CandidateValues, held: ComparedValues): Comparison {
  const given = compareGiven(candidate.givenName, held.givenNames);
  const fields: FieldComparison[] = [
    { field: 'CROSS_REFERENCE', verdict: candidate.crossReferenced ? 'EQUAL' : 'MISSING', similarity: null },
    { field: 'EMAIL', verdict: sharedWith(candidate.emails, candidate.secondaryEmails, held.emails, held.secondaryEmails), similarity: null },
    { field: 'PHONE', verdict: sharedWith(candidate.phones, candidate.secondaryPhones, held.phones, held.secondaryPhones), similarity: null },
    given.comparison,
    compareFamily(candidate.familyName, held.familyNames),
    { field: 'POSTAL_CODE', verdict: shared(candidate.postalCode ? [candidate.postalCode] : [], held.postalCodes), similarity: null },
  ];
  return { fields, givenNamesAgree: given.agree };
}

const RULES: readonly LinkRule[] = ['CROSS_REFERENCE', 'EMAIL_AND_PHONE', 'EMAIL', 'PHONE', 'EMAIL_WITH_SIMILAR_NAME', 'NAME_AND_POSTAL_CODE'];

/**
 * Every rule tried on a comparison, strongest first. The rules:
 * - CROSS_REFERENCE: an id one silo keeps of the other's record always links.
 * - EMAIL_AND_PHONE: two independent keys link whatever the names say.
 * - EMAIL: a shared email links when the given names agree; if the phones conflict, only under the same given name
 *   with the family name or postal code agreeing too (a married name, a moved flat).
 * - PHONE: a shared phone links when the given names agree.
 * - EMAIL_WITH_SIMILAR_NAME: a shared email under a similar but not agreeing given name links, at a lower confidence,
 *   when the family name or postal code agrees and no phone conflicts; matchedOn names what agreed.
 * - NAME_AND_POSTAL_CODE: agreeing given and family names at the same postal code, with no phone conflict.
 */
export function evaluate({ fields, givenNamesAgree }: Comparison): RuleOutcome[] {
  const verdict = (field: IdentityField) => (fields.find((f) => f.field === field) as FieldComparison).verdict;
  const email = verdict('EMAIL');
  const phone = verdict('PHONE');
  const given = verdict('GIVEN_NAME');
  const family = verdict('FAMILY_NAME');
  const postal = verdict('POSTAL_CODE');
  const familyAgrees = family === 'EQUAL' || family === 'SIMILAR';
  // Shared, if only through a silo's further values (SIMILAR): enough for the rules that need agreeing names too.
  const emailShared = email === 'EQUAL' || email === 'SIMILAR';
  const phoneShared = phone === 'EQUAL' || phone === 'SIMILAR';
  const corroboration: MatchKind[] = [...(familyAgrees ? ['FAMILY_NAME' as const] : []), ...(postal === 'EQUAL' ? ['POSTAL_CODE' as const] : [])];
  const refuse = (rule: LinkRule, refusedBy: LinkRefusal): RuleOutcome => ({ rule, links: false, refusedBy });
  const link = (rule: LinkRule, matchedOn: MatchKind[]): RuleOutcome => ({ rule, links: true, matchedOn, confidence: CONFIDENCE[rule] });

  return RULES.map((rule): RuleOutcome => {
    switch (rule) {
      case 'CROSS_REFERENCE':
        return verdict('CROSS_REFERENCE') === 'EQUAL' ? link(rule, ['CROSS_REFERENCE']) : refuse(rule, 'NO_CROSS_REFERENCE');
      case 'EMAIL_AND_PHONE':
        if (email !== 'EQUAL') return refuse(rule, 'EMAIL_NOT_SHARED');
        return phone === 'EQUAL' ? link(rule, ['EMAIL', 'PHONE']) : refuse(rule, 'PHONE_NOT_SHARED');
      case 'EMAIL':
        if (!emailShared) return refuse(rule, 'EMAIL_NOT_SHARED');
        if (!givenNamesAgree) return refuse(rule, 'GIVEN_NAMES_DIFFER');
        if (phone === 'DIFFERS' && !(given === 'EQUAL' && corroboration.length > 0)) return refuse(rule, 'PHONES_CONFLICT');
        return link(rule, ['EMAIL']);
      case 'PHONE':
        if (!phoneShared) return refuse(rule, 'PHONE_NOT_SHARED');
        return givenNamesAgree ? link(rule, ['PHONE']) : refuse(rule, 'GIVEN_NAMES_DIFFER');
      case 'EMAIL_WITH_SIMILAR_NAME':
        if (email !== 'EQUAL') return refuse(rule, 'EMAIL_NOT_SHARED');
        if (given !== 'SIMILAR') return refuse(rule, given === 'DIFFERS' ? 'GIVEN_NAMES_DIFFER' : 'GIVEN_NAME_MISSING');
        if (phone === 'DIFFERS') return refuse(rule, 'PHONES_CONFLICT');
        return corroboration.length > 0 ? link(rule, ['EMAIL', ...corroboration]) : refuse(rule, 'NOT_CORROBORATED');
      case 'NAME_AND_POSTAL_CODE':
        if (postal !== 'EQUAL') return refuse(rule, 'POSTAL_CODE_NOT_SHARED');
        if (given === 'MISSING') return refuse(rule, 'GIVEN_NAME_MISSING');
        if (!givenNamesAgree) return refuse(rule, 'GIVEN_NAMES_DIFFER');
        if (!familyAgrees) return refuse(rule, 'FAMILY_NAMES_DIFFER');
        return phone === 'DIFFERS' ? refuse(rule, 'PHONES_CONFLICT') : link(rule, ['NAME_AND_POSTAL_CODE']);
      default:
        throw new UnreachableCaseError(rule);
    }
  });
}

/** The strongest rule that links the candidate, with the comparison it rested on; null when none does. */
export function decide(candidate: CandidateValues, held: ComparedValues): Link | null {
  const comparison = compare(candidate, held);
  const outcome = evaluate(comparison).find((o) => o.links);
  return outcome?.links ? { ...outcome, comparisons: comparison.fields } : null;
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
