/** An exact amount: integer minor units of an ISO 4217 currency. Never a float. */
export interface Money {
  /** Minor units (cents for USD, yen for JPY, fils for KWD). A safe integer. */
  minor: number;
  currency: string;
}

// ISO 4217 exponents that differ from 2; everything else has 2 minor digits.
const EXPONENT: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0,
  VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

/** The number of minor-unit digits of an ISO 4217 currency. */
export function currencyExponent(currency: string): number {
  return EXPONENT[currency.toUpperCase()] ?? 2;
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * Parses a vendor decimal string ("8305.6", "1200", "3.125") into exact minor units.
 * Throws a RangeError for anything that is not a plain decimal, carries more digits
 * than the currency has, or does not fit a safe integer.
 */
export function parseDecimalMoney(amount: string, currency: string): Money {
  const match = DECIMAL.exec(amount.trim());
  if (!match) throw new RangeError(`not a decimal amount: ${JSON.stringify(amount)}`);
  const [, sign, whole = '0', fraction = ''] = match;
  const exponent = currencyExponent(currency);
  const significant = fraction.replace(/0+$/, '');
  if (significant.length > exponent) {
    throw new RangeError(`${currency} takes ${exponent} decimals: ${amount}`);
  }
  const digits = whole + fraction.padEnd(exponent, '0').slice(0, exponent);
  const minor = Number(BigInt(digits)) * (sign ? -1 : 1);
  if (!Number.isSafeInteger(minor)) throw new RangeError(`amount out of range: ${amount}`);
  return { minor: minor === 0 ? 0 : minor, currency: currency.toUpperCase() };
}

/** Formats minor units as the exact decimal string of the currency ("12.50", "1200", "3.125"). */
export function formatMinorUnits(money: Money): string {
  const exponent = currencyExponent(money.currency);
  const negative = money.minor < 0;
  const digits = String(Math.abs(money.minor)).padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = exponent > 0 ? `.${digits.slice(digits.length - exponent)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}
