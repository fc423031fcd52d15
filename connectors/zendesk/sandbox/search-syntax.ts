import { parseSearchInstant, type ComparisonOperator } from './search-dates.js';

/** The keywords the sandbox's search understands. */
export const SEARCH_KEYWORDS = ['type', 'email', 'phone', 'external_id', 'requester_id', 'requester', 'status', 'name', 'created'] as const;

/** A search keyword the sandbox understands. */
export type SearchKeyword = (typeof SEARCH_KEYWORDS)[number];

/** `:` compares for equality; the others order ticket statuses (`status<solved`) and times (`created<=2024-05-01`). */
export type SearchOperator = ComparisonOperator;

/** One condition: `keyword op value`, or free text when `keyword` is null. */
export interface SearchCondition {
  keyword: SearchKeyword | null;
  op: SearchOperator;
  value: string;
  /** Quoted values are literal; unquoted ones may hold `*` wildcards. */
  quoted: boolean;
}

/** A parsed query: every clause must hold, and a clause holds when any of its conditions does. */
export type SearchClauses = SearchCondition[][];

/** A query Zendesk would refuse as invalid. */
export class SearchSyntaxError extends Error {
  override readonly name = 'SearchSyntaxError';
}

/** The object types search knows; the sandbox holds only users and tickets. */
export const SEARCH_TYPES = ['user', 'ticket', 'organization', 'group'] as const;
/** Ticket statuses in their lifecycle order, which `<` and `>` compare. */
export const STATUS_ORDER = ['new', 'open', 'pending', 'hold', 'solved', 'closed'] as const;

const TERM = /^([A-Za-z_]+)(<=|>=|:|<|>)/;

/** Reads a value at `at`: a double-quoted string with `\` escapes, or a run of non-blank characters. */
function readValue(query: string, at: number): { value: string; quoted: boolean; end: number } {
  if (query[at] !== '"') {
    let end = at;
    while (end < query.length && !/\s/.test(query[end] ?? '')) end++;
    const value = query.slice(at, end);
    if (value.includes('"')) throw new SearchSyntaxError(`unbalanced quote in ${JSON.stringify(value)}`);
    return { value, quoted: false, end };
  }
  let value = '';
  for (let i = at + 1; i < query.length; i++) {
    const c = query[i];
    if (c === '"') return { value, quoted: true, end: i + 1 };
    if (c === '\\' && i + 1 < query.length) value += query[++i];
    else value += c;
  }
  throw new SearchSyntaxError('a quoted value is not closed');
}

function checkCondition({ keyword, op, value }: SearchCondition): void {
  if (keyword === null) return;
  if (value === '') throw new SearchSyntaxError(`${keyword} needs a value`);
  if (!(SEARCH_KEYWORDS as readonly string[]).includes(keyword)) throw new SearchSyntaxError(`unknown keyword "${keyword}"`);
  if (op !== ':' && keyword !== 'status' && keyword !== 'created') throw new SearchSyntaxError(`${keyword} cannot be compared with ${op}`);
  if (keyword === 'type' && !(SEARCH_TYPES as readonly string[]).includes(value.toLowerCase())) throw new SearchSyntaxError(`unknown type "${value}"`);
  if (keyword === 'created' && parseSearchInstant(value) === null) throw new SearchSyntaxError(`invalid date "${value}"`);
  if (keyword === 'status' && !(STATUS_ORDER as readonly string[]).includes(value.toLowerCase())) throw new SearchSyntaxError(`unknown status "${value}"`);
}

/**
 * Parses Zendesk search syntax: `keyword:value`, `keyword:"quoted value"`, `status<solved`, `created<=2024-05-01T12:00:00Z`,
 * free text and `OR`.
 * Conditions on the same keyword are alternatives; different keywords and free-text words must all hold
 * (free-text words joined by `OR` are alternatives too). Throws `SearchSyntaxError` for what Zendesk rejects.
 */
export function parseSearchQuery(query: string): SearchClauses {
  const clauses: SearchClauses = [];
  const byKeyword = new Map<string, SearchCondition[]>();
  let orPending = false;
  let previous: SearchCondition[] | undefined;
  let at = 0;
  while (at < query.length) {
    if (/\s/.test(query[at] ?? '')) {
      at++;
      continue;
    }
    const term = TERM.exec(query.slice(at));
    const start = term ? at + term[0].length : at;
    const { value, quoted, end } = readValue(query, start);
    at = end;
    if (!term && !quoted && value === 'OR') {
      if (previous === undefined || orPending) throw new SearchSyntaxError('OR must stand between two terms');
      orPending = true;
      continue;
    }
    const condition: SearchCondition = { keyword: (term?.[1]?.toLowerCase() ?? null) as SearchKeyword | null, op: (term?.[2] ?? ':') as SearchOperator, value, quoted };
    checkCondition(condition);
    const group = condition.keyword !== null && condition.op === ':' ? condition.keyword : undefined;
    let clause = group === undefined ? undefined : byKeyword.get(group);
    if (!clause && orPending && condition.keyword === null && previous?.every((c) => c.keyword === null)) clause = previous;
    if (!clause) {
      clause = [];
      clauses.push(clause);
      if (group !== undefined) byKeyword.set(group, clause);
    }
    clause.push(condition);
    previous = clause;
    orPending = false;
  }
  if (orPending) throw new SearchSyntaxError('OR must stand between two terms');
  if (clauses.length === 0) throw new SearchSyntaxError('the query is empty');
  return clauses;
}
