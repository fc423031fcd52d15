import { describe, expect, it } from 'vitest';
import { customerSearchQuery, nameWords, quoteSearchValue } from '../../../connectors/shopify/search.js';
import { parseSearchQuery } from '../../../connectors/shopify/sandbox/search-syntax.js';

const NASTY = [
  'a@b.com OR email:*',
  '*',
  'x" OR email:* OR "',
  'trailing\\',
  '\\" OR phone:*',
  '(a@b.com) OR (email:*)',
  'NOT email:a@b.com',
  'email:"quoted"',
  '-a@b.com',
];

describe('Shopify search-syntax quoting (connector side)', () => {
  it('wraps values in double quotes and escapes backslashes and quotes', () => {
    expect(quoteSearchValue('bob@example.com')).toBe('"bob@example.com"');
    expect(quoteSearchValue('say "hi" \\ bye')).toBe('"say \\"hi\\" \\\\ bye"');
  });

  it('keeps every hostile value one literal term when Shopify\'s syntax parses it back', () => {
    for (const value of NASTY) {
      expect(parseSearchQuery(`email:${quoteSearchValue(value)}`), value).toEqual({ kind: 'term', field: 'email', comparator: '=', value, quoted: true });
    }
  });

  it('ORs one term per key and none for keys Shopify cannot search, and the whole stays a flat OR of literal terms', () => {
    const query = customerSearchQuery([
      ...NASTY.map((value) => ({ kind: 'email' as const, value })),
      { kind: 'phone', value: '+14155550100' },
      { kind: 'xref', source: 'CRM', value: '51' },
      { kind: 'email', value: '   ' },
    ]);
    const parsed = parseSearchQuery(query);
    expect(parsed.kind).toBe('or');
    expect(parsed.kind === 'or' ? parsed.items.map((t) => (t.kind === 'term' ? [t.field, t.value] : t.kind)) : []).toEqual([
      ...NASTY.map((value) => ['email', value]),
      ['phone', '+14155550100'],
    ]);
  });

  it('reduces a name to at most four words of letters, digits, apostrophes and hyphens, so * and syntax drop out', () => {
    expect(nameWords('  Zoë   O\'Brien-Smith ')).toEqual(['zoë', "o'brien-smith"]);
    expect(nameWords('* OR (email:*) "x"')).toEqual(['or', 'email', 'x']);
    expect(nameWords('a b c d e')).toEqual(['a', 'b', 'c', 'd']);
    const parsed = parseSearchQuery(customerSearchQuery([{ kind: 'name', value: 'Bob) OR (email:*' }]));
    expect(parsed).toEqual({
      kind: 'and',
      items: ['bob', 'or', 'email'].map((value) => ({ kind: 'term', field: null, comparator: '=', value, quoted: true })),
    });
  });
});

describe('Shopify family-name search terms', () => {
  it('searches each distinct family name once as a quoted last_name term, and keys in no compared form not at all', () => {
    const keys = [['smith', '02139'], ['smith', 'SW1A1AA'], ['or', '02139'], ['smith" OR last_name:*', '02139'], ['jones', 'sw1a 1aa']] as const;
    const query = customerSearchQuery(keys.map(([value, postalCode]) => ({ kind: 'familyName', value, postalCode })));
    expect(query).toBe('last_name:"smith" OR last_name:"or"');
    expect(parseSearchQuery(query)).toEqual({
      kind: 'or',
      items: ['smith', 'or'].map((value) => ({ kind: 'term', field: 'last_name', comparator: '=', value, quoted: true })),
    });
  });
});

describe('Shopify search-syntax parser (sandbox side)', () => {
  it('reads fields, comparators, bare and quoted values, NOT/-, implicit AND, OR and parentheses', () => {
    expect(parseSearchQuery('id:>=12 -email:* (phone:+1 OR NOT "free text")')).toEqual({
      kind: 'and',
      items: [
        { kind: 'term', field: 'id', comparator: '>=', value: '12', quoted: false },
        { kind: 'not', item: { kind: 'term', field: 'email', comparator: '=', value: '*', quoted: false } },
        {
          kind: 'or',
          items: [
            { kind: 'term', field: 'phone', comparator: '=', value: '+1', quoted: false },
            { kind: 'not', item: { kind: 'term', field: null, comparator: '=', value: 'free text', quoted: true } },
          ],
        },
      ],
    });
  });

  it('drops empty operands and stray parentheses instead of matching everything', () => {
    expect(parseSearchQuery('email:a@b.com OR')).toEqual({ kind: 'term', field: 'email', comparator: '=', value: 'a@b.com', quoted: false });
    expect(parseSearchQuery(') AND AND email:x ((')).toEqual({ kind: 'term', field: 'email', comparator: '=', value: 'x', quoted: false });
    expect(parseSearchQuery('')).toEqual({ kind: 'all' });
  });
});
