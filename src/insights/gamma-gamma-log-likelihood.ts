import lnGamma from '@stdlib/math-base-special-gammaln';
import type { SpendHistory } from './purchase-history.js';

/**
 * Gamma-Gamma spend parameters (Colombo & Jiang 1999; Fader, Hardie & Lee 2005, "RFM and CLV"): each purchase's
 * value is Gamma(shape p, rate ν) for the customer, and ν ~ Gamma(shape q, rate γ) across customers.
 */
export interface GammaGammaParams {
  readonly p: number;
  readonly q: number;
  readonly gamma: number;
}

/** Throws a RangeError naming the field unless the spend history is one the model can read. */
function assertSpendHistory({ x, meanSpend }: SpendHistory): void {
  if (!Number.isInteger(x) || x < 1) throw new RangeError(`Gamma-Gamma needs x >= 1 repeat purchases: ${x}`);
  if (!(Number.isFinite(meanSpend) && meanSpend > 0)) throw new RangeError(`meanSpend must be positive: ${meanSpend}`);
}

/**
 * The Gamma-Gamma log-likelihood of the customers' mean repeat spend given their repeat purchase counts,
 * prepared once for many parameter sets; in log-gammas, so large x and p stay finite.
 */
export function createGammaGammaLogLikelihood(spends: readonly SpendHistory[]): (params: GammaGammaParams) => number {
  spends.forEach(assertSpendHistory);
  const rows = spends.map(({ x, meanSpend }) => ({ x, logMean: Math.log(meanSpend), logX: Math.log(x), total: x * meanSpend }));
  return ({ p, q, gamma }) => {
    const shared = q * Math.log(gamma) - lnGamma(q);
    let sum = 0;
    for (const { x, logMean, logX, total } of rows) {
      const px = p * x;
      sum += shared + lnGamma(px + q) - lnGamma(px) + (px - 1) * logMean + px * logX - (px + q) * Math.log(gamma + total);
    }
    return sum;
  };
}

/** The Gamma-Gamma log-likelihood of a population's repeat spend at the given parameters. */
export function gammaGammaLogLikelihood(params: GammaGammaParams, spends: readonly SpendHistory[]): number {
  return createGammaGammaLogLikelihood(spends)(params);
}
