import { describe, expect, it } from 'vitest';
import { currencyExponent, formatMinorUnits, parseDecimalMoney } from '../../src/model/index.js';

describe('currencyExponent', () => {
  it('gives ISO 4217 minor digits: 2 by default, 0 for JPY, 3 for KWD, 4 for CLF', () => {
    expect(currencyExponent('USD')).toBe(2);
    expect(currencyExponent('EUR')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('KRW')).toBe(0);
    expect(currencyExponent('KWD')).toBe(3);
    expect(currencyExponent('BHD')).toBe(3);
    expect(currencyExponent('CLF')).toBe(4);
  });

  it('ignores the case of the currency code', () => {
    expect(currencyExponent('jpy')).toBe(0);
    expect(currencyExponent('kwd')).toBe(3);
  });
});

describe('parseDecimalMoney', () => {
  it.each([
    ['8305.6', 'USD', 830560],
    ['8305.60', 'USD', 830560],
    ['12', 'USD', 1200],
    ['0.01', 'USD', 1],
    ['1200', 'JPY', 1200],
    ['3.125', 'KWD', 3125],
    ['1.500', 'KWD', 1500],
    ['1.5', 'KWD', 1500],
    ['1.50000', 'USD', 150],
    ['1200.000', 'JPY', 1200],
    ['-12.34', 'USD', -1234],
    ['-3.125', 'KWD', -3125],
    ['0.0001', 'CLF', 1],
  ])('parses %s %s into %i minor units', (amount, currency, minor) => {
    expect(parseDecimalMoney(amount, currency)).toEqual({ minor, currency });
  });

  it('upper-cases the currency and trims surrounding white space', () => {
    expect(parseDecimalMoney(' 7.5 ', 'usd')).toEqual({ minor: 750, currency: 'USD' });
  });

  it('turns negative zero into plain zero', () => {
    const { minor } = parseDecimalMoney('-0.00', 'USD');
    expect(Object.is(minor, 0)).toBe(true);
  });

  it('is exact where binary floating point is not (1.15, 8305.6, 0.1 + 0.2)', () => {
    // 1.15 * 100 === 114.99999999999999 and 0.1 + 0.2 === 0.30000000000000004 in floats.
    expect(parseDecimalMoney('1.15', 'USD').minor).toBe(115);
    expect(parseDecimalMoney('4.35', 'USD').minor).toBe(435);
    expect(parseDecimalMoney('1.005', 'KWD').minor).toBe(1005);
    const sum = parseDecimalMoney('0.1', 'USD').minor + parseDecimalMoney('0.2', 'USD').minor;
    expect(formatMinorUnits({ minor: sum, currency: 'USD' })).toBe('0.30');
  });

  it('returns integer minor units, never fractions', () => {
    for (const amount of ['0.07', '19.99', '8305.6', '123456789.01']) {
      expect(Number.isInteger(parseDecimalMoney(amount, 'USD').minor)).toBe(true);
    }
  });

  it('rejects more decimals than the currency has, naming the currency', () => {
    expect(() => parseDecimalMoney('12.5', 'JPY')).toThrow(/JPY takes 0 decimals/);
    expect(() => parseDecimalMoney('1.001', 'USD')).toThrow(RangeError);
    expect(() => parseDecimalMoney('3.1255', 'KWD')).toThrow(RangeError);
  });

  it.each(['1e3', 'abc', '', '   ', '.5', '5.', '+5', '1,000.00', '12.3.4', '0x10', 'NaN', 'Infinity', '--1', '1 000'])(
    'rejects %j as not a plain decimal',
    (amount) => {
      expect(() => parseDecimalMoney(amount, 'USD')).toThrow(RangeError);
    },
  );

  it('accepts the largest safe integer and rejects anything past it', () => {
    expect(parseDecimalMoney('90071992547409.91', 'USD').minor).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseDecimalMoney('-90071992547409.91', 'USD').minor).toBe(-Number.MAX_SAFE_INTEGER);
    expect(() => parseDecimalMoney('90071992547409.92', 'USD')).toThrow(/out of range/);
    expect(() => parseDecimalMoney('9007199254740993', 'JPY')).toThrow(/out of range/);
    expect(() => parseDecimalMoney('1' + '0'.repeat(40), 'USD')).toThrow(RangeError);
  });
});

describe('formatMinorUnits', () => {
  it.each([
    [830560, 'USD', '8305.60'],
    [5, 'USD', '0.05'],
    [0, 'USD', '0.00'],
    [-5, 'USD', '-0.05'],
    [-1234, 'USD', '-12.34'],
    [1200, 'JPY', '1200'],
    [-1200, 'JPY', '-1200'],
    [3125, 'KWD', '3.125'],
    [1500, 'KWD', '1.500'],
    [7, 'KWD', '0.007'],
    [1, 'CLF', '0.0001'],
  ])('formats %i %s as %s', (minor, currency, text) => {
    expect(formatMinorUnits({ minor, currency })).toBe(text);
  });

  it('round-trips through parseDecimalMoney for every exponent', () => {
    const amounts = [0, 1, 9, 10, 99, 100, 101, 999, 1000, 12345, 830560, -1, -100, -3125, Number.MAX_SAFE_INTEGER];
    for (const currency of ['USD', 'JPY', 'KWD', 'CLF']) {
      for (const minor of amounts) {
        const text = formatMinorUnits({ minor, currency });
        expect(parseDecimalMoney(text, currency)).toEqual({ minor, currency });
      }
    }
  });
});
