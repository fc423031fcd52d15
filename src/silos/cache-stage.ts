import { depKey, type CacheLayer } from '../cache/index.js';
import { lookupKeyId, type CallOptions, type ContactRecord, type CrmPropertyChange, type ListWindow, type LookupKey, type NpsAnswer, type Page, type TicketStatus } from '../model/index.js';
import type { CachePlan, SiloStage, Step } from './silo-stage.js';
import type { SiloOperations } from './silo-operations.js';

type FacetWindow = ListWindow & { status?: TicketStatus | null };
type FacetFetch<T> = (ids: readonly string[], window: FacetWindow, opts?: CallOptions) => Promise<Map<string, Page<T>>>;
type ItemGet<T> = (id: string, opts?: CallOptions) => Promise<T | null>;

// `createdAtOrBefore` bounds the list: pages of two bounds are two entries.
const windowId = (w: FacetWindow) => `${w.first}|${w.after ?? ''}|${w.status ?? ''}|${w.createdAtOrBefore ?? ''}`;

/**
 * Creates the record cache stage: for each operation, the plan the pipeline declares for it (below), on the silos
 * whose lifetime is not 0; `live` operations and silos with lifetime 0 pass untouched (no caching, no shared reads).
 */
export function createCacheStage(layer: CacheLayer): SiloStage {
  return {
    name: 'cache',
    step: ({ source, plan }) => (plan.cache === 'live' || !layer.records.enabled(source) ? undefined : plan.cache(source, layer.records, layer.reads)),
  };
}

/** Contacts by id: each record its own entry; an id the silo does not know is remembered as absent. */
export const cachedRecords: CachePlan<SiloOperations['getContacts']> = (source, cache, reads) => async ({ args: [ids], options }, next) => {
  const found = await reads.run<ContactRecord | null>({
    source, scope: 'r', ids,
    get: (wanted) => cache.entries(source, 'r', wanted),
    async fetch(wanted, call) {
      const got = await next({ args: [wanted], options: call });
      return new Map(wanted.map((id) => [id, got.get(id) ?? null]));
    },
    put: (stamp, values) => cache.put(source, stamp, 'r', [...values].map(([id, value]) => ({ id, value, deps: [depKey(source, id)] }))),
  }, options);
  return new Map([...found].filter((e): e is [string, ContactRecord] => e[1] !== null));
};

/** Look-ups by key: the ids of the records found, each record in its own entry (filed under a keyed digest). */
export const cachedLookups: CachePlan<SiloOperations['findContacts']> = (source, cache, reads) => async ({ args: [keys], options }, next) => {
  const byId = new Map(keys.map((k) => [lookupKeyId(k), k]));
  return reads.run<ContactRecord[]>({
    source, scope: 'k', ids: [...byId.keys()],
    async get(wanted) {
      const lists = await cache.lists<null>(source, 'k', wanted);
      return new Map([...lists].map(([id, l]) => [id, { value: l.value.records, stale: l.stale }]));
    },
    fetch: (wanted, call) => next({ args: [wanted.map((id) => byId.get(id) as LookupKey)], options: call }),
    put: (stamp, values) => cache.putLists(source, stamp, 'k', [...values].map(([id, records]) => ({ id, records, extra: null }))),
  }, options);
};

/** Contact list pages by window: the records' ids, the cursor and the count. */
export const cachedContactPages: CachePlan<SiloOperations['listContacts']> = (source, cache, reads) => async ({ args: [window], options }, next) => {
  const id = `${window.first}|${window.after ?? ''}`;
  type Rest = Omit<Page<ContactRecord>, 'items'>;
  const found = await reads.run<Page<ContactRecord>>({
    source, scope: 'l', ids: [id],
    async get(wanted) {
      const lists = await cache.lists<Rest>(source, 'l', wanted);
      return new Map([...lists].map(([key, l]) => [key, { value: { items: l.value.records, ...l.value.extra }, stale: l.stale }]));
    },
    fetch: async (_wanted, call) => new Map([[id, await next({ args: [window], options: call })]]),
    put: (stamp, values) => cache.putLists(source, stamp, 'l', [...values].map(([key, p]) => ({ id: key, records: p.items, extra: { next: p.next, totalCount: p.totalCount } }))),
  }, options);
  return found.get(id) as Page<ContactRecord>;
};

