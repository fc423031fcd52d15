import type { ApolloServerOptions, ApolloServerPlugin } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import { assertWeightsMatchSchema } from './cost-weights.js';
import { documentLimitsRule } from './document-limits-rule.js';
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from './query-limits.js';
import { queryLimitsPlugin, type LimitsContext, type RoleSchemas } from './query-limits-plugin.js';

/** What Apollo Server needs to enforce the limits: `options` to spread into its options, and a plugin. */
export interface QueryLimitsApolloOptions {
  options: {
    parseOptions: { maxTokens: number };
    validationRules: NonNullable<ApolloServerOptions<LimitsContext>['validationRules']>;
    /** Introspection stays on in Apollo Server (it would otherwise follow NODE_ENV); the plugin decides it per role. */
    introspection: true;
    allowBatchedHttpRequests: false;
  };
  plugin: ApolloServerPlugin<LimitsContext>;
}

/**
 * Builds the Apollo Server side of the limits for a schema (checked against the cost weights). With `roleSchemas`,
 * callers other than admin introspect their role's view of the schema; without, they are refused.
 */
export function createQueryLimits(schema: GraphQLSchema, overrides: Partial<QueryLimits> = {}, roleSchemas?: RoleSchemas): QueryLimitsApolloOptions {
  const limits = { ...DEFAULT_QUERY_LIMITS, ...overrides };
  assertWeightsMatchSchema(schema);
  return {
    options: {
      parseOptions: { maxTokens: limits.maxTokens },
      validationRules: [documentLimitsRule(limits)],
      introspection: true,
      allowBatchedHttpRequests: false,
    },
    plugin: queryLimitsPlugin(limits, roleSchemas),
  };
}
