/** Everything one GraphQL request carries: who calls, its deadline, its loaders and its silo report. */
export { createRequestContext, type RequestContext, type GatewayServices, type PseudonymCodec } from './request-context.js';
export { createSourceTracker, MAX_SKIPPED_REPORTED, type SourceReport, type SourceStatus, type SourceTracker } from './source-status.js';
export { type FacetKey, type Loaders } from './loaders.js';
