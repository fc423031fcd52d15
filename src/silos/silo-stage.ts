import type { CacheCallOptions, ReadThrough, RecordCache } from '../cache/index.js';
import type { Source } from '../model/index.js';
import type { RequestScope } from './request-scope.js';
import type { ArgsOf, OperationName, ResultOf, SiloOperations } from './silo-operations.js';

/** The stages of the silo-call path, by name; `silo-pipeline.ts` declares their order. */
export type StageName = 'tracker' | 'cache' | 'breaker' | 'bulkhead';

/**
 * Call options as they travel the pipeline: the caller's, the request a call belongs to (read by the tracker), and
 * what the tracker tells the cache. The connector at the end gets the plain `CallOptions` only.
 */
export interface SiloCallOptions extends CacheCallOptions {
  request?: RequestScope;
  /**
   * The silo's per-call limit inside the request's deadline (`SILO_TIMEOUT_MS`), set by the tracker for a call made
   * for a request: the guard judges a timeout against it (the silo had its time, or the gateway spent it). The
   * bulkhead stage keeps it from the connector.
   */
  siloTimeoutMs?: number;
}

/** One call of operation `F` as a stage sees it: the arguments before the options, and the options. */
export interface SiloCall<F> {
  args: ArgsOf<F>;
  options: SiloCallOptions;
}

/** Hands a call on to the next stage, and from the last one to the connector. */
export type Next<F> = (call: SiloCall<F>) => Promise<ResultOf<F>>;

/** What a stage does with one call: answer it itself, or pass it (as it is, or changed) to `next`. */
export type Step<F> = (call: SiloCall<F>, next: Next<F>) => Promise<ResultOf<F>>;

/** How the record cache answers one operation of one silo, from its entries and its read-through engine. */
export type CachePlan<F> = (source: Source, records: RecordCache, reads: ReadThrough) => Step<F>;

/** What the pipeline declares for one operation; each stage reads its part. */
export interface OperationPlan<F> {
  /** Who waits for the answer unless the caller says: a person (`interactive`) or a batch job (`bulk`). */
  priority: 'interactive' | 'bulk';
  /** How the record cache answers it, or `live`: always asked of the silo. */
  cache: CachePlan<F> | 'live';
}

/** A plan for every operation of `Ops`: an operation without one fails the type check. */
export type OperationTable<Ops = SiloOperations> = { readonly [K in keyof Ops]: OperationPlan<Ops[K]> };

/** Where a stage's step runs: one operation of one silo, on one path. */
export interface StageSite<K extends OperationName> {
  source: Source;
  operation: K;
  plan: OperationPlan<SiloOperations[K]>;
  /** The stages that run after this one for this site, in order; the connector follows the last. */
  downstream: readonly StageName[];
}

/**
 * One stage of the silo-call path, as an envelop plugin is one of a request's: asked once per silo, operation and
 * path for its step, which then runs on every such call. No step (undefined) lets the calls pass the stage untouched.
 */
export interface SiloStage {
  readonly name: StageName;
  step<K extends OperationName>(site: StageSite<K>): Step<SiloOperations[K]> | undefined;
}

/** The time one call spent in one stage itself, the stages after it excluded, for `silo_stage_duration_seconds`. */
export interface StageTiming {
  source: Source;
  /** A stage, or `connector`: the vendor call itself (HTTP attempts, pacing and retries under the silo's budgets). */
  stage: StageName | 'connector';
  operation: OperationName;
  durationMs: number;
}
