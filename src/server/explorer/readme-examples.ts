import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const README = fileURLToPath(new URL('../../../README.md', import.meta.url));
const GRAPHQL_BLOCK = /^```graphql\n([\s\S]*?)^```/gm;
const CURL_QUERY = /-d '(\{"query":[^']*\})'/g;

/** One saved tab of the explorer. */
export interface ExampleTab {
  query: string;
  variables?: string;
}

/**
 * The README's example queries, in the order they appear: each ```graphql block, and each query a `curl -d` example
 * posts (with its variables). The README stays their one home; the explorer opens with them as saved tabs.
 */
export function readmeExamples(markdown: string): ExampleTab[] {
  const found: { at: number; tab: ExampleTab }[] = [];
  for (const match of markdown.matchAll(GRAPHQL_BLOCK)) found.push({ at: match.index, tab: { query: (match[1] ?? '').trimEnd() } });
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
