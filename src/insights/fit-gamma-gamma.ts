import { fitMaximumLikelihood, type MaximumLikelihoodFit } from './fit-maximum-likelihood.js';
import { createGammaGammaLogLikelihood, type GammaGammaParams } from './gamma-gamma-log-likelihood.js';
import type { SpendHistory } from './purchase-history.js';

/** A Gamma-Gamma fit: the estimates, with what the fit rests on and its uncertainty. */
export interface GammaGammaFit extends Omit<MaximumLikelihoodFit, 'logParams'> {
  readonly params: GammaGammaParams;
  /** Log-parameters in the covariance's order: ln p, ln q, ln γ. */
  readonly logParams: readonly number[];
  readonly customersFitted: number;
}

/** Gamma-Gamma parameters from log-parameters in the order ln p, ln q, ln γ. */
export function gammaGammaParamsOf(logParams: readonly number[]): GammaGammaParams {
  const [p = 0, q = 0, gamma = 0] = logParams.map(Math.exp);
  return { p, q, gamma };
}

/** Fits the Gamma-Gamma spend model by maximum likelihood on the customers with repeat purchases. */
export function fitGammaGamma(spends: readonly SpendHistory[]): GammaGammaFit {
  if (spends.length === 0) throw new RangeError('fitGammaGamma needs at least one customer with repeat purchases');
  const logLikelihood = createGammaGammaLogLikelihood(spends);
  // Start at p = q = 1, with γ on the scale of the spend (its unit is currency).
  const meanSpend = spends.reduce((sum, s) => sum + s.meanSpend, 0) / spends.length;
  const fit = fitMaximumLikelihood((point) => logLikelihood(gammaGammaParamsOf(point)), [0, 0, Math.log(meanSpend)]);
  return { ...fit, params: gammaGammaParamsOf(fit.logParams), customersFitted: spends.length };
}
