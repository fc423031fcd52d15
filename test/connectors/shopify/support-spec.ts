import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { buildSchema, execute, extendSchema, parse, validate, type ExecutionResult } from 'graphql';
import { fixtureText } from './support.js';

// The unmodified subset from the vendor folder, plus the standard QueryRoot.nodes field the project's copy adds.
const specSchema = extendSchema(
  buildSchema(fixtureText('admin-graphql-2025-01.subset.graphql')),
  parse('extend type QueryRoot { nodes(ids: [ID!]!): [Node]! }'),
);
// The project's copy, for what only it holds (Mutation.customerEmailMarketingConsentUpdate, added from shopify.dev).
const projectSchema = buildSchema(
  readFileSync(new URL('../../../connectors/shopify/sandbox/admin-graphql.subset.graphql', import.meta.url), 'utf8'),
);

const typeFromGid = (value: unknown) => {
  const id = (value as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? /^gid:\/\/shopify\/(\w+)\//.exec(id)?.[1] : undefined;
};

/**
 * Checks a response against the spec the way the vendor folder checked its examples: the operation must be valid
 * against the subset, and executing it with the response data as root value must give that same data back
 * (so every value has its field's type, enum values exist and non-null fields are present). `project` checks against
 * the project's copy instead, for the operations only it holds.
 */
export function specProblems(query: string, variables: Record<string, unknown>, data: unknown, against: 'vendor' | 'project' = 'vendor'): string[] {
  const schema = against === 'vendor' ? specSchema : projectSchema;
  const document = parse(query);
  const invalid = validate(schema, document);
  if (invalid.length > 0) return invalid.map((e) => e.message);
  const result = execute({
    schema,
    document,
    rootValue: data,
    variableValues: variables,
    fieldResolver: (source, _args, _context, info) => (source as Record<string, unknown>)[String(info.path.key)],
    typeResolver: typeFromGid,
  }) as ExecutionResult;
  const problems = (result.errors ?? []).map((e) => `${e.path?.join('.') ?? ''}: ${e.message}`);
  const echoed: unknown = JSON.parse(JSON.stringify(result.data ?? null));
  if (problems.length === 0 && !isDeepStrictEqual(echoed, data)) problems.push('data does not round-trip through the schema');
  return problems;
}
