import { collectPages, type CallOptions } from '../../src/model/index.js';
import type { SearchParams, ZendeskClient } from './client.js';
import { PAGE_SIZE_LIMIT } from './limits.js';
import type { SearchPage } from './schemas.js';
import type { z } from 'zod';

/**
 * The most terms one search query carries. The URL is bounded by `MAX_QUERY_CHARS` (about 2.6 KB once encoded, well
 * inside what HTTP servers take), which phones and ids reach at 70 to 80 terms; this bounds the OR-clauses of very
 * short values. Zendesk documents no bound of its own on terms (its search reference bounds results: 1000 a query).
 */
export const MAX_TERMS_PER_QUERY = 100;
/**
 * The most requesters one ticket search carries: with about two tickets each, their tickets fill about one page of 100
 * results. Requesters are spread evenly over the fewest searches this allows ({@link evenShare}), so 34 requesters
 * take one search, not one of 30 and one of 4.
 */
export const REQUESTERS_PER_TICKET_QUERY = 50;
/** The most characters of terms one search query carries. */
export const MAX_QUERY_CHARS = 2000;

/** The search keywords the connector puts user-supplied values into. */
export type SearchKeyword = 'email' | 'phone' | 'external_id' | 'requester_id';

/**
 * Quotes a value for Zendesk search syntax: always inside double quotes, with `\` and `"` escaped, so that
 * `OR`, `*`, `:`, parentheses and white space in the value are literal and cannot widen the search.
 */
export function quoteSearchValue(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** One `keyword:"value"` term. */
export function searchTerm(keyword: SearchKeyword, value: string): string {
  return `${keyword}:${quoteSearchValue(value)}`;
}

/**
 * Builds the queries that find any of `values` under `keyword`: `{prefix} kw:"a" OR kw:"b" … {suffix}`,
 * each with at most `maxTerms` terms and `MAX_QUERY_CHARS` characters of terms.
 */
export function anyOfQueries(prefix: string, keyword: SearchKeyword, values: readonly string[], suffix = '', maxTerms = MAX_TERMS_PER_QUERY): string[] {
  const queries: string[] = [];
  let terms: string[] = [];
  let chars = 0;
  const flush = () => {
    if (terms.length > 0) queries.push([prefix, terms.join(' OR '), suffix].filter((part) => part !== '').join(' '));
    terms = [];
    chars = 0;
  };
  for (const value of new Set(values)) {
    const term = searchTerm(keyword, value);
    if (terms.length === maxTerms || (terms.length > 0 && chars + term.length > MAX_QUERY_CHARS)) flush();
    terms.push(term);
    chars += term.length + 4;
  }
  flush();
  return queries;
}

/** How many of `count` values each of the fewest groups of at most `max` takes when the values are spread evenly. */
export function evenShare(count: number, max: number): number {
  return count <= max ? Math.max(1, count) : Math.ceil(count / Math.ceil(count / max));
}

/** Zendesk's search serves at most this many results per query (`page × per_page`; deeper pages are a 422). */
export const MAX_SEARCH_RESULTS = 1000;

/**
 * Runs one search query through its offset pages (100 results each) until `next_page` is null, bounded by the
 * 1000 results Zendesk serves per query, and returns the pages (with their sideloads). Offset paging may repeat a
 * result: callers de-duplicate by id.
 */
export async function searchPages<T>(
  client: ZendeskClient,
  schema: z.ZodType<SearchPage<T>>,
  query: string,
  opts?: CallOptions,
  params: Pick<SearchParams, 'sortBy' | 'sortOrder' | 'include'> = {},
): Promise<SearchPage<T>[]> {
  const maxPages = MAX_SEARCH_RESULTS / PAGE_SIZE_LIMIT;
  const { items } = await collectPages<SearchPage<T>, number>(
    async (page = 1) => {
      const res = await client.search(schema, { query, page, perPage: PAGE_SIZE_LIMIT, ...params }, opts);
      return { items: [res], next: res.next_page === null || res.results.length === 0 ? undefined : page + 1 };
    },
    { limit: maxPages, maxPages },
  );
  return items;
}

/** The results of every page of one search query (see {@link searchPages}). */
export async function searchAll<T>(
  client: ZendeskClient,
  schema: z.ZodType<SearchPage<T>>,
  query: string,
  opts?: CallOptions,
  sort: Pick<SearchParams, 'sortBy' | 'sortOrder'> = {},
): Promise<T[]> {
  return (await searchPages(client, schema, query, opts, sort)).flatMap((page) => page.results);
}
