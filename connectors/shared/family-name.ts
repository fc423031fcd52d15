import { familyNameKey, lookupKeyId, postalCodeKey, type LookupKey } from '../../src/model/index.js';

/** A `familyName` lookup key. */
export type FamilyNameKey = Extract<LookupKey, { kind: 'familyName' }>;

/**
 * Whether a `familyName` key is in the compared forms (`familyNameKey` value, `postalCodeKey` postal code). A key in
 * any other form can equal no record's pair, so connectors answer it with [] and spend no request on it.
 */
export function isComparableFamilyNameKey(key: FamilyNameKey): boolean {
  return familyNameKey(key.value) === key.value && postalCodeKey(key.postalCode) === key.postalCode;
}

/** The `lookupKeyId` a record with this family name and postal code is filed under, or null when it lacks either. */
export function familyNameKeyIdOf(familyName: string | null | undefined, postalCode: string | null | undefined): string | null {
  const value = familyNameKey(familyName);
  const postal = postalCodeKey(postalCode);
  return value === null || postal === null ? null : lookupKeyId({ kind: 'familyName', value, postalCode: postal });
}

const isFamilyNameKey = (key: LookupKey): key is FamilyNameKey => key.kind === 'familyName';

/**
 * The comparable `familyName` keys of a batch by key id, each with the spellings its askers wrote (a key without one
 * spells the compared form itself). Searching these spellings, not every form a name could take, keeps a search to
 * one term per asker: "Ward-Roob" asks for "ward-roob" and finds "Ward-Roob", not "Wardroob".
 */
export type FamilyNameSpellings = ReadonlyMap<string, { key: FamilyNameKey; spellings: ReadonlySet<string> }>;

/** The batch's `familyName` keys in compared form, by id, with their spellings (see `FamilyNameSpellings`). */
export function familyNameSpellings(keys: readonly LookupKey[]): FamilyNameSpellings {
  const byId = new Map<string, { key: FamilyNameKey; spellings: Set<string> }>();
  for (const key of keys.filter(isFamilyNameKey).filter(isComparableFamilyNameKey)) {
    const entry = byId.get(lookupKeyId(key)) ?? { key, spellings: new Set<string>() };
    entry.spellings.add(key.spelling ?? key.value);
    byId.set(lookupKeyId(key), entry);
  }
  return byId;
}
