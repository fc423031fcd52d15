import { lookupKeyId, type LookupKey } from '../../src/model/index.js';
import { familyNameKeyIdOf, isComparableFamilyNameKey, type FamilyNameKey } from '../shared/index.js';
import type { SearchFilterGroup } from './client.js';
import { HUBSPOT_LIMITS } from './limits.js';
import type { HubSpotContact } from './schemas.js';

// Conventional written forms of a normalised postal code, for the countries whose codes people type with a
// space or hyphen. HubSpot stores `zip` as typed and is only known to ignore case in EQ/IN, so `SW1A1AA`
// alone would likely miss "SW1A 1AA". A form not listed here (a stray space, other punctuation) is still missed.
const WRITTEN_FORMS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})$/, '$1 $2'], // United Kingdom: outward and inward code
  [/^([A-Z]\d[A-Z])(\d[A-Z]\d)$/, '$1 $2'], // Canada
  [/^(\d{4})([A-Z]{2})$/, '$1 $2'], // Netherlands
  [/^(\d{3})(\d{4})$/, '$1-$2'], // Japan
  [/^(\d{5})(\d{4})$/, '$1-$2'], // United States, ZIP+4
];

/** The spellings a `zip` search sends for a normalised postal code: itself and its conventional written form, lower-cased. */
export function postalCodeSpellings(postalCode: string): string[] {
  const written = WRITTEN_FORMS.filter(([pattern]) => pattern.test(postalCode)).map(([pattern, form]) => postalCode.replace(pattern, form));
  return [...new Set([postalCode, ...written].map((form) => form.toLowerCase()))];
}

const isFamilyNameKey = (key: LookupKey): key is FamilyNameKey => key.kind === 'familyName';

/**
 * Filter groups finding the contacts of `familyName` keys: `lastname IN [...] AND zip IN [...]`, keys packed greedily
 * while both lists hold ≤100 values. The IN×IN product is a superset of the wanted pairs; results are filed exactly
 * by `familyNameKeyIdOfContact`. The last name travels as the normalised key: HubSpot ignores case, so "smith" finds
 * "Smith", but a name typed with an apostrophe, hyphen, space or accent ("O'Brien") cannot be rebuilt from
 * "obrien" and is not found. Keys not in the compared forms can match no record and are not searched.
 */
export function familyNameGroups(keys: readonly LookupKey[]): SearchFilterGroup[] {
  const wanted = [...new Map(keys.filter(isFamilyNameKey).filter(isComparableFamilyNameKey).map((key) => [lookupKeyId(key), key])).values()];
  wanted.sort((a, b) => a.value.localeCompare(b.value) || a.postalCode.localeCompare(b.postalCode));
  const limit = HUBSPOT_LIMITS.searchInValues;
  const packs: Array<{ names: Set<string>; zips: Set<string> }> = [];
  let pack = { names: new Set<string>(), zips: new Set<string>() };
  for (const key of wanted) {
    const zips = postalCodeSpellings(key.postalCode);
    const names = pack.names.size + (pack.names.has(key.value) ? 0 : 1);
    if (names > limit || new Set([...pack.zips, ...zips]).size > limit) {
      packs.push(pack);
      pack = { names: new Set(), zips: new Set() };
    }
    pack.names.add(key.value);
    for (const zip of zips) pack.zips.add(zip);
  }
  if (pack.names.size > 0) packs.push(pack);
  return packs.map(({ names, zips }) => ({
    filters: [
      { propertyName: 'lastname', operator: 'IN', values: [...names] },
      { propertyName: 'zip', operator: 'IN', values: [...zips] },
    ],
  }));
}

/** The `familyName` key id a returned contact answers to, from its own last name and zip; null if it lacks either. */
export function familyNameKeyIdOfContact(contact: HubSpotContact): string | null {
  return familyNameKeyIdOf(contact.properties.lastname, contact.properties.zip);
}

/** Whether `lastname IN [key] AND zip IN [spellings]` finds the contact: its stored values are in the searched forms. */
export function isFoundByFamilyNameSearch(contact: HubSpotContact): boolean {
  const id = familyNameKeyIdOfContact(contact);
  if (id === null) return false;
  const [name = '', postal = ''] = id.slice('familyName:'.length).split('|');
  return contact.properties.lastname?.trim().toLowerCase() === name && postalCodeSpellings(postal).includes(contact.properties.zip?.trim().toLowerCase() ?? '');
}
