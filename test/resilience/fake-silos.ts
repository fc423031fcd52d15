import {
  SOURCES,
  type CallOptions,
  type ContactConnector,
  type CrmHistorySource,
  type FeedbackSource,
  type OrderSource,
  type PosSource,
  type Silos,
  type Source,
  type System,
  type TicketSource,
} from '../../src/model/index.js';
import type { GuardOptions } from '../../src/resilience/index.js';
import { createSiloPipeline } from '../../src/silos/index.js';

const SYSTEM: Record<Source, System> = { CRM: 'hubspot', ECOMMERCE: 'shopify', SUPPORT: 'zendesk', POS: 'square' };

/** What a fake silo does when called: resolve (it answered) or throw (it failed). */
export type Behaviour = (opts: CallOptions | undefined) => Promise<void>;

/** Silos that answer empty results, count every call that reaches them and do what `behave` says. */
export interface FakeSilos {
  silos: Silos;
  calls: Record<Source, number>;
  /** The options the last call of each silo arrived with. */
  lastOptions: Partial<Record<Source, CallOptions | undefined>>;
  behave(source: Source, behaviour: Behaviour): void;
}

/** Creates counting fake connectors for the four silos: the guard is what is under test, not a connector. */
export function fakeSilos(): FakeSilos {
  const calls = Object.fromEntries(SOURCES.map((s) => [s, 0])) as Record<Source, number>;
  const lastOptions: FakeSilos['lastOptions'] = {};
  const behaviours = new Map<Source, Behaviour>();
  const hit = async (source: Source, opts: CallOptions | undefined) => {
    calls[source] += 1;
    lastOptions[source] = opts;
    await (behaviours.get(source) ?? (async () => {}))(opts);
  };
  const connector = (source: Source): ContactConnector & OrderSource & PosSource & TicketSource & FeedbackSource & CrmHistorySource => ({
    source,
    system: SYSTEM[source],
    supports: () => true,
    getContacts: async (_ids, opts) => (await hit(source, opts), new Map()),
    findContacts: async (_keys, opts) => (await hit(source, opts), new Map()),
    listContacts: async (_window, opts) => (await hit(source, opts), { items: [], next: null, totalCount: 0 }),
    ordersFor: async (_ids, _window, opts) => (await hit(source, opts), new Map()),
    getOrder: async (_id, opts) => (await hit(source, opts), null),
    transactionsFor: async (_ids, _window, opts) => (await hit(source, opts), new Map()),
    getTransaction: async (_id, opts) => (await hit(source, opts), null),
    ticketsFor: async (_ids, _window, opts) => (await hit(source, opts), new Map()),
    getTicket: async (_id, opts) => (await hit(source, opts), null),
    npsAnswersFor: async (_ids, opts) => (await hit(source, opts), new Map()),
    crmHistoryFor: async (_ids, opts) => (await hit(source, opts), new Map()),
  });
  const all = Object.fromEntries(SOURCES.map((s) => [s, connector(s)])) as Record<Source, ReturnType<typeof connector>>;
  return {
    silos: { contacts: all, orders: all.ECOMMERCE, pos: all.POS, tickets: all.SUPPORT, feedback: all.CRM, crmHistory: all.CRM },
    calls,
    lastOptions,
    behave: (source, behaviour) => behaviours.set(source, behaviour),
  };
}

/** A promise with its resolve and reject, to hold a fake call open. */
export function deferred(): { promise: Promise<void>; resolve(): void; reject(error: Error): void } {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** The silos behind the pipeline's guard stages (breaker, bulkhead) alone, with their circuits' states. */
export function guardSilos(silos: Silos, options: GuardOptions = {}) {
  const pipeline = createSiloPipeline(silos, { tracker: false, guard: options });
  return { ...pipeline.silos, breakerStates: pipeline.breakerStates };
}
