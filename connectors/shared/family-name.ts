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
