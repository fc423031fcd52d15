/** A comparison in a search term: `id:>=1234`. */
export type Comparator = '=' | '>' | '>=' | '<' | '<=';

/** A parsed Shopify search query (the subset of the search syntax the sandbox understands). */
export type SearchExpr =
  | { kind: 'all' }
  | { kind: 'term'; field: string | null; comparator: Comparator; value: string; quoted: boolean }
  | { kind: 'not'; item: SearchExpr }
  | { kind: 'and' | 'or'; items: SearchExpr[] };

type Token = { kind: '(' | ')' | 'AND' | 'OR' | 'NOT' } | { kind: 'term'; negated: boolean; term: Extract<SearchExpr, { kind: 'term' }> };

const BREAK = /[\s()]/;

/** Reads a double-quoted phrase starting at `i`; a backslash escapes the character after it. */
function readQuoted(s: string, i: number): [string, number] {
  let out = '';
  let j = i + 1;
  while (j < s.length && s[j] !== '"') {
    if (s[j] === '\\' && j + 1 < s.length) j += 1;
    out += s[j];
    j += 1;
  }
  return [out, j + 1];
}

function readBare(s: string, i: number, stop: RegExp): [string, number] {
  let j = i;
  while (j < s.length && !stop.test(s[j] as string)) j += 1;
  return [s.slice(i, j), j];
}

function tokenize(s: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i] as string;
    if (/\s/.test(c)) { i += 1; continue; }
    if (c === '(' || c === ')') { tokens.push({ kind: c }); i += 1; continue; }
    const negated = c === '-';
    if (negated) i += 1;
    let [head, next] = readBare(s, i, /[\s()":]/);
    let field: string | null = null;
    let comparator: Comparator = '=';
    if (s[next] === ':' && /^[A-Za-z_]+$/.test(head)) {
      field = head.toLowerCase();
      next += 1;
      const op = /^(>=|<=|>|<)/.exec(s.slice(next))?.[1] as Comparator | undefined;
      if (op) { comparator = op; next += op.length; }
      head = '';
    } else if (!negated && s[next] !== '"' && ['AND', 'OR', 'NOT'].includes(head)) {
      tokens.push({ kind: head as 'AND' | 'OR' | 'NOT' });
      i = next;
      continue;
    }
    const quoted = s[next] === '"' && head === '';
    const [value, end] = quoted ? readQuoted(s, next) : readBare(s, next, BREAK);
    tokens.push({ kind: 'term', negated, term: { kind: 'term', field, comparator, value: head + value, quoted } });
    i = Math.max(end, i + 1);
  }
  return tokens;
}

const combine = (kind: 'and' | 'or', items: SearchExpr[]): SearchExpr | null =>
  items.length === 0 ? null : items.length === 1 ? (items[0] as SearchExpr) : { kind, items };

/**
 * Parses a search query: terms `field:value`, `field:"quoted \"value\""`, comparators, `-`/NOT, AND (or juxtaposition),
 * OR and parentheses. Lenient like a search box: an empty operand or a stray parenthesis is dropped, never widening a match.
 */
export function parseSearchQuery(query: string | null | undefined): SearchExpr {
  const tokens = tokenize(query ?? '');
  let pos = 0;
  const peek = () => tokens[pos];

  const unary = (): SearchExpr | null => {
    const token = peek();
    if (!token || token.kind === ')' || token.kind === 'OR') return null;
    pos += 1;
    if (token.kind === 'AND') return unary();
    if (token.kind === 'NOT') {
      const item = unary();
      return item ? { kind: 'not', item } : null;
    }
    if (token.kind === '(') {
      const inner = or();
      if (peek()?.kind === ')') pos += 1;
      return inner;
    }
    if (token.kind !== 'term') return null;
    return token.negated ? { kind: 'not', item: token.term } : token.term;
  };
  const and = (): SearchExpr | null => {
    const items: SearchExpr[] = [];
    for (let item = unary(); item; item = unary()) items.push(item);
    return combine('and', items);
  };
  const or = (): SearchExpr | null => {
    const items: SearchExpr[] = [];
    const first = and();
    if (first) items.push(first);
    while (peek()?.kind === 'OR') {
      pos += 1;
      const next = and();
      if (next) items.push(next);
    }
    return combine('or', items);
  };

  const parts: SearchExpr[] = [];
  while (pos < tokens.length) {
    const before = pos;
    const part = or();
    if (part) parts.push(part);
    if (pos === before) pos += 1; // a stray ')' is skipped
  }
  return combine('and', parts) ?? { kind: 'all' };
}
