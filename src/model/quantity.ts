// A plain non-negative decimal: digits, then optionally a point and digits ("2", "2.25", "1.70000").
const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * Normalises a vendor quantity into the canonical exact decimal string: a count (Shopify's `Int`, Square's `"3"`)
 * or a measure of an item sold by weight or length (Square's `"2.25"`, `"1.70000"`), never through a float. Leading
 * zeros of the whole part and trailing zeros of the fraction go ("1.70000" → "1.7", "007" → "7", "2.0" → "2"), so
 * equal quantities are equal strings whatever precision the vendor wrote them with. Throws a RangeError for anything
 * else: a negative, fractional or unsafe number, or a string that is not a plain decimal.
 */
export function parseDecimalQuantity(quantity: string | number): string {
  if (typeof quantity === 'number') {
    if (!Number.isSafeInteger(quantity) || quantity < 0) throw new RangeError(`not a whole count: ${quantity}`);
    return String(quantity);
  }
  const match = DECIMAL.exec(quantity.trim());
  if (!match) throw new RangeError(`not a decimal quantity: ${JSON.stringify(quantity)}`);
  const [, whole = '0', fraction = ''] = match;
  const significant = fraction.replace(/0+$/, '');
  const integer = whole.replace(/^0+(?=\d)/, '');
  return significant === '' ? integer : `${integer}.${significant}`;
}
