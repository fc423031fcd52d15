import { lookupKeyId, SOURCES, type CallOptions, type ContactConnector, type ContactRecord, type ListWindow, type LookupKey, type Page, type Source, type TicketStatus } from '../model/index.js';
import type { Silos } from '../silos/index.js';
import type { CacheCallOptions } from './call-options.js';
import { depKey } from './entry.js';
import { createReadThrough, type ReadThrough } from './read-through.js';
import type { RecordCache } from './record-cache.js';

type FacetWindow = ListWindow & { status?: TicketStatus | null };
type FacetFetch<T> = (ids: readonly string[], window: FacetWindow, opts?: CallOptions) => Promise<Map<string, Page<T>>>;
type ItemGet<T> = (id: string, opts?: CallOptions) => Promise<T | null>;

/** The same object with some methods replaced; everything else (vendor extras included) passes through. */
function decorate<T extends object>(target: T, overrides: Partial<T>): T {
  return new Proxy(target, { get: (t, prop, receiver) => (prop in overrides ? overrides[prop as keyof T] : Reflect.get(t, prop, receiver)) });
}

const cachedBySilos = new WeakMap<Silos, ReadonlySet<Source>>();

/** The silos whose reads `cacheSilos` put behind the cache (those that can answer without asking the silo). */
export function cachedSources(silos: Silos): ReadonlySet<Source> {
  return cachedBySilos.get(silos) ?? new Set();
}

const windowId = (w: FacetWindow) => `${w.first}|${w.after ?? ''}|${w.status ?? ''}`;

function contacts(connector: ContactConnector, cache: RecordCache, engine: ReadThrough): ContactConnector {
  const source = connector.source;
  return decorate(connector, {
    async getContacts(ids: readonly string[], opts?: CacheCallOptions) {
      const found = await engine.run<ContactRecord | null>({
        source, scope: 'r', ids,
        get: (wanted) => cache.entries(source, 'r', wanted),
        async fetch(wanted, call) {
          const got = await connector.getContacts(wanted, call);
          // An id the silo does not know is remembered as absent too.
          return new Map(wanted.map((id) => [id, got.get(id) ?? null]));
        },
        put: (stamp, values) => cache.put(source, stamp, 'r', [...values].map(([id, value]) => ({ id, value, deps: [depKey(source, id)] }))),
      }, opts);
      return new Map([...found].filter((e): e is [string, ContactRecord] => e[1] !== null));
    },
    async findContacts(keys: readonly LookupKey[], opts?: CacheCallOptions) {
      const byId = new Map(keys.map((k) => [lookupKeyId(k), k]));
      return engine.run<ContactRecord[]>({
        source, scope: 'k', ids: [...byId.keys()],
        async get(wanted) {
          const lists = await cache.lists<null>(source, 'k', wanted);
          return new Map([...lists].map(([id, l]) => [id, { value: l.value.records, stale: l.stale }]));
        },
        fetch: (wanted, call) => connector.findContacts(wanted.map((id) => byId.get(id) as LookupKey), call),
        put: (stamp, values) => cache.putLists(source, stamp, 'k', [...values].map(([id, records]) => ({ id, records, extra: null }))),
      }, opts);
    },
    async listContacts(window: ListWindow, opts?: CacheCallOptions) {
      const id = `${window.first}|${window.after ?? ''}`;
      type Rest = Omit<Page<ContactRecord>, 'items'>;
      const found = await engine.run<Page<ContactRecord>>({
        source, scope: 'l', ids: [id],
        async get(wanted) {
          const lists = await cache.lists<Rest>(source, 'l', wanted);
          return new Map([...lists].map(([key, l]) => [key, { value: { items: l.value.records, ...l.value.extra }, stale: l.stale }]));
        },
        fetch: async (_wanted, call) => new Map([[id, await connector.listContacts(window, call)]]),
        put: (stamp, values) => cache.putLists(source, stamp, 'l', [...values].map(([key, p]) => ({ id: key, records: p.items, extra: { next: p.next, totalCount: p.totalCount } }))),
      }, opts);
      return found.get(id) as Page<ContactRecord>;
    },
  });
}

function facet<T extends { provenance: { recordId: string } }>(source: Source, cache: RecordCache, engine: ReadThrough, fetchFor: FacetFetch<T>): FacetFetch<T> {
  return (ids, window, opts?: CacheCallOptions) => {
    const w = windowId(window);
    return engine.run<Page<T>>({
      source, scope: `f|${w}`, ids,
      async get(wanted) {
        const pages = await cache.entries<Page<T>>(source, 'f', wanted.map((id) => `${id}|${w}`));
        return new Map(wanted.flatMap((id) => {
          const page = pages.get(`${id}|${w}`);
          return page ? [[id, page] as const] : [];
        }));
      },
      fetch: (wanted, call) => fetchFor(wanted, window, call),
      put: (stamp, values) => cache.put(source, stamp, 'f', [...values].map(([id, page]) => ({
        id: `${id}|${w}`,
        value: page,
        // Dropped when the customer record changes, or any order, sale or ticket on the page does.
        deps: [depKey(source, id), ...page.items.map((item) => depKey(source, item.provenance.recordId))],
      }))),
    }, opts);
  };
}

function item<T>(source: Source, cache: RecordCache, engine: ReadThrough, getOne: ItemGet<T>): ItemGet<T> {
  return async (id, opts?: CacheCallOptions) => {
    const found = await engine.run<T | null>({
      source, scope: 'o', ids: [id],
      get: (wanted) => cache.entries<T | null>(source, 'o', wanted),
      fetch: async (_wanted, call) => new Map([[id, await getOne(id, call)]]),
      put: (stamp, values) => cache.put(source, stamp, 'o', [...values].map(([key, value]) => ({ id: key, value, deps: [depKey(source, key)] }))),
    }, opts);
    return found.get(id) ?? null;
  };
}

/**
 * Wraps every connector method so reads go through the record cache: connectors never know. A silo whose
 * lifetime is 0 is returned as it is (no caching, no shared in-flight reads).
 */
export function cacheSilos(silos: Silos, cache: RecordCache, options: { refreshBudgetMs?: number; onError?: (error: Error) => void } = {}): Silos {
  const engine = createReadThrough(cache, { refreshBudgetMs: options.refreshBudgetMs ?? 10_000, ...(options.onError ? { onError: options.onError } : {}) });
  const on = (source: Source) => cache.enabled(source);
  const { orders, pos, tickets } = silos;
  const cached: Silos = {
    contacts: Object.fromEntries(SOURCES.map((s) => [s, on(s) ? contacts(silos.contacts[s], cache, engine) : silos.contacts[s]])) as Silos['contacts'],
    orders: !on('ECOMMERCE') ? orders : decorate(orders, {
      ordersFor: facet('ECOMMERCE', cache, engine, orders.ordersFor.bind(orders)),
      getOrder: item('ECOMMERCE', cache, engine, orders.getOrder.bind(orders)),
    }),
    pos: !on('POS') ? pos : decorate(pos, {
      transactionsFor: facet('POS', cache, engine, pos.transactionsFor.bind(pos)),
      getTransaction: item('POS', cache, engine, pos.getTransaction.bind(pos)),
    }),
    tickets: !on('SUPPORT') ? tickets : decorate(tickets, {
      ticketsFor: facet('SUPPORT', cache, engine, tickets.ticketsFor.bind(tickets)),
      getTicket: item('SUPPORT', cache, engine, tickets.getTicket.bind(tickets)),
    }),
  };
  cachedBySilos.set(cached, new Set(SOURCES.filter(on)));
  return cached;
}
