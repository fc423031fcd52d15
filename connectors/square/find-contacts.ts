import {
  collectPages,
  isE164,
  lookupKeyId,
  normaliseEmail,
  normalisePhone,
  phoneRegionOf,
  type CallOptions,
  type ContactRecord,
  type LookupKey,
  UnreachableCaseError,
} from '../../src/model/index.js';
import { createLookupResults, mapConcurrent } from '../shared/index.js';
import type { SearchCustomersBody, SquareClient } from './client.js';
import type { ResolvedSquareConfig } from './config.js';
import { SEARCH_PAGE_LIMIT } from './limits.js';
import { toContactRecord } from './mapping.js';
import type { SquareCustomer } from './schemas.js';

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
      throw new UnreachableCaseError(key);
  }
}

/** A profile's phone in E.164: a national number is read in the profile's address country, else the fallback region. */
const phoneOf = (customer: SquareCustomer) => normalisePhone(customer.phone_number, phoneRegionOf(customer.address?.country));

/** Whether a returned profile really carries the key, read the way the key was normalised. */
export function customerMatches(key: LookupKey, customer: SquareCustomer): boolean {
  switch (key.kind) {
    case 'email': {
      const wanted = normaliseEmail(key.value);
      return wanted !== null && normaliseEmail(customer.email_address) === wanted;
    }
    case 'phone':
      return phoneOf(customer) === key.value;
    case 'xref':
      // Square's reference_id filter is case-insensitive; read the answer the same way.
      return customer.reference_id != null && customer.reference_id.toLowerCase() === key.value.toLowerCase();
    case 'name':
    case 'familyName':
      return false;
    default:
      throw new UnreachableCaseError(key);
  }
}

/** Profiles by the key they answer: `email:…`, `phone:…` (E.164), `xref:…` (reference id, lower-case). */
type ProfileIndex = Map<string, SquareCustomer[]>;

/** The index entry a key is looked up under, read the way customerMatches reads it; null when none can match. */
function indexKey(key: LookupKey): string | null {
  if (key.kind === 'email') {
    const email = normaliseEmail(key.value);
    return email === null ? null : `email:${email}`;
  }
  if (key.kind === 'xref') return `xref:${key.value.toLowerCase()}`;
  return `${key.kind}:${key.value}`;
}

/** Each profile's keys normalised once (phone parsing is the costly part), so matching is a map look-up per key. */
function indexProfiles(profiles: readonly SquareCustomer[]): ProfileIndex {
  const index: ProfileIndex = new Map();
  const add = (key: string, customer: SquareCustomer) => index.set(key, [...(index.get(key) ?? []), customer]);
  for (const customer of profiles) {
    const email = normaliseEmail(customer.email_address);
    if (email !== null) add(`email:${email}`, customer);
    const phone = phoneOf(customer);
    if (phone !== null) add(`phone:${phone}`, customer);
    if (customer.reference_id != null) add(`xref:${customer.reference_id.toLowerCase()}`, customer);
  }
  return index;
}

/** From this many searchable keys on, one search per key is weighed against listing every profile. */
const LIST_CONSIDERED_FROM = 8;
/** How long a profile count read from Square is trusted for that choice. */
const COUNT_FRESH_MS = 60_000;
/** Profiles per creation-time window when every profile is read: below a page (100), so most windows take one page. */
const WINDOW_PROFILES = 90;

/**
 * Finds profiles by key. Square filters cannot OR, so each distinct key costs one search (and its pages), a few at
 * a time — unless the keys outnumber the pages of the whole customer list (ListCustomers with `count`): then reading
 * every profile once and matching locally is cheaper, as on a BI page of 100 customers against a small POS. Every
 * profile is read in creation-time windows searched side by side (ListCustomers' cursor would read them one page
 * after another); like every search, they see what Square's search index holds. Once a request has read every
 * profile, its later look-ups (the next identity rounds, however few their keys) are answered from that listing.
 */
