/**
 * GraphQL hardening: limits on depth, aliases, tokens, directives, field selections and cost (weighted by
 * silo fan-out), no batched operations, a body size answered in GraphQL's error shape, introspection of the whole
 * schema and field suggestions for admins only (other roles introspect their own view of it).
 */
export { createQueryLimits, type QueryLimitsApolloOptions } from './create-query-limits.js';
export { queryCost, operationCost } from './query-cost.js';
export { SILO_CALL_COST, DEFAULT_LIST_SIZE, SILO_CALLS, LIST_SIZES, MAX_PAGE_SIZES } from './cost-weights.js';
export { measureOperations, type OperationMeasures } from './measure-operations.js';
export { DEFAULT_QUERY_LIMITS, type QueryLimits } from './query-limits.js';
export { registerHttpLimits, type HttpLimitOptions } from './register-http-limits.js';
export type { LimitCode } from './limit-code.js';
export type { LimitsContext, RoleSchemas } from './query-limits-plugin.js';
