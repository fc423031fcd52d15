import { isDeepStrictEqual } from 'node:util';
import { buildSchema, execute, extendSchema, parse, validate, type ExecutionResult } from 'graphql';
import { fixtureText } from './helpers.js';

// The unmodified subset from the vendor folder, plus the standard QueryRoot.nodes field the project's copy adds.
const specSchema = extendSchema(
  buildSchema(fixtureText('admin-graphql-2025-01.subset.graphql')),
  parse('extend type QueryRoot { nodes(ids: [ID!]!): [Node]! }'),
);

const typeFromGid = (value: unknown) => {
  const id = (value as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? /^gid:\/\/shopify\/(\w+)\//.exec(id)?.[1] : undefined;
};

/**
 * Checks a response against the spec the way the vendor folder checked its examples: the operation must be valid
 * against the subset, and executing it with the response data as root value must give that same data back
 * (so every value has its field's type, enum values exist and non-null fields are present).
 */
export function specProblems(query: string, variables: Record<string, unknown>, data: unknown): string[] {
  const document = parse(query);
  const invalid = validate(specSchema, document);
  if (invalid.length > 0) return invalid.map((e) => e.message);
  const result = execute({
    schema: specSchema,
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
