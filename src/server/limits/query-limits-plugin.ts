import type { ApolloServerPlugin } from '@apollo/server';
import { execute, type GraphQLError, type GraphQLSchema } from 'graphql';
import { operationCost } from './query-cost.js';
import { QueryLimitExceeded, type QueryLimitCode } from '../../errors/index.js';
import { shown } from './limit-code.js';
import type { QueryLimits } from './query-limits.js';
import { hideSuggestions, introspectionForbidden, isIntrospection, isIntrospectionOnly } from './schema-visibility.js';
import { reportTokenLimit } from './report-token-limit.js';

/** The part of the request context the limits read: who calls. */
export interface LimitsContext {
  principal?: { roles: readonly string[] };
}

/** The schema a caller's roles may see (src/access `createRoleSchemas`): what their introspection is answered from. */
export type RoleSchemas = (roles: readonly string[]) => GraphQLSchema;

const DOCUMENT_LIMIT_CODES: readonly QueryLimitCode[] = ['DEPTH_LIMIT_EXCEEDED', 'ALIAS_LIMIT_EXCEEDED', 'DIRECTIVE_LIMIT_EXCEEDED', 'FIELD_LIMIT_EXCEEDED'];
const isDocumentLimitCode = (code: unknown): code is QueryLimitCode => DOCUMENT_LIMIT_CODES.some((c) => c === code);

/**
 * Apollo Server wraps every validation error as GRAPHQL_VALIDATION_FAILED; a limit's own code is put back,
 * and when a limit refused the document the other validation errors are dropped: they are noise the
 * oversized document caused (a directive flood also breaks "one @include per field" a hundred times).
 * Apollo formats the same array it hands to `didEncounterErrors`, so it is edited in place.
 */
function keepLimitErrors(errors: GraphQLError[]): void {
  const limits = errors.filter((e) => {
    const code = (e.originalError as GraphQLError | undefined)?.extensions?.code;
    if (!isDocumentLimitCode(code)) return false;
    e.extensions.code = code;
    return true;
  });
  if (limits.length > 0) errors.splice(0, errors.length, ...limits);
}

/**
 * Enforces the limits that need the request: introspection by role, and cost, which depends on the
 * variables (`first: $n`). Both run after validation and before execution, so a refused query never
 * reaches a silo. Admin (every role with `allowIntrospection`) introspects the whole schema; with `roleSchemas`,
 * any other authenticated caller's operation that asks only for the schema is answered from their role's view
 * of it, and one that mixes schema and data is refused. It also names the token and document limits in errors
 * (see `keepLimitErrors`) and strips "Did you mean" hints for callers who may not see the whole schema.
 */
export function queryLimitsPlugin(limits: QueryLimits, roleSchemas?: RoleSchemas): ApolloServerPlugin<LimitsContext> {
  return {
    async requestDidStart({ contextValue }) {
      const roles = contextValue.principal?.roles;
      const seesSchema = limits.allowIntrospection || (roles?.includes('admin') ?? false);
      let roleView: GraphQLSchema | null = null;
      return {
        async didResolveOperation({ document, operation, request, schema }) {
          if (!seesSchema && isIntrospection(document)) {
            if (!roleSchemas || !roles?.length || !operation || !isIntrospectionOnly(document, operation)) throw introspectionForbidden(Boolean(roleSchemas));
            roleView = roleSchemas(roles);
          }
          if (!operation) return;
          const cost = operationCost(schema, document, operation, request.variables ?? {});
          if (cost > limits.maxCost) {
            throw new QueryLimitExceeded('COST_LIMIT_EXCEEDED', `The query costs ${shown(cost)}; the limit is ${limits.maxCost}. Ask for smaller pages (first/limit) or fewer nested lists.`);
          }
        },
        async responseForOperation({ document, request, response }) {
          if (!roleView) return null;
          const result = await execute({ schema: roleView, document, variableValues: request.variables ?? {}, operationName: request.operationName ?? null });
          return {
            http: response.http,
            body: { kind: 'single', singleResult: { data: result.data ?? null, ...(result.errors ? { errors: result.errors.map((e) => e.toJSON()) } : {}) } },
          };
        },
        async didEncounterErrors({ errors, source }) {
          keepLimitErrors(errors as GraphQLError[]);
          for (const error of errors) {
            reportTokenLimit(error, source, limits.maxTokens);
            if (!seesSchema) hideSuggestions(error);
          }
        },
      };
    },
  };
}
