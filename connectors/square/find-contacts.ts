import type { ContactRecord } from '../../src/model/index.js';
import { collectPages, lookupKeyId, mapConcurrent, type CallOptions, type LookupKey } from '../shared/index.js';
import type { SearchCustomersBody, SquareClient } from './client.js';
import type { ResolvedSquareConfig } from './config.js';
import { toContactRecord } from './mapping.js';
import { isE164, normaliseEmail, phoneToE164 } from './normalise.js';
import type { SquareCustomer } from './schemas.js';

function unreachable(key: never): never {
  throw new TypeError(`unknown lookup key kind: ${(key as { kind?: unknown }).kind}`);
}

/** SearchCustomers pages hold at most this many profiles. */
const SEARCH_PAGE_LIMIT = 100;

/**
 * The SearchCustomers filter for one key, or null when Square cannot hold a match for it.
 * Filters are JSON values, so user input can never widen the search: `*` is an exact value.
 */
export function customerFilterFor(key: LookupKey): SearchCustomersBody['query']['filter'] | null {
  switch (key.kind) {
    case 'email':
      return key.value.trim() === '' ? null : { email_address: { exact: key.value } };
    case 'phone':
      // Square's exact phone filter takes E.164 only; anything else would be a 400, and cannot match.
      return isE164(key.value) ? { phone_number: { exact: key.value } } : null;
    case 'xref':
      // reference_id holds the HubSpot contact id; Square keeps no pointer to other silos.
      return key.source === 'CRM' && key.value !== '' ? { reference_id: { exact: key.value } } : null;
    case 'name':
    case 'familyName':
      // SearchCustomers has no name filter; finding one would mean listing every profile.
      return null;
    default:
      return unreachable(key);
  }
}

/** Whether a returned profile really carries the key, read the way the key was normalised. */
export function customerMatches(key: LookupKey, customer: SquareCustomer): boolean {
  switch (key.kind) {
    case 'email':
      return customer.email_address != null && normaliseEmail(customer.email_address) === normaliseEmail(key.value);
    case 'phone':
      return customer.phone_number != null && phoneToE164(customer.phone_number, customer.address?.country) === key.value;
    case 'xref':
      // Square's reference_id filter is case-insensitive; read the answer the same way.
      return customer.reference_id != null && customer.reference_id.toLowerCase() === key.value.toLowerCase();
    case 'name':
    case 'familyName':
      return false;
    default:
      return unreachable(key);
  }
}

/** Square filters cannot OR, so each distinct key costs one search (and its pages), a few at a time. */
export async function findSquareContacts(
  client: SquareClient,
  config: ResolvedSquareConfig,
  keys: readonly LookupKey[],
  opts?: CallOptions,
): Promise<Map<string, ContactRecord[]>> {
  const fetchedAt = new Date().toISOString();
  const unique = [...new Map(keys.map((key) => [lookupKeyId(key), key])).entries()];
  const found = new Map<string, ContactRecord[]>();
  await mapConcurrent(unique, config.searchConcurrency, async ([id, key]) => {
    const filter = customerFilterFor(key);
    if (filter === null) return found.set(id, []);
    const { items } = await collectPages<SquareCustomer, string>(
      async (cursor) => {
        const body: SearchCustomersBody = { query: { filter }, limit: SEARCH_PAGE_LIMIT, cursor };
        const page = await client.searchCustomers(body, opts);
        return { items: page.customers ?? [], next: page.cursor };
      },
      { limit: SEARCH_PAGE_LIMIT * config.maxPages, maxPages: config.maxPages },
    );
    return found.set(id, items.filter((customer) => customerMatches(key, customer)).map((c) => toContactRecord(c, fetchedAt)));
  });
  return new Map(unique.map(([id]) => [id, found.get(id) ?? []]));
}
