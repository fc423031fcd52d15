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

/** The defaults (README, "Settings"; src/config `limitsSettings` reads them). */
export const DEFAULT_QUERY_LIMITS: Readonly<QueryLimits> = {
  maxDepth: 8,
  maxAliases: 30,
  maxTokens: 2000,
  maxDirectives: 50,
  maxFields: 500,
  maxCost: 20_000,
  allowIntrospection: false,
};
