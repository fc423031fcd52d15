import { describe, expect, it } from 'vitest';
import { MAX_TERMS_PER_QUERY, anyOfQueries, evenShare, quoteSearchValue } from '../../../connectors/zendesk/search.js';
import { parseSearchQuery } from '../../../connectors/zendesk/sandbox/search-syntax.js';

const HOSTILE = ['a@b.com OR email:*', '*', 'x" OR email:"*', 'back\\slash@x.com', '(a@b.com) OR (email:*)', 'tab\tand space@x.com', 'trail\\'];

describe('quoteSearchValue', () => {
  it('wraps a value in double quotes', () => {
    expect(quoteSearchValue('alex.rivera@example.com')).toBe('"alex.rivera@example.com"');
  });

  it('escapes backslashes and double quotes inside the value', () => {
    expect(quoteSearchValue('a"b\\c')).toBe('"a\\"b\\\\c"');
  });

  it.each(HOSTILE)('keeps %j one literal email condition, whatever it holds', (value) => {
    const clauses = parseSearchQuery(`type:user email:${quoteSearchValue(value)}`);
    expect(clauses).toEqual([
      [{ keyword: 'type', op: ':', value: 'user', quoted: false }],
      [{ keyword: 'email', op: ':', value, quoted: true }],
    ]);
  });
});

describe('evenShare', () => {
  it('spreads values evenly over the fewest groups of at most max', () => {
    expect(evenShare(34, 50)).toBe(34);
    expect(evenShare(51, 50)).toBe(26);
    expect(evenShare(100, 50)).toBe(50);
    expect(evenShare(101, 50)).toBe(34);
    expect(evenShare(0, 50)).toBe(1);
  });
});

describe('anyOfQueries', () => {
  it('joins the terms of one keyword with OR after the prefix and before the suffix', () => {
    expect(anyOfQueries('type:ticket', 'requester_id', ['1', '2'], 'status:open')).toEqual([
      'type:ticket requester_id:"1" OR requester_id:"2" status:open',
    ]);
  });

  it('de-duplicates values and puts at most 100 terms in one query', () => {
    const values = Array.from({ length: 225 }, (_, i) => `${i}@x.io`);
    const queries = anyOfQueries('type:user', 'email', [...values, ...values]);
    expect(MAX_TERMS_PER_QUERY).toBe(100);
    expect(queries).toHaveLength(3);
    expect(queries.map((q) => q.split(' OR ').length)).toEqual([MAX_TERMS_PER_QUERY, MAX_TERMS_PER_QUERY, 25]);
  });

  it('puts 76 phones in one query: the 2000 characters bound them, not the terms', () => {
    const phones = Array.from({ length: 76 }, (_, i) => `+1312555${String(1000 + i * 97).padStart(4, '0')}`);
    expect(anyOfQueries('type:user', 'phone', phones)).toHaveLength(1);
    expect(anyOfQueries('type:user', 'phone', [...phones, ...phones.map((p) => p.replace('+1312', '+1718'))])).toHaveLength(2);
  });

  it('bounds the query length when values are long', () => {
    const values = Array.from({ length: 20 }, (_, i) => `${'x'.repeat(200)}${i}@example.com`);
    const queries = anyOfQueries('type:user', 'email', values);
    expect(queries.length).toBeGreaterThan(1);
    for (const query of queries) expect(query.length).toBeLessThanOrEqual(2100);
    expect(queries.flatMap((q) => parseSearchQuery(q)[1]?.map((c) => c.value))).toEqual(values);
  });

  it('makes no query for no values', () => {
    expect(anyOfQueries('type:user', 'phone', [])).toEqual([]);
  });
});