export function createContactFinder(client: SquareClient, config: ResolvedSquareConfig) {
  let known: { count: number; earliest: string | null; at: number } | null = null;
  // Look-ups of one request share one listing (its identity rounds); without a request scope, only a listing in flight.
  const perRequest = new WeakMap<object, Promise<ProfileIndex | null>>();
  let inFlight: Promise<ProfileIndex | null> | null = null;

  /** The profile count and the oldest profile's creation time, read with a one-profile list (oldest first). */
  async function profileStats(opts?: CallOptions): Promise<{ count: number; earliest: string | null } | null> {
    if (known && Date.now() - known.at < COUNT_FRESH_MS) return known;
    const probe = await client.listCustomers({ limit: 1 }, opts);
    if (probe.count === undefined) return null;
    known = { count: probe.count, earliest: probe.customers?.[0]?.created_at ?? null, at: Date.now() };
    return known;
  }

  /** Every profile, indexed by key, or null when the list is longer than the connector may page through. */
  function everyProfile(opts?: CallOptions): Promise<ProfileIndex | null> {
    const scope = opts?.scope;
    const kept = scope ? perRequest.get(scope) : inFlight;
    if (kept) return kept;
    const listing = listEverything(opts).then((items) => items && indexProfiles(items));
    if (scope) {
      perRequest.set(scope, listing);
      // A failed listing is not kept: the next round of the request may try again.
      listing.catch(() => perRequest.delete(scope));
    } else {
      inFlight = listing;
      void listing.finally(() => (inFlight = null)).catch(() => undefined);
    }
    return listing;
  }

  /** The listing of every profile the request of `scope` has read or is reading, if any (undefined when it failed). */
  async function heldListing(scope: object): Promise<ProfileIndex | null | undefined> {
    const kept = perRequest.get(scope);
    return kept ? kept.catch(() => undefined) : undefined;
  }

  /** Creation-time windows covering every profile: the first open before, the last open after. */
  function windows(count: number, earliest: string): { start_at?: string; end_at?: string }[] {
    const n = Math.max(1, Math.ceil(count / WINDOW_PROFILES));
    const start = Date.parse(earliest);
    const span = Math.max(1, Date.now() - start);
    const at = (i: number) => new Date(start + Math.floor((span * i) / n)).toISOString();
    // Adjacent windows share their boundary instant (a profile created then comes twice, and is kept once).
    return Array.from({ length: n }, (_, i) => ({ ...(i > 0 ? { start_at: at(i) } : {}), ...(i < n - 1 ? { end_at: at(i + 1) } : {}) }));
  }

  async function listEverything(opts?: CallOptions): Promise<SquareCustomer[] | null> {
    const stats = await profileStats(opts);
    if (!stats?.earliest) return stats?.count === 0 ? [] : null;
    let complete = true;
    const parts = await mapConcurrent(windows(stats.count, stats.earliest), config.searchConcurrency, async (created_at) => {
      const { items, next } = await collectPages<SquareCustomer, string>(
        async (cursor) => {
          const body: SearchCustomersBody = { query: { filter: { created_at }, sort: { field: 'CREATED_AT', order: 'ASC' } }, limit: SEARCH_PAGE_LIMIT, cursor };
          const page = await client.searchCustomers(body, opts);
          return { items: page.customers ?? [], next: page.cursor };
        },
        { limit: SEARCH_PAGE_LIMIT * config.maxPages, maxPages: config.maxPages },
      );
      if (next) complete = false;
      return items;
    });
    return complete ? [...new Map(parts.flat().map((c) => [c.id, c])).values()] : null;
  }

  async function searchOne(key: LookupKey, filter: NonNullable<ReturnType<typeof customerFilterFor>>, opts?: CallOptions): Promise<SquareCustomer[]> {
    const { items } = await collectPages<SquareCustomer, string>(
      async (cursor) => {
        const body: SearchCustomersBody = { query: { filter }, limit: SEARCH_PAGE_LIMIT, cursor };
        const page = await client.searchCustomers(body, opts);
        return { items: page.customers ?? [], next: page.cursor };
      },
      { limit: SEARCH_PAGE_LIMIT * config.maxPages, maxPages: config.maxPages },
    );
    return items.filter((customer) => customerMatches(key, customer));
  }

  return async function findSquareContacts(keys: readonly LookupKey[], opts?: CallOptions): Promise<Map<string, ContactRecord[]>> {
    const fetchedAt = new Date().toISOString();
    const unique = [...new Map(keys.map((key) => [lookupKeyId(key), key])).entries()];
    const searchable = unique.flatMap(([id, key]) => {
      const filter = customerFilterFor(key);
      return filter === null ? [] : [{ id, key, filter }];
    });
    const found = createLookupResults<ContactRecord>(keys, (record) => record.provenance.recordId);
    // A request that has read every profile already (an earlier identity round) is answered from that listing, however
    // few its keys now: those searches would ask Square what the request holds.
    const scope = opts?.scope;
    let listed: ProfileIndex | null = scope && searchable.length > 0 ? ((await heldListing(scope)) ?? null) : null;
    if (!listed && searchable.length >= LIST_CONSIDERED_FROM) {
      const count = (await profileStats(opts))?.count ?? null;
      const pages = count === null ? Number.POSITIVE_INFINITY : Math.max(1, Math.ceil(count / WINDOW_PROFILES));
      if (pages < searchable.length && pages <= config.maxPages) listed = await everyProfile(opts);
    }
    if (listed) {
      const index = listed;
      for (const { id, key } of searchable) {
        const entry = indexKey(key);
        const candidates = (entry === null ? undefined : index.get(entry)) ?? [];
        for (const c of candidates) if (customerMatches(key, c)) found.file(id, toContactRecord(c, fetchedAt));
      }
    } else {
      await mapConcurrent(searchable, config.searchConcurrency, async ({ id, key, filter }) => {
        for (const c of await searchOne(key, filter, opts)) found.file(id, toContactRecord(c, fetchedAt));
      });
    }
    return found.byKey;
  };
}
