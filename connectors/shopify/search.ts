import { isComparableFamilyNameKey } from '../shared/index.js';
import { UnreachableCaseError, type LookupKey } from '../../src/model/index.js';

const MAX_NAME_WORDS = 4;

/**
 * Quotes a value for Shopify's search syntax: wrapped in double quotes with `\` and `"` escaped, so operators,
 * wildcards, parentheses and field names inside it are searched for literally and can never widen the search.
 */
export function quoteSearchValue(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** The words of a free-text name, lower-cased, keeping only letters, digits, `'` and `-` (at most four). */
export function nameWords(text: string): string[] {
  const words: string[] = [];
  for (const raw of text.normalize('NFC').toLowerCase().split(/\s+/)) {
    const word = [...raw].filter((ch) => /[\p{L}\p{N}'-]/u.test(ch)).join('');
    if (word && words.length < MAX_NAME_WORDS) words.push(word);
  }
  return words;
}

/** The search term that finds a key's customers, or null for keys Shopify cannot be searched by. */
export function searchTermOf(key: LookupKey): string | null {
  switch (key.kind) {
    case 'email':
      return key.value.trim() ? `email:${quoteSearchValue(key.value)}` : null;
    case 'phone':
      return key.value.trim() ? `phone:${quoteSearchValue(key.value)}` : null;
    case 'name': {
      // Free text over Shopify's default fields; every word must appear (juxtaposed terms are AND-ed).
      const words = nameWords(key.value);
      return words.length > 0 ? `(${words.map(quoteSearchValue).join(' ')})` : null;
    }
    case 'familyName':
      // `last_name:` (a whole-value, case-insensitive field match) narrows to the family name; Shopify has no zip
      // search term, so the postal code is compared on the results (`defaultAddress.zip`). The normalised key finds
      // "Smith" as "smith" but not "O'Brien" as "obrien": a key with its asker's spelling searches that spelling. A
      // key in no compared form can match nothing: not searched.
      return isComparableFamilyNameKey(key) ? `last_name:${quoteSearchValue(key.spelling ?? key.value)}` : null;
    case 'xref':
      // Shopify stores no ids of the other silos in our data.
      return null;
    default:
      throw new UnreachableCaseError(key);
  }
}

/** One `customers(query:)` string that finds the customers of all the keys: their distinct terms joined with OR. */
export function customerSearchQuery(keys: readonly LookupKey[]): string {
  return [...new Set(keys.flatMap((key) => searchTermOf(key) ?? []))].join(' OR ');
}
