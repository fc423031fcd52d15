import { isE164, lookupKeyId, normaliseEmail, normalisePhone, phoneRegionOf, type LookupKey } from '../../src/model/index.js';
import { chunk } from '../shared/index.js';
import type { SearchFilterGroup } from './client.js';
import { HUBSPOT_LIMITS } from './limits.js';
import type { HubSpotContact } from './schemas.js';

/** The contact properties a lookup key is searched on. */
export type SearchProperty = 'email' | 'hs_calculated_phone_number' | 'shopify_customer_id';

/** One lookup key as a literal value of a searched property. */
export interface SearchProbe {
  keyId: string;
  property: SearchProperty;
  value: string;
}

const SHOPIFY_CUSTOMER = /^(?:gid:\/\/shopify\/Customer\/)?(\d+)$/;

/**
 * The property and literal value a key is searched by, or null when HubSpot cannot hold a match
 * (an xref to a silo other than Shopify, a phone that is not E.164, an empty email). Names and family names are
 * searched apart (`name-search.ts`, `family-name-search.ts`).
 */
export function probeOf(key: LookupKey): SearchProbe | null {
  const keyId = lookupKeyId(key);
  if (key.kind === 'name' || key.kind === 'familyName') return null;
  if (key.kind === 'email') {
    // The key's value travels as it is, only lower-cased as HubSpot stores emails: search syntax is matched literally.
    const value = key.value.trim().toLowerCase();
    return value === '' ? null : { keyId, property: 'email', value };
  }
  if (key.kind === 'phone') return isE164(key.value) ? { keyId, property: 'hs_calculated_phone_number', value: key.value } : null;
  if (key.source !== 'ECOMMERCE') return null;
  const numeric = SHOPIFY_CUSTOMER.exec(key.value.trim())?.[1];
  return numeric === undefined ? null : { keyId, property: 'shopify_customer_id', value: numeric };
}

/**
 * Packs probes into search bodies: one `IN` filter group per property and chunk of ≤100 values, then any
 * extra groups (name searches), ≤5 groups per search. Values travel as literal JSON strings in `values`, never in the free-text `query`, so search
 * syntax in user input (`*`, `OR`, quotes, parentheses) is matched literally and cannot widen a search.
 */
export function planSearches(probes: readonly SearchProbe[], extraGroups: readonly SearchFilterGroup[] = []): SearchFilterGroup[][] {
  const byProperty = new Map<SearchProperty, Set<string>>();
  for (const { property, value } of probes) {
    const values = byProperty.get(property) ?? new Set<string>();
    byProperty.set(property, values.add(value));
  }
  const groups: SearchFilterGroup[] = [];
  for (const [propertyName, values] of byProperty) {
    for (const part of chunk([...values], HUBSPOT_LIMITS.searchInValues)) {
      groups.push({ filters: [{ propertyName, operator: 'IN', values: part }] });
    }
  }
  groups.push(...extraGroups);
  return chunk(groups, HUBSPOT_LIMITS.searchGroups);
}

/** The normalised values of a returned contact that probes are compared with (`property:value`). */
export function matchValuesOf(contact: HubSpotContact): Set<string> {
  const p = contact.properties;
  const out = new Set<string>();
  const email = normaliseEmail(p.email);
  if (email !== null) out.add(`email:${email}`);
  // A phone as written is read in the contact's own country, else the fallback region.
  const phones = [normalisePhone(p.phone, phoneRegionOf(p.hs_country_region_code)), p.hs_calculated_phone_number?.trim()];
  for (const phone of phones) if (phone) out.add(`hs_calculated_phone_number:${phone}`);
  if (p.shopify_customer_id) out.add(`shopify_customer_id:${p.shopify_customer_id.trim()}`);
  return out;
}