type PerContact<T> = (ids: readonly string[], opts?: CallOptions) => Promise<Map<string, T[]>>;

/**
 * A per-contact list (every item of each contact, no window) as one facet entry per contact under `${id}|${name}`,
 * dropped when the contact or one of the records `itemDeps` names changes.
 */
function cachedPerContact<T>(name: string, itemDeps: (item: T) => readonly string[]) {
  return (...[source, cache, reads]: Parameters<CachePlan<PerContact<T>>>): Step<PerContact<T>> => ({ args: [ids], options }, next) =>
    reads.run<T[]>({
      source, scope: `f|${name}`, ids,
      async get(wanted) {
        const found = await cache.entries<T[]>(source, 'f', wanted.map((id) => `${id}|${name}`));
        return new Map(wanted.flatMap((id) => {
          const items = found.get(`${id}|${name}`);
          return items ? [[id, items] as const] : [];
        }));
      },
      fetch: (wanted, call) => next({ args: [wanted], options: call }),
      put: (stamp, values) => cache.put(source, stamp, 'f', [...values].map(([id, items]) => ({
        id: `${id}|${name}`,
        value: items,
        deps: [depKey(source, id), ...items.flatMap((item) => itemDeps(item).map((recordId) => depKey(source, recordId)))],
      }))),
    }, options);
}

/** NPS answers of contacts: a facet entry per contact, dropped when the contact or one of its answers changes. */
export const cachedNpsAnswers: CachePlan<SiloOperations['npsAnswersFor']> = cachedPerContact<NpsAnswer>('nps', (a) => [a.provenance.recordId]);

/** CRM history of contacts: a facet entry per contact, part of the contact, so dropped when the contact changes. */
export const cachedCrmHistory: CachePlan<SiloOperations['crmHistoryFor']> = cachedPerContact<CrmPropertyChange>('crm-history', () => []);

/** Orders, sales or tickets of customers by window: a page per customer, dropped when the customer or an item changes. */
export function cachedFacetPages<T extends { provenance: { recordId: string } }>(...[source, cache, reads]: Parameters<CachePlan<FacetFetch<T>>>): Step<FacetFetch<T>> {
  return ({ args: [ids, window], options }, next) => {
    const w = windowId(window);
    return reads.run<Page<T>>({
      source, scope: `f|${w}`, ids,
      async get(wanted) {
        const pages = await cache.entries<Page<T>>(source, 'f', wanted.map((id) => `${id}|${w}`));
        return new Map(wanted.flatMap((id) => {
          const page = pages.get(`${id}|${w}`);
          return page ? [[id, page] as const] : [];
        }));
      },
      fetch: (wanted, call) => next({ args: [wanted, window], options: call }),
      put: (stamp, values) => cache.put(source, stamp, 'f', [...values].map(([id, page]) => ({
        id: `${id}|${w}`,
        value: page,
        deps: [depKey(source, id), ...page.items.map((item) => depKey(source, item.provenance.recordId))],
      }))),
    }, options);
  };
}

/** A single order, sale or ticket by id (absent ones remembered as null). */
export function cachedItem<T>(...[source, cache, reads]: Parameters<CachePlan<ItemGet<T>>>): Step<ItemGet<T>> {
  return async ({ args: [id], options }, next) => {
    const found = await reads.run<T | null>({
      source, scope: 'o', ids: [id],
      get: (wanted) => cache.entries<T | null>(source, 'o', wanted),
      fetch: async (_wanted, call) => new Map([[id, await next({ args: [id], options: call })]]),
      put: (stamp, values) => cache.put(source, stamp, 'o', [...values].map(([key, value]) => ({ id: key, value, deps: [depKey(source, key)] }))),
    }, options);
    return found.get(id) ?? null;
  };
}
