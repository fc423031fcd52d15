/** The limits every GraphQL request is held to. */
export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxDirectives: number;
  /** Field selections per operation, repeats and fragment expansions counted. */
  maxFields: number;
  maxCost: number;
  /** Introspection and "Did you mean" suggestions for every role, not only admin. */
  allowIntrospection: boolean;
}

/** The defaults (README, "Settings"). */
export const DEFAULT_QUERY_LIMITS: Readonly<QueryLimits> = {
  maxDepth: 8,
  maxAliases: 30,
  maxTokens: 2000,
  maxDirectives: 50,
  maxFields: 500,
  maxCost: 20_000,
  allowIntrospection: false,
};

/** The settings that configure the limits, as `loadSettings` returns them. */
export interface QueryLimitSettings {
  MAX_QUERY_DEPTH: number;
  MAX_QUERY_ALIASES: number;
  MAX_QUERY_TOKENS: number;
  MAX_QUERY_DIRECTIVES: number;
  MAX_QUERY_FIELDS: number;
  MAX_QUERY_COST: number;
  ALLOW_INTROSPECTION: boolean;
}

/** Maps validated settings to limits. */
export function queryLimitsFromSettings(s: QueryLimitSettings): QueryLimits {
  return {
    maxDepth: s.MAX_QUERY_DEPTH,
    maxAliases: s.MAX_QUERY_ALIASES,
    maxTokens: s.MAX_QUERY_TOKENS,
    maxDirectives: s.MAX_QUERY_DIRECTIVES,
    maxFields: s.MAX_QUERY_FIELDS,
    maxCost: s.MAX_QUERY_COST,
    allowIntrospection: s.ALLOW_INTROSPECTION,
  };
}
