import type { CallOptions } from '../../connectors/shared/index.js';
import type { CacheLayer } from '../cache/index.js';
import { SOURCES, type Source } from '../model/index.js';
import type { BreakerState, GuardOptions } from '../resilience/index.js';
import { cachedContactPages, cachedFacetPages, cachedItem, cachedLookups, cachedRecords, createCacheStage } from './cache-stage.js';
import { createGuardStages } from './guard-stages.js';
import type { ArgsOf, OperationName, ResultOf, SiloContracts, SiloOperations } from './silo-operations.js';
import type { Next, OperationTable, SiloCallOptions, SiloStage, StageName, StageTiming, Step } from './silo-stage.js';
import type { PrivacySilos, Silos } from './silos.js';
import { createTrackerStage } from './tracker-stage.js';

/**
 * The silo-call path: every call of the connector contract passes these stages, in this order, then its connector,
 * whose HTTP client sends each attempt under the silo's retry and request budgets (`createSiloBudgets`, given to
 * `createSilos`):
 *
 *   request tracker → record cache → circuit breaker → bulkhead → connector → vendor API
 */
export const STAGES = ['tracker', 'cache', 'breaker', 'bulkhead'] as const satisfies readonly StageName[];

/** The paths a call can take: the chain above, less the stages a path skips. */
export const PATHS = {
  /** What GraphQL requests read: through the record cache. */
  gateway: { skips: [] },
  /** Privacy operations (exports, erasure and its read-back, consent writes) act on what the silo holds now. */
  live: { skips: ['cache'] },
} as const satisfies Record<string, { skips: readonly StageName[] }>;

/** A path of `PATHS`. */
export type PathName = keyof typeof PATHS;

/** What each stage does with each operation of the contract; an operation left out fails the type check. */
export const OPERATIONS: OperationTable = {
  getContacts: { priority: 'interactive', cache: cachedRecords },
  findContacts: { priority: 'interactive', cache: cachedLookups },
  // Listing every record is what BI crawls do: it yields to interactive calls unless the caller says otherwise.
  listContacts: { priority: 'bulk', cache: cachedContactPages },
  ordersFor: { priority: 'interactive', cache: cachedFacetPages },
  getOrder: { priority: 'interactive', cache: cachedItem },
  transactionsFor: { priority: 'interactive', cache: cachedFacetPages },
  getTransaction: { priority: 'interactive', cache: cachedItem },
  ticketsFor: { priority: 'interactive', cache: cachedFacetPages },
  getTicket: { priority: 'interactive', cache: cachedItem },
  // Data-subject operations: writes, and the read-back of what a vendor still holds. Never from a cache.
  eraseRecord: { priority: 'interactive', cache: 'live' },
  recordPresence: { priority: 'interactive', cache: 'live' },
  writeEmailConsent: { priority: 'interactive', cache: 'live' },
};

/** The connectors the pipeline puts its stages in front of; `privacy` is needed for the live path's data-subject operations. */
export type SiloConnectors = Silos & { privacy?: PrivacySilos };

/** Which stages run (a stage left out is skipped on every path), and who hears each stage's timing. */
export interface SiloPipelineOptions {
  /** The request tracker: on unless `false` (test rigs of the cache alone). */
  tracker?: boolean;
  /** The record cache; without it nothing is cached. */
  cache?: CacheLayer;
  /** Breakers and bulkheads; without them calls reach the connectors unguarded (test rigs only). */
  guard?: GuardOptions;
  /** Told, after each call, how long it spent in each stage itself (`silo_stage_duration_seconds`). */
  onStage?: (timing: StageTiming) => void;
}

/** The silos with the stages in front, on each path. */
export interface SiloPipeline<C extends SiloConnectors = SiloConnectors> {
  /** The gateway path. */
  silos: Silos;
  /** The live path, with the data-subject operations when the connectors have them. */
  live: Silos & (C extends { privacy: PrivacySilos } ? { privacy: PrivacySilos } : unknown);
  /** Each silo's circuit (all `closed` without a guard). */
  breakerStates(): Record<Source, BreakerState>;
}

// One call of an operation sent down the chain built for it.
type Runner = <K extends OperationName>(operation: K, args: ArgsOf<SiloOperations[K]>, opts: CallOptions | undefined) => Promise<ResultOf<SiloOperations[K]>>;

