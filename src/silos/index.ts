/**
 * The silos as the gateway calls them: every call of the connector contract through one typed pipeline of stages
 * (request tracker → record cache → circuit breaker → bulkhead → connector), declared in `silo-pipeline.ts`.
 */
export { OPERATIONS, PATHS, STAGES, createSiloPipeline, type PathName, type SiloConnectors, type SiloPipeline, type SiloPipelineOptions } from './silo-pipeline.js';
export type { ArgsOf, CallsOf, OperationName, ResultOf, SiloContracts, SiloOperations } from './silo-operations.js';
export type { CachePlan, Next, OperationPlan, OperationTable, SiloCall, SiloCallOptions, SiloStage, StageName, StageSite, StageTiming, Step } from './silo-stage.js';
export { createRequestScope, type CallBudget, type CallTracker, type RequestScope } from './request-scope.js';
export { createTrackerStage } from './tracker-stage.js';
export { createCacheStage } from './cache-stage.js';
export { createGuardStages, type GuardStages } from './guard-stages.js';
