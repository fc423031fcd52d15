import type { SearchFilterGroup } from './client.js';
import type { HubSpotContact } from './schemas.js';

/** A name key as the tokens it is searched by. */
export interface NameQuery {
  keyId: string;
  /** Lower-case word prefixes, stripped of everything but letters, digits, `'` and `-`. */
  tokens: string[];
}

const MAX_TOKENS = 4;
const words = (text: string) => text.toLowerCase().normalize('NFC').split(/\s+/);

/**
 * The tokens of a free-text name. CONTAINS_TOKEN treats `*` as a wildcard and HubSpot has no escape for it,
 * so every character outside letters, digits, `'` and `-` is dropped: `*`, quotes, backslashes, parentheses
 * or `OR` syntax cannot widen the search (`*` alone leaves no token, and no search is made).
 */
export function nameTokens(text: string): string[] {
  return words(text)
    .map((word) => word.replace(/[^\p{L}\p{N}'-]/gu, ''))
    .filter((word) => word !== '')
    .slice(0, MAX_TOKENS);
}

/**
 * Filter groups finding contacts whose names start with the tokens: one token is tried as first or last name;
 * more are tried as first-then-last and last-then-first (middle tokens are checked on the results).
 * The trailing `*` we add makes a token a prefix; it is the only wildcard that reaches HubSpot.
 */
export function nameGroups({ tokens }: NameQuery): SearchFilterGroup[] {
  const first = tokens[0];
  const last = tokens.at(-1);
  if (first === undefined || last === undefined) return [];
  const has = (propertyName: string, token: string) => ({ propertyName, operator: 'CONTAINS_TOKEN' as const, value: `${token}*` });
  if (tokens.length === 1) return [{ filters: [has('firstname', first)] }, { filters: [has('lastname', first)] }];
  return [
    { filters: [has('firstname', first), has('lastname', last)] },
    { filters: [has('firstname', last), has('lastname', first)] },
  ];
}

/** Whether every token starts a word of the contact's first or last name. */
export function matchesName(contact: HubSpotContact, tokens: readonly string[]): boolean {
  const { firstname, lastname } = contact.properties;
  const nameWords = words(`${firstname ?? ''} ${lastname ?? ''}`).flatMap((w) => [w, ...w.split(/[-']/)]).filter((w) => w !== '');
  return tokens.length > 0 && tokens.every((token) => nameWords.some((word) => word.startsWith(token)));
}
