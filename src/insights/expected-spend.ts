import type { GammaGammaParams } from './gamma-gamma-log-likelihood.js';

/**
 * The expected value of the customer's next purchases given x repeat purchases of mean value `meanSpend`
 * (FHL 2005 "RFM and CLV", eq. 5): (γ + x·m̄)·p / (p·x + q − 1), a weighted mean of the population mean
 * p·γ / (q − 1) and the customer's own m̄. With x = 0 it is the population mean. Needs q > 1.
 */
export function expectedSpend({ p, q, gamma }: GammaGammaParams, x: number, meanSpend: number): number {
  if (!(q > 1)) throw new RangeError(`the mean spend is undefined for q <= 1: ${q}`);
  if (!(Number.isInteger(x) && x >= 0)) throw new RangeError(`x must be a whole number >= 0: ${x}`);
  return ((gamma + x * (x > 0 ? meanSpend : 0)) * p) / (p * x + q - 1);
}
