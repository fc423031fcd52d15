import {
  lookupKeyId,
  SOURCES,
  SourceUnavailable,
  SYSTEM_OF,
  type CallOptions,
  type ContactConnector,
  type ContactRecord,
  type LookupKey,
  type CrmPropertyChange,
  type NpsAnswer,
  type Order,
  type Page,
  type PosTransaction,
  type Silos,
  type Source,
  type Ticket,
} from '../../src/model/index.js';
import { contact } from '../identity/records.js';

/** One upstream call a fake silo answered (or failed). */
export interface UpstreamCall {
  source: Source;
  method: string;
  ids: string[];
  /** The call options the silo was given (getContacts only). */
  opts?: CallOptions;
}

/** In-memory silos that count every call, can be held (to overlap calls) and can be made to fail. */
export interface FakeSilos {
  silos: Silos;
  calls: UpstreamCall[];
  /** Calls of one method of one silo. */
  callsOf(source: Source, method: string): UpstreamCall[];
  records: Record<Source, Map<string, ContactRecord>>;
  /** Orders (ECOMMERCE), sales (POS) and tickets (SUPPORT) by customer record id. */
  items: Record<Source, Map<string, (Order | PosTransaction | Ticket)[]>>;
  failing: Set<Source>;
  /** Holds every call until the returned function is called. */
  hold(): () => void;
}

const order = (source: Source, id: string, customer: string): Order => ({
  provenance: { source, system: SYSTEM_OF[source], recordId: id, updatedAt: null, fetchedAt: '2026-01-01T00:00:00.000Z' },
  customerRecordId: customer, name: `#${id}`, createdAt: '2026-01-01T00:00:00.000Z', financialStatus: 'PAID', fulfillmentStatus: null,
  cancelledAt: null, total: { minor: 1250, currency: 'USD' }, refunded: null, refunds: null, lineItems: [],
});

/** Creates the fakes: silo X holds records `X-1` … `X-n`, with emails `p<i>@example.com`, and two items per record. */
export function createFakeSilos(people = 5): FakeSilos {
  const calls: UpstreamCall[] = [];
  const failing = new Set<Source>();
  let gate: Promise<void> | null = null;
  const records = {} as FakeSilos['records'];
  const items = {} as FakeSilos['items'];
  for (const source of SOURCES) {
    records[source] = new Map();
    items[source] = new Map();
    for (let i = 1; i <= people; i++) {
      const id = `${source}-${i}`;
      records[source].set(id, contact(source, id, { fullName: `Person ${i}`, emails: [`p${i}@example.com`] }));
      items[source].set(id, [order(source, `${id}-a`, id), order(source, `${id}-b`, id)]);
    }
  }
  async function upstream<T>(source: Source, method: string, ids: string[], answer: () => T, opts?: CallOptions): Promise<T> {
    calls.push({ source, method, ids, ...(opts ? { opts } : {}) });
    if (gate) await gate;
    if (failing.has(source)) throw new SourceUnavailable(source, 'failed with HTTP 503');
    return answer();
  }
  const page = <T>(all: T[], first: number, after?: string | null): Page<T> => {
    const start = after ? Number(after) : 0;
    const end = start + first;
    return { items: all.slice(start, end), next: end < all.length ? String(end) : null, totalCount: all.length };
  };
  const contacts = (source: Source): ContactConnector => ({
    source,
    system: SYSTEM_OF[source],
    supports: (key: LookupKey) => key.kind === 'email',
    getContacts: (ids, opts) => upstream(source, 'getContacts', [...ids], () =>
      new Map(ids.flatMap((id) => (records[source].has(id) ? [[id, structuredClone(records[source].get(id) as ContactRecord)] as const] : []))), opts),
    findContacts: (keys) => upstream(source, 'findContacts', keys.map(lookupKeyId), () =>
      new Map(keys.map((k) => [lookupKeyId(k), [...records[source].values()].filter((r) => r.emails.includes(k.value)).map((r) => structuredClone(r))]))),
    listContacts: (window) => upstream(source, 'listContacts', [window.after ?? ''], () => page(structuredClone([...records[source].values()]), window.first, window.after)),
  });
  const facet = <T>(source: Source) => ({
    for: (ids: readonly string[], window: { first: number; after?: string | null }) => upstream(source, 'facet', [...ids], () =>
      new Map(ids.map((id) => [id, page(structuredClone(items[source].get(id) ?? []) as T[], window.first, window.after)]))),
    get: (id: string) => upstream(source, 'item', [id], () => (structuredClone([...items[source].values()].flat().find((o) => o.provenance.recordId === id) ?? null) as T | null)),
  });
  const orders = facet<Order>('ECOMMERCE');
  const pos = facet<PosTransaction>('POS');
  const tickets = facet<Ticket>('SUPPORT');
  // Each CRM contact answered the NPS survey once, scoring 9.
  const nps = (id: string): NpsAnswer[] => (records.CRM.has(id)
    ? [{ provenance: { source: 'CRM', system: 'hubspot', recordId: `${id}-nps`, updatedAt: null, fetchedAt: '2026-01-01T00:00:00.000Z' }, contactRecordId: id, score: 9, givenAt: '2026-01-01T00:00:00.000Z' }]
    : []);
  // Each CRM contact became a lead on its creation.
  const crmHistory = (id: string): CrmPropertyChange[] => (records.CRM.has(id) ? [{ property: 'LIFECYCLE_STAGE', value: 'lead', at: '2026-01-01T00:00:00.000Z', changedBy: 'FORM' }] : []);
  return {
    silos: {
      contacts: Object.fromEntries(SOURCES.map((s) => [s, contacts(s)])) as Silos['contacts'],
      orders: { ordersFor: orders.for, getOrder: orders.get },
      pos: { transactionsFor: pos.for, getTransaction: pos.get },
      tickets: { ticketsFor: tickets.for, getTicket: tickets.get },
      feedback: { npsAnswersFor: (ids) => upstream('CRM', 'nps', [...ids], () => new Map(ids.map((id) => [id, nps(id)]))) },
      crmHistory: { crmHistoryFor: (ids) => upstream('CRM', 'crm-history', [...ids], () => new Map(ids.map((id) => [id, crmHistory(id)]))) },
    },
    calls,
    callsOf: (source, method) => calls.filter((c) => c.source === source && c.method === method),
    records,
    items,
    failing,
    hold() {
      let release = () => {};
      gate = new Promise<void>((resolve) => {
        release = () => {
          gate = null;
          resolve();
        };
      });
      return release;
    },
  };
}
