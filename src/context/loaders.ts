import type { Context } from '@opentelemetry/api';
import DataLoader from 'dataloader';
import {
  isSourceError,
  lookupKeyId,
  SOURCES,
  SourceUnavailable,
  type CallOptions,
  type ContactRecord,
  type CrmPropertyChange,
  type ListWindow,
  type LookupKey,
  type NpsAnswer,
  type Order,
  type Page,
  type PosTransaction,
  type Silos,
  type Source,
  type Ticket,
  type TicketStatus,
} from '../model/index.js';
import type { ContactLookup } from '../identity/index.js';
import { createRequestScope, type CallBudget, type SiloCallOptions } from '../silos/index.js';
import type { SourceTracker } from './source-status.js';

/** A per-customer list request: whose, and how much. */
export interface FacetKey {
  recordId: string;
  first: number;
  status?: TicketStatus | null;
  /** Only records created at or before this instant (the timeline's bound, see `ListWindow.createdAtOrBefore`). */
  createdAtOrBefore?: string | null;
}

/** The per-request batching layer: one DataLoader per silo and method. */
export interface Loaders {
  contacts: ContactLookup;
  list(source: Source, window: ListWindow): Promise<Page<ContactRecord>>;
  /** Any other call to a silo, under the same budget, tracking and fail-fast rule as the loaders: `fn` passes `call` on. */
  call<T>(fn: (call: CallOptions) => Promise<T>): Promise<T>;
  orders: DataLoader<FacetKey, Page<Order>, string>;
  pos: DataLoader<FacetKey, Page<PosTransaction>, string>;
  tickets: DataLoader<FacetKey, Page<Ticket>, string>;
  /** Every NPS answer of a CRM contact, newest first: all contacts asked in one tick go in one batched read. */
  nps: DataLoader<string, NpsAnswer[]>;
  /** The lifecycle-stage and email-consent changes of a CRM contact, newest first: one batched read per tick. */
  crmHistory: DataLoader<string, CrmPropertyChange[]>;
}

const facetKeyId = (k: FacetKey) => `${k.recordId}|${k.first}|${k.status ?? ''}|${k.createdAtOrBefore ?? ''}`;

/** The keys one read can answer together: the same status filter and the same bound. */
const filterOf = (k: FacetKey) => `${k.status ?? ''}|${k.createdAtOrBefore ?? ''}`;
const UNFILTERED = '|';

/** The window a facet key asks the silo for (the bound only when there is one, so unbounded reads stay as they were). */
const windowOfKey = (k: FacetKey): ListWindow => ({ first: k.first, ...(k.createdAtOrBefore ? { createdAtOrBefore: k.createdAtOrBefore } : {}) });

/** Throws the first silo failure among DataLoader results, else returns them as a map. */
function settle<K, V>(keys: readonly K[], values: (V | Error)[], keyOf: (k: K) => string): Map<string, V> {
  const out = new Map<string, V>();
  values.forEach((value, i) => {
    if (value instanceof Error) throw value;
    out.set(keyOf(keys[i] as K), value);
  });
  return out;
}

/**
 * The `next` of a page cut from a longer read of the same list, when the read holds more than the window: the loaders
 * always read a list from its start and never resume a cursor, so `next` only says that more items follow.
 */
const MORE_BEYOND_WINDOW = 'more-beyond-window';

/** The first `first` items of a page read from the start of the same list. */
function windowOf<T>(page: Page<T>, first: number): Page<T> {
  if (page.items.length <= first) return page;
  return { items: page.items.slice(0, first), next: page.next ?? MORE_BEYOND_WINDOW, totalCount: page.totalCount };
}

const EMPTY_PAGE = { items: [], next: null, totalCount: 0 };

/**
 * Calls `fetch` once per distinct filter among the keys, all records in one batch, with the largest window asked for
 * it: a smaller window of the same list (the agent view's five orders beside insights' every order) is cut from that
 * read instead of costing one of its own. Where `statusOf` tells an item's status, a status-filtered list (the agent
 * view's open tickets) of a record whose unfiltered list was read whole in the same batch is filtered from that read.
 * A bounded list (the timeline's, `createdAtOrBefore`) is a filter of its own: read apart, batched with its likes.
 */
function facetLoader<T>(
  fetch: (ids: string[], window: FacetKey) => Promise<Map<string, Page<T>>>,
  statusOf?: (item: T) => TicketStatus,
): DataLoader<FacetKey, Page<T>, string> {
  return new DataLoader<FacetKey, Page<T>, string>(
    async (keys) => {
      const windows = new Map<string, FacetKey[]>();
      for (const k of keys) {
        const w = filterOf(k);
        windows.set(w, [...(windows.get(w) ?? []), k]);
      }
      const results = new Map<string, Page<T> | Error>();
      const whole = new Map<string, T[]>();
      const read = async (group: FacetKey[]) => {
        const widest = group.reduce((a, b) => (b.first > a.first ? b : a));
        try {
          const pages = await fetch([...new Set(group.map((k) => k.recordId))], widest);
          for (const k of group) {
            const page = pages.get(k.recordId) ?? EMPTY_PAGE;
            if (filterOf(k) === UNFILTERED && page.next === null) whole.set(k.recordId, page.items);
            results.set(facetKeyId(k), windowOf(page, k.first));
          }
        } catch (error) {
          for (const k of group) results.set(facetKeyId(k), error as Error);
        }
      };
      const unfiltered = windows.get(UNFILTERED);
      windows.delete(UNFILTERED);
      if (unfiltered && statusOf) await read(unfiltered);
      await Promise.all([
        ...(unfiltered && !statusOf ? [read(unfiltered)] : []),
        ...[...windows.values()].map(async (group) => {
          const rest: FacetKey[] = [];
          for (const k of group) {
            const items = k.createdAtOrBefore ? undefined : whole.get(k.recordId)?.filter((item) => statusOf?.(item) === k.status);
            if (items) results.set(facetKeyId(k), windowOf({ items, next: null, totalCount: items.length }, k.first));
            else rest.push(k);
          }
          if (rest.length > 0) await read(rest);
        }),
      ]);
      return keys.map((k) => results.get(facetKeyId(k)) as Page<T> | Error);
    },
    { cacheKeyFn: facetKeyId },
  );
}

