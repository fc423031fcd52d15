import mt19937 from '@stdlib/random-base-mt19937';
import type { WorldLine } from './world-types.js';

// The products a till weighs rather than counts; their unit price is per kilogram.
const WEIGHED_SKUS = ['ESP-1K'];
const WEIGHED_SHARE = 0.6;
// A second key word keeps this stream apart from any stream seeded with the world's seed alone.
const STREAM = 0x77_65_69_67; // "weig"

/**
 * Creates the stream that weighs POS lines, seeded from the world's seed but separate from the generator's own
 * stream, so that drawing weights changes no other value of a world (people, records, ids, dates, prices): the
 * count a line was drawn with stays its whole part, and the weight adds a fraction of a kilogram to it.
 */
export function createLineWeigher(seed: number): (line: WorldLine) => WorldLine {
  const twister = mt19937.factory({ seed: [seed >>> 0, STREAM] });
  const uniform = () => twister() / 4_294_967_296; // a 32-bit word as [0, 1): ample for a share and a weight
  return (line) => {
    if (!WEIGHED_SKUS.some((sku) => line.sku.startsWith(`${sku}-`)) || uniform() >= WEIGHED_SHARE) return line;
    const grams = 10 * (1 + Math.floor(uniform() * 99)); // 10 g … 990 g on top of the whole kilograms
    // Parsed from its decimal form, so the number prints back as exactly that decimal ("1.35", never "1.3499…").
    return { ...line, quantity: Number(`${line.quantity}.${String(grams).padStart(3, '0')}`), weightUnit: 'METRIC_KILOGRAM' };
  };
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * A line's total in minor units: unit price × quantity, exact, rounded half to even to the minor unit as Square's
 * Orders API rounds (Bankers' Rounding). A whole quantity gives the plain product.
 */
export function lineTotalMinor(line: Pick<WorldLine, 'quantity' | 'unitMinor'>): number {
  const match = DECIMAL.exec(String(line.quantity));
  if (!match) throw new RangeError(`not a decimal quantity: ${line.quantity}`);
  const [, whole = '0', fraction = ''] = match;
  const scale = 10n ** BigInt(fraction.length);
  const product = BigInt(whole + fraction) * BigInt(line.unitMinor);
  const quotient = product / scale;
  const twice = 2n * (product % scale);
  const roundUp = twice > scale || (twice === scale && quotient % 2n === 1n);
  return Number(roundUp ? quotient + 1n : quotient);
}
