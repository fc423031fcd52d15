import DataLoader from 'dataloader';
import {
  isSourceError,
  lookupKeyId,
  SOURCES,
  SourceTimeout,
  SourceUnavailable,
  type CallOptions,
  type ContactRecord,
  type ListWindow,
  type LookupKey,
  type Order,
  type Page,
  type PosTransaction,
  type Silos,
  type Source,
  type SourceError,
  type Ticket,
  type TicketStatus,
} from '../model/index.js';
import { cachedSources, type CacheCallOptions } from '../cache/index.js';
import type { ContactLookup } from '../identity/index.js';
import type { SourceTracker } from './source-status.js';

/** A per-customer list request: whose, and how much. */
export interface FacetKey {
  recordId: string;
  first: number;
  status?: TicketStatus | null;
}

/** The per-request batching layer: one DataLoader per silo and method. */
export interface Loaders {
  contacts: ContactLookup;
  list(source: Source, window: ListWindow): Promise<Page<ContactRecord>>;
  /** Any other call to a silo, under the same budget, tracking and fail-fast rule as the loaders. */
  call<T>(source: Source, fn: (call: CacheCallOptions) => Promise<T>): Promise<T>;
  orders: DataLoader<FacetKey, Page<Order>, string>;
  pos: DataLoader<FacetKey, Page<PosTransaction>, string>;
  tickets: DataLoader<FacetKey, Page<Ticket>, string>;
}

const facetKeyId = (k: FacetKey) => `${k.recordId}|${k.first}|${k.status ?? ''}`;

/** Throws the first silo failure among DataLoader results, else returns them as a map. */
function settle<K, V>(keys: readonly K[], values: (V | Error)[], keyOf: (k: K) => string): Map<string, V> {
  const out = new Map<string, V>();
  values.forEach((value, i) => {
    if (value instanceof Error) throw value;
    out.set(keyOf(keys[i] as K), value);
  });
  return out;
}

/** Calls `fetch` once per distinct window among the keys, all records of a window in one batch. */
function facetLoader<T>(
  source: Source,
  track: <R>(source: Source, fn: (call: CacheCallOptions) => Promise<R>) => Promise<R>,
  fetch: (ids: string[], window: FacetKey, call: CallOptions) => Promise<Map<string, Page<T>>>,
): DataLoader<FacetKey, Page<T>, string> {
  return new DataLoader<FacetKey, Page<T>, string>(
    async (keys) => {
      const windows = new Map<string, FacetKey[]>();
      for (const k of keys) {
        const w = `${k.first}|${k.status ?? ''}`;
        windows.set(w, [...(windows.get(w) ?? []), k]);
      }
      const results = new Map<string, Page<T> | Error>();
      await Promise.all(
        [...windows.values()].map(async (group) => {
          const window = group[0] as FacetKey;
          try {
            const pages = await track(source, (call) => fetch(group.map((k) => k.recordId), window, call));
            for (const k of group) results.set(facetKeyId(k), pages.get(k.recordId) ?? { items: [], next: null, totalCount: 0 });
          } catch (error) {
            for (const k of group) results.set(facetKeyId(k), error as Error);
          }
        }),
      );
      return keys.map((k) => results.get(facetKeyId(k)) as Page<T> | Error);
    },
    { cacheKeyFn: facetKeyId },
  );
}

/** How long each silo call may take: the request's deadline, and a per-call cap inside it. */
export interface CallBudget {
  deadline: number;
  siloTimeoutMs: number;
}

/**
 * Creates the loaders of one request. Every silo call goes through the tracker, gets at most
 * `siloTimeoutMs` inside the request's deadline, and once a silo has timed out or dropped the connection
 * in this request, later calls to it ask it nothing more instead of spending the rest of the deadline again:
 * the record cache (when the silos have one) still answers from what it holds, anything else fails at once.
 */
export function createLoaders(silos: Silos, tracker: SourceTracker, budget: CallBudget): Loaders {
  const down = new Map<Source, SourceError>();
  const cached = cachedSources(silos);
  const track = <T>(source: Source, fn: (call: CacheCallOptions) => Promise<T>): Promise<T> =>
    tracker.track(source, async (onCache) => {
      const known = down.get(source);
      if (known && !cached.has(source)) throw known;
      // The cache answers what it holds and throws `offline` for the rest; the past deadline is a second guard.
      if (known) return fn({ deadline: 0, offline: known, onCache });
      try {
        return await fn({ deadline: Math.min(budget.deadline, Date.now() + budget.siloTimeoutMs), scope: budget, onCache });
      } catch (error) {
        if (error instanceof SourceTimeout || error instanceof SourceUnavailable) down.set(source, error);
        throw error;
      }
    });
  const byId = new Map<Source, DataLoader<string, ContactRecord | null>>();
  const byKey = new Map<Source, DataLoader<LookupKey, ContactRecord[], string>>();
  for (const source of SOURCES) {
    const connector = silos.contacts[source];
    byId.set(source, new DataLoader(async (ids) => {
      const found = await track(source, (call) => connector.getContacts(ids, call));
      return ids.map((id) => found.get(id) ?? null);
    }, { maxBatchSize: 500 }));
    byKey.set(source, new DataLoader(async (keys) => {
      const found = await track(source, (call) => connector.findContacts(keys, call));
      return keys.map((k) => found.get(lookupKeyId(k)) ?? []);
    }, { cacheKeyFn: lookupKeyId, maxBatchSize: 500 }));
  }

  const contacts: ContactLookup = {
    supports: (source, key) => silos.contacts[source].supports(key),
    async byIds(source, ids) {
      const values = await (byId.get(source) as DataLoader<string, ContactRecord | null>).loadMany(ids);
      const found = settle(ids, values, (id) => id);
      return new Map([...found].filter((e): e is [string, ContactRecord] => e[1] !== null));
    },
    async byKeys(source, keys) {
      // Keys a silo cannot search are answered empty without asking it (and without counting as a call).
      const searchable = keys.filter((k) => silos.contacts[source].supports(k));
      const values = searchable.length ? await (byKey.get(source) as DataLoader<LookupKey, ContactRecord[], string>).loadMany(searchable) : [];
      const found = settle(searchable, values, lookupKeyId);
      for (const k of keys) if (!found.has(lookupKeyId(k))) found.set(lookupKeyId(k), []);
      return found;
    },
  };

  return {
    contacts,
    list: (source, window) => track(source, (call) => silos.contacts[source].listContacts(window, call)),
    call: track,
    orders: facetLoader('ECOMMERCE', track, (ids, w, call) => silos.orders.ordersFor(ids, { first: w.first }, call)),
    pos: facetLoader('POS', track, (ids, w, call) => silos.pos.transactionsFor(ids, { first: w.first }, call)),
    tickets: facetLoader('SUPPORT', track, (ids, w, call) => silos.tickets.ticketsFor(ids, { first: w.first, status: w.status ?? null }, call)),
  };
}

/** Determines if an error is a silo failure that should null one field rather than fail the request. */
export const isSiloFailure = isSourceError;
