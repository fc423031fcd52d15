import type { CallOptions } from '../model/index.js';
import type { ArgsOf, OperationName, ResultOf, SiloContracts, SiloOperations } from './silo-operations.js';
import type { SiloCallOptions } from './silo-stage.js';

/** Sends one call of an operation down the chain built for it. */
export type Runner = <K extends OperationName>(operation: K, args: ArgsOf<SiloOperations[K]>, opts: CallOptions | undefined) => Promise<ResultOf<SiloOperations[K]>>;

/** Each contract interface rebuilt over a runner: every call it declares goes to the runner (tsc fails on one left out). */
const ROUTES: { readonly [I in keyof SiloContracts]: (connector: SiloContracts[I], run: Runner) => SiloContracts[I] } = {
  contacts: (connector, run) => ({
    source: connector.source,
    system: connector.system,
    supports: (key) => connector.supports(key),
    holdsUniquely: (key) => connector.holdsUniquely?.(key) ?? false,
    getContacts: (ids, opts) => run('getContacts', [ids], opts),
    findContacts: (keys, opts) => run('findContacts', [keys], opts),
    listContacts: (window, opts) => run('listContacts', [window], opts),
  }),
  orders: (_connector, run) => ({
    ordersFor: (ids, window, opts) => run('ordersFor', [ids, window], opts),
    getOrder: (id, opts) => run('getOrder', [id], opts),
  }),
  pos: (_connector, run) => ({
    transactionsFor: (ids, window, opts) => run('transactionsFor', [ids, window], opts),
    getTransaction: (id, opts) => run('getTransaction', [id], opts),
  }),
  tickets: (_connector, run) => ({
    ticketsFor: (ids, window, opts) => run('ticketsFor', [ids, window], opts),
    getTicket: (id, opts) => run('getTicket', [id], opts),
  }),
  feedback: (_connector, run) => ({
    npsAnswersFor: (ids, opts) => run('npsAnswersFor', [ids], opts),
  }),
  crmHistory: (_connector, run) => ({
    crmHistoryFor: (ids, opts) => run('crmHistoryFor', [ids], opts),
  }),
  privacy: (connector, run) => ({
    source: connector.source,
    eraseRecord: (id, opts) => run('eraseRecord', [id], opts),
    recordPresence: (id, opts) => run('recordPresence', [id], opts),
    writeEmailConsent: (record, decision, opts) => run('writeEmailConsent', [record, decision], opts),
  }),
};

/** The connector as its contract interface `kind` with every call sent to `run`; what is not a call (source, supports, holdsUniquely…) is the connector's. */
export function routeCalls<I extends keyof SiloContracts>(kind: I, connector: SiloContracts[I], run: Runner): SiloContracts[I] {
  return ROUTES[kind](connector, run);
}

/** Calls the connector's own method for the operation, with the caller's options only (the stages' fields stay behind). */
export function invokeConnector<K extends OperationName>(connector: object, operation: K, args: ArgsOf<SiloOperations[K]>, options: SiloCallOptions) {
  const { request: _request, onCache: _onCache, offline: _offline, fresh: _fresh, ...upstream } = options;
  // `operation` is a contract method of this connector: `routeCalls` sends only the calls of the connector's interface.
  const method = (connector as Record<K, (...params: unknown[]) => Promise<ResultOf<SiloOperations[K]>>>)[operation];
  return method.call(connector, ...args, upstream);
}