/** Each contract interface rebuilt over a runner: every call it declares goes down its chain (tsc fails on one left out). */
const THROUGH: { readonly [I in keyof SiloContracts]: (connector: SiloContracts[I], run: Runner) => SiloContracts[I] } = {
  contacts: (connector, run) => ({
    source: connector.source,
    system: connector.system,
    supports: (key) => connector.supports(key),
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
  privacy: (connector, run) => ({
    source: connector.source,
    eraseRecord: (id, opts) => run('eraseRecord', [id], opts),
    recordPresence: (id, opts) => run('recordPresence', [id], opts),
    writeEmailConsent: (record, decision, opts) => run('writeEmailConsent', [record, decision], opts),
  }),
};

/** Calls the connector's own method for the operation, with the caller's options only (the stages' fields stay behind). */
function invoke<K extends OperationName>(connector: object, operation: K, args: ArgsOf<SiloOperations[K]>, options: SiloCallOptions) {
  const { request: _request, onCache: _onCache, offline: _offline, ...upstream } = options;
  // `operation` is a contract method of this connector: THROUGH routes only the calls of the connector's interface.
  const method = (connector as Record<K, (...params: unknown[]) => Promise<ResultOf<SiloOperations[K]>>>)[operation];
  return method.call(connector, ...args, upstream);
}

type Observe = (stage: StageTiming['stage'], durationMs: number) => void;

/** `step` in front of `next`; with `observe`, each call reports the time it spent in the step itself, waits on `next` excluded. */
function link<F>(stage: StageName, step: Step<F>, next: Next<F>, observe: Observe | undefined): Next<F> {
  if (!observe) return (call) => step(call, next);
  return async (call) => {
    const started = performance.now();
    let waited = 0;
    let inFlight = 0;
    let since = 0;
    const timedNext: Next<F> = async (onward) => {
      if (inFlight++ === 0) since = performance.now();
      try {
        return await next(onward);
      } finally {
        if (--inFlight === 0) waited += performance.now() - since;
      }
    };
    try {
      return await step(call, timedNext);
    } finally {
      const ended = performance.now();
      // A call still running downstream when the step is done (a background refresh) is not the step's time either.
      observe(stage, ended - started - waited - (inFlight > 0 ? ended - since : 0));
    }
  };
}

/** The chain of one operation of one silo on one path, or undefined when no stage takes a step for it. */
function chain<K extends OperationName>(stages: readonly SiloStage[], source: Source, operation: K, connector: object, onStage: SiloPipelineOptions['onStage']) {
  type F = SiloOperations[K];
  const observe: Observe | undefined = onStage && ((stage, durationMs) => onStage({ source, stage, operation, durationMs }));
  let next: Next<F> = ({ args, options }) => invoke(connector, operation, args, options);
  if (observe) {
    const call = next;
    next = async (c) => {
      const started = performance.now();
      try {
        return await call(c);
      } finally {
        observe('connector', performance.now() - started);
      }
    };
  }
  const downstream: StageName[] = [];
  for (const stage of [...stages].reverse()) {
    const step = stage.step({ source, operation, plan: OPERATIONS[operation], downstream: [...downstream] });
    if (!step) continue;
    next = link(stage.name, step, next, observe);
    downstream.unshift(stage.name);
  }
  return downstream.length > 0 ? next : undefined;
}

const bySource = <T>(make: (source: Source) => T) => Object.fromEntries(SOURCES.map((source) => [source, make(source)])) as Record<Source, T>;

/**
 * Creates the silo-call pipeline over the connectors: the stages of `STAGES` that `options` asks for, composed for
 * every operation of every silo on both paths, sharing one breaker and bulkhead per silo. A connector that no stage
 * takes a step for is handed out as it is.
 */
export function createSiloPipeline<C extends SiloConnectors>(connectors: C, options: SiloPipelineOptions = {}): SiloPipeline<C> {
  const guard = options.guard ? createGuardStages(options.guard) : undefined;
  const stages: Readonly<Record<StageName, SiloStage | undefined>> = {
    tracker: options.tracker === false ? undefined : createTrackerStage(),
    cache: options.cache ? createCacheStage(options.cache) : undefined,
    breaker: guard?.breaker,
    bulkhead: guard?.bulkhead,
  };

  const route = (path: PathName) => {
    const skipped: readonly StageName[] = PATHS[path].skips;
    const on = STAGES.filter((name) => !skipped.includes(name)).flatMap((name) => stages[name] ?? []);
    return <I extends keyof SiloContracts>(kind: I, source: Source, connector: SiloContracts[I]): SiloContracts[I] => {
      const chains = new Map<OperationName, Next<SiloOperations[OperationName]>>();
      const run: Runner = (operation, args, opts) => {
        const next = chains.get(operation) as Next<SiloOperations[typeof operation]> | undefined;
        return next ? next({ args, options: opts ?? {} }) : invoke(connector, operation, args, opts ?? {});
      };
      const wrapped = THROUGH[kind](connector, run);
      for (const operation of Object.keys(wrapped).filter((key): key is OperationName => key in OPERATIONS)) {
        const next = chain(on, source, operation, connector, options.onStage);
        if (next) chains.set(operation, next as Next<SiloOperations[OperationName]>);
      }
      return chains.size > 0 ? wrapped : connector;
    };
  };

  const bundle = (path: PathName): Silos => {
    const through = route(path);
    return {
      contacts: bySource((source) => through('contacts', source, connectors.contacts[source])),
      orders: through('orders', 'ECOMMERCE', connectors.orders),
      pos: through('pos', 'POS', connectors.pos),
      tickets: through('tickets', 'SUPPORT', connectors.tickets),
    };
  };
  const { privacy } = connectors;
  const live = { ...bundle('live'), ...(privacy ? { privacy: bySource((source) => route('live')('privacy', source, privacy[source])) } : {}) };
  return {
    silos: bundle('gateway'),
    live: live as SiloPipeline<C>['live'],
    breakerStates: guard?.breakerStates ?? (() => bySource((): BreakerState => 'closed')),
  };
}
