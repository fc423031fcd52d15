import { describe, expect, it } from 'vitest';
import { parseDecimalQuantity } from '../../src/model/index.js';

describe('parseDecimalQuantity', () => {
  it.each([
    ['2', '2'], ['2.25', '2.25'], ['1.70000', '1.7'], ['2.0', '2'], ['007', '7'], ['0.500', '0.5'], ['0', '0'], [' 3 ', '3'],
    ['123456789012345678901234.000000000000000000001', '123456789012345678901234.000000000000000000001'],
  ])('writes the vendor decimal %j as the canonical exact string %j', (vendor, canonical) => {
    expect(parseDecimalQuantity(vendor)).toBe(canonical);
  });

  it('writes a whole count (Shopify Int) as its decimal string', () => {
    expect([parseDecimalQuantity(1), parseDecimalQuantity(0), parseDecimalQuantity(250)]).toEqual(['1', '0', '250']);
  });

  it.each(['', 'two', '-1', '1.', '.5', '1e3', '1,5', '0x10'])('refuses %j, which is no plain decimal, with a RangeError', (bad) => {
    expect(() => parseDecimalQuantity(bad)).toThrow(RangeError);
  });

  it.each([1.5, -1, Number.NaN, 2 ** 53])('refuses the number %s, which is no whole count', (bad) => {
    expect(() => parseDecimalQuantity(bad)).toThrow(RangeError);
  });
});
