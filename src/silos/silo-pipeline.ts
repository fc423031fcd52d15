import type { Tracer } from '@opentelemetry/api';
import type { CacheLayer } from '../cache/index.js';
import { SOURCES, type PrivacySilos, type Silos, type Source } from '../model/index.js';
import { systemClock, type BreakerState, type Clock, type GuardOptions } from '../resilience/index.js';
import { cachedContactPages, cachedFacetPages, cachedItem, cachedLookups, cachedNpsAnswers, cachedCrmHistory, cachedRecords, createCacheStage } from './cache-stage.js';
import { composeChain, type NamedStep, type ObserveStage } from './compose-chain.js';
import { createGuardStages } from './guard-stages.js';
import { invokeConnector, routeCalls, type Runner } from './route-calls.js';
import type { OperationName, SiloContracts, SiloOperations } from './silo-operations.js';
import type { Next, OperationTable, SiloStage, StageName, StageTiming } from './silo-stage.js';
import { createTrackerStage } from './tracker-stage.js';
import { traced } from './traced-call.js';

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
  npsAnswersFor: { priority: 'interactive', cache: cachedNpsAnswers },
  crmHistoryFor: { priority: 'interactive', cache: cachedCrmHistory },
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
  /** The clock of the tracker's per-call limits and, unless `guard.clock` says otherwise, of the guard (default: the system's). */
  clock?: Clock;
  /** Told, after each call, how long it spent in each stage itself (`silo_stage_duration_seconds`). */
  onStage?: (timing: StageTiming) => void;
  /** Makes a span of every call (src/tracing); absent: tracing is off and no span is made. */
  tracer?: Tracer;
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

/** The chain of one operation of one silo on one path, or undefined when no stage takes a step for it. */
function chain<K extends OperationName>(stages: readonly SiloStage[], site: { source: Source; operation: K; path: PathName }, connector: object, { onStage, tracer }: SiloPipelineOptions) {
  const { source, operation } = site;
  const steps: NamedStep<SiloOperations[K]>[] = [];
  // Asked last to first, so that each stage knows which stages follow it for this silo and operation.
  for (const stage of [...stages].reverse()) {
    const step = stage.step({ source, operation, plan: OPERATIONS[operation], downstream: steps.map((s) => s.stage) });
    if (step) steps.unshift({ stage: stage.name, step });
  }
  if (steps.length === 0) return undefined;
  const observe: ObserveStage | undefined = onStage && ((stage, durationMs) => onStage({ source, stage, operation, durationMs }));
  const composed = composeChain<SiloOperations[K]>(steps, ({ args, options }) => invokeConnector(connector, operation, args, options), observe);
  // The span, beside the stage timings, covers the whole chain: the cache stage tells it whether it answered.
  return tracer ? traced(tracer, site, composed) : composed;
}

const bySource = <T>(make: (source: Source) => T) => Object.fromEntries(SOURCES.map((source) => [source, make(source)])) as Record<Source, T>;

/**
 * Creates the silo-call pipeline over the connectors: the stages of `STAGES` that `options` asks for, composed for
 * every operation of every silo on both paths, sharing one breaker and bulkhead per silo. A connector that no stage
 * takes a step for is handed out as it is.
 */
export function createSiloPipeline<C extends SiloConnectors>(connectors: C, options: SiloPipelineOptions = {}): SiloPipeline<C> {
  const clock = options.clock ?? systemClock;
  const guard = options.guard ? createGuardStages({ clock, ...options.guard }) : undefined;
  const stages: Readonly<Record<StageName, SiloStage | undefined>> = {
    tracker: options.tracker === false ? undefined : createTrackerStage(clock),
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
        return next ? next({ args, options: opts ?? {} }) : invokeConnector(connector, operation, args, opts ?? {});
      };
      const wrapped = routeCalls(kind, connector, run);
      for (const operation of Object.keys(wrapped).filter((key): key is OperationName => key in OPERATIONS)) {
        const next = chain(on, { source, operation, path }, connector, options);
        if (next) chains.set(operation, next as Next<SiloOperations[OperationName]>);
      }
      return chains.size > 0 ? wrapped : connector;
    };
  };

  type Through = ReturnType<typeof route>;
  const bundle = (through: Through): Silos => ({
    contacts: bySource((source) => through('contacts', source, connectors.contacts[source])),
    orders: through('orders', 'ECOMMERCE', connectors.orders),
    pos: through('pos', 'POS', connectors.pos),
    tickets: through('tickets', 'SUPPORT', connectors.tickets),
    ...(connectors.feedback ? { feedback: through('feedback', 'CRM', connectors.feedback) } : {}),
    ...(connectors.crmHistory ? { crmHistory: through('crmHistory', 'CRM', connectors.crmHistory) } : {}),
  });
  const live = route('live');
  const { privacy } = connectors;
  return {
    silos: bundle(route('gateway')),
    live: { ...bundle(live), ...(privacy ? { privacy: bySource((source) => live('privacy', source, privacy[source])) } : {}) } as SiloPipeline<C>['live'],
    breakerStates: guard?.breakerStates ?? (() => bySource((): BreakerState => 'closed')),
  };
}
