import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Kind, parse, type TypeNode } from 'graphql';

const README = fileURLToPath(new URL('../../../README.md', import.meta.url));
const GRAPHQL_BLOCK = /^```graphql\n([\s\S]*?)^```/gm;
const CURL_QUERY = /-d '(\{"query":[^']*\})'/g;

/** One saved tab of the explorer. */
export interface ExampleTab {
  query: string;
  variables?: string;
}

const PLACEHOLDERS: Readonly<Record<string, unknown>> = { String: '', ID: '', Int: 0, Float: 0, Boolean: false };

function placeholder(type: TypeNode): unknown {
  if (type.kind === Kind.NON_NULL_TYPE) return placeholder(type.type);
  if (type.kind === Kind.LIST_TYPE) return [];
  return PLACEHOLDERS[type.name.value] ?? null;
}

/** A variables object for the variables an example declares, each with an empty value of its type to fill in. */
function variablesFor(query: string): string | undefined {
  try {
    const names = parse(query).definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION ? d.variableDefinitions ?? [] : []));
    if (names.length === 0) return undefined;
    return JSON.stringify(Object.fromEntries(names.map((v) => [v.variable.name.value, placeholder(v.type)])), null, 2);
  } catch {
    return undefined; // an example that does not parse opens as written
  }
}

/**
 * The README's example queries, in the order they appear: each ```graphql block, and each query a `curl -d` example
 * posts (with its variables; a block's declared variables get empty values to fill in). The README stays their one home; the explorer opens with them as saved tabs.
 */
export function readmeExamples(markdown: string): ExampleTab[] {
  const found: { at: number; tab: ExampleTab }[] = [];
  for (const match of markdown.matchAll(GRAPHQL_BLOCK)) {
    const query = (match[1] ?? '').trimEnd();
    const variables = variablesFor(query);
    found.push({ at: match.index, tab: { query, ...(variables ? { variables } : {}) } });
  }
  for (const match of markdown.matchAll(CURL_QUERY)) {
    try {
      const body = JSON.parse(match[1] ?? '') as { query?: unknown; variables?: unknown };
      if (typeof body.query !== 'string') continue;
      found.push({ at: match.index, tab: { query: body.query, ...(body.variables ? { variables: JSON.stringify(body.variables, null, 2) } : {}) } });
    } catch {
      // A curl line whose body is not plain JSON (shell variables in it) is no example to copy.
    }
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.tab);
}

/** The README's examples, read once from the checkout's README.md (none when it is missing). */
export function loadReadmeExamples(path = README): ExampleTab[] {
  try {
    return readmeExamples(readFileSync(path, 'utf8'));
  } catch {
    return [];
  }
}
