import type { LookupKey } from '../../src/model/index.js';
import { familyNameKeyIdOf, familyNameSpellings, type FamilyNameSpellings } from '../shared/index.js';
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


/**
 * Filter groups finding the contacts of `familyName` keys: `lastname IN [...] AND zip IN [...]`, keys packed greedily
 * while both lists hold ≤100 values. The IN×IN product is a superset of the wanted pairs; results are filed exactly
 * by `familyNameKeyIdOfContact`. The last name travels as the normalised key and, when the asking record wrote it
 * otherwise, as that spelling too: HubSpot ignores case, so "smith" finds "Smith" and "ward-roob" finds "Ward-Roob";
 * a contact that spells the name otherwise than both ("Ward Roob") is still missed. Keys not in the compared forms
 * can match no record and are not searched. `spelt`: the batch's spellings, when the caller has them already.
 */
export function familyNameGroups(keys: readonly LookupKey[], spelt: FamilyNameSpellings = familyNameSpellings(keys)): SearchFilterGroup[] {
  const wanted = [...spelt.values()].sort((a, b) => a.key.value.localeCompare(b.key.value) || a.key.postalCode.localeCompare(b.key.postalCode));
  const limit = HUBSPOT_LIMITS.searchInValues;
  const packs: Array<{ names: Set<string>; zips: Set<string> }> = [];
  let pack = { names: new Set<string>(), zips: new Set<string>() };
  for (const { key, spellings } of wanted) {
    const zips = postalCodeSpellings(key.postalCode);
    if (new Set([...pack.names, ...spellings]).size > limit || new Set([...pack.zips, ...zips]).size > limit) {
      packs.push(pack);
      pack = { names: new Set(), zips: new Set() };
    }
    for (const name of spellings) pack.names.add(name);
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

/**
 * Whether the search for the contact's own key finds it: its stored last name is one of the spellings asked for that
 * key (the key itself, or as an asker wrote it), and its zip one of the postal code's written forms. So an answer
 * depends on no other key of the batch, only on the spellings of this key's askers.
 */
export function isFoundByFamilyNameSearch(contact: HubSpotContact, asked: FamilyNameSpellings): boolean {
  const id = familyNameKeyIdOfContact(contact);
  const entry = id === null ? undefined : asked.get(id);
  if (!entry) return false;
  const lastname = contact.properties.lastname?.trim().toLowerCase() ?? '';
  return entry.spellings.has(lastname) && postalCodeSpellings(entry.key.postalCode).includes(contact.properties.zip?.trim().toLowerCase() ?? '');
}
