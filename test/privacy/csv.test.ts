import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src/privacy/index.js';

describe('portable CSV', () => {
  it('quotes what RFC 4180 asks to be quoted and keeps values exact', () => {
    const csv = toCsv(['a', 'b', 'c'], [['plain', 'with, comma', 'say "hi"'], ['line\nbreak', null, ['x', 'y']]]);
    expect(csv).toBe('a,b,c\r\nplain,"with, comma","say ""hi"""\r\n"line\nbreak",,x;y\r\n');
  });

  it('neutralises cells a spreadsheet would run as formulas', () => {
    const csv = toCsv(['v'], [['=HYPERLINK("http://evil")'], ['+SUM(A1)'], ['-2+3*cmd'], ['@SUM(A1)'], ['safe']]);
    expect(csv.split('\r\n').slice(1, 6)).toEqual([`"'=HYPERLINK(""http://evil"")"`, "'+SUM(A1)", "'-2+3*cmd", "'@SUM(A1)", 'safe']);
  });

  it('leaves phone numbers and negative amounts as they are', () => {
    expect(toCsv(['phone', 'amount'], [['+1 (415) 555-0100', '-12.50']])).toBe('phone,amount\r\n+1 (415) 555-0100,-12.50\r\n');
  });
});