/**
 * A loader of every item of each CRM contact from a per-contact read (`npsAnswersFor`, `crmHistoryFor`): the ids asked
 * in one tick go in one read; without the source configured, the CRM is unavailable (a gap, never an empty list).
 */
function perContactLoader<S, T>(source: S | undefined, missing: string, read: (source: S, ids: readonly string[]) => Promise<Map<string, T[]>>) {
  return new DataLoader<string, T[]>(async (ids) => {
    if (!source) throw new SourceUnavailable('CRM', missing);
    const found = await read(source, ids);
    return ids.map((id) => found.get(id) ?? []);
  });
}

/**
 * Creates the loaders of one request over the silo pipeline. Every silo call names the request, so the pipeline's
 * tracker stage records it, gives it at most `siloTimeoutMs` inside the request's deadline, and once a silo has
 * timed out or dropped the connection in this request, asks it nothing more instead of spending the rest of the
 * deadline again: the record cache (when the path has one) still answers from what it holds, anything else fails at once.
 */
export function createLoaders(silos: Silos, tracker: SourceTracker, budget: CallBudget, trace?: Context): Loaders {
  const request: SiloCallOptions = { request: createRequestScope(tracker, budget, trace) };
  const byId = new Map<Source, DataLoader<string, ContactRecord | null>>();
  const byKey = new Map<Source, DataLoader<LookupKey, ContactRecord[], string>>();
  // Look-ups past the record cache (`fresh`), for answers that must not depend on what other requests read.
  const byKeyFresh = new Map<Source, DataLoader<LookupKey, ContactRecord[], string>>();
  const fresh: SiloCallOptions = { ...request, fresh: true };
  for (const source of SOURCES) {
    const connector = silos.contacts[source];
    byId.set(source, new DataLoader(async (ids) => {
      const found = await connector.getContacts(ids, request);
      return ids.map((id) => found.get(id) ?? null);
    }, { maxBatchSize: 500 }));
    for (const [loaders, options] of [[byKey, request], [byKeyFresh, fresh]] as const) {
      loaders.set(source, new DataLoader(async (keys) => {
        const found = await connector.findContacts(keys, options);
        return keys.map((k) => found.get(lookupKeyId(k)) ?? []);
      }, { cacheKeyFn: lookupKeyId, maxBatchSize: 500 }));
    }
  }

  const contacts: ContactLookup = {
    supports: (source, key) => silos.contacts[source].supports(key),
    holdsUniquely: (source, key) => silos.contacts[source].holdsUniquely?.(key) ?? false,
    async byIds(source, ids) {
      const values = await (byId.get(source) as DataLoader<string, ContactRecord | null>).loadMany(ids);
      const found = settle(ids, values, (id) => id);
      return new Map([...found].filter((e): e is [string, ContactRecord] => e[1] !== null));
    },
    async byKeys(source, keys, options) {
      // Keys a silo cannot search are answered empty without asking it (and without counting as a call).
      const searchable = keys.filter((k) => silos.contacts[source].supports(k));
      const loader = (options?.fresh ? byKeyFresh : byKey).get(source) as DataLoader<LookupKey, ContactRecord[], string>;
      const values = searchable.length ? await loader.loadMany(searchable) : [];
      const found = settle(searchable, values, lookupKeyId);
      for (const k of keys) if (!found.has(lookupKeyId(k))) found.set(lookupKeyId(k), []);
      return found;
    },
  };

  return {
    contacts,
    list: (source, window) => silos.contacts[source].listContacts(window, request),
    call: (fn) => fn(request),
    orders: facetLoader((ids, w) => silos.orders.ordersFor(ids, windowOfKey(w), request)),
    pos: facetLoader((ids, w) => silos.pos.transactionsFor(ids, windowOfKey(w), request)),
    tickets: facetLoader((ids, w) => silos.tickets.ticketsFor(ids, { ...windowOfKey(w), status: w.status ?? null }, request), (t) => t.status),
    nps: perContactLoader(silos.feedback, 'no feedback source is configured', (feedback, ids) => feedback.npsAnswersFor(ids, request)),
    crmHistory: perContactLoader(silos.crmHistory, 'no CRM history source is configured', (history, ids) => history.crmHistoryFor(ids, request)),
  };
}

/** Determines if an error is a silo failure that should null one field rather than fail the request. */
export const isSiloFailure = isSourceError;
