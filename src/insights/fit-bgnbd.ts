import { createBgNbdLogLikelihood, type BgNbdParams } from './bgnbd-log-likelihood.js';
import { fitMaximumLikelihood, type MaximumLikelihoodFit } from './fit-maximum-likelihood.js';
import type { PurchaseHistory } from './purchase-history.js';

/** A BG/NBD fit: the estimates, with what the fit rests on and its uncertainty. */
export interface BgNbdFit extends Omit<MaximumLikelihoodFit, 'logParams'> {
  readonly params: BgNbdParams;
  /** Log-parameters in the covariance's order: ln r, ln α, ln a, ln b. */
  readonly logParams: readonly number[];
  readonly customersFitted: number;
}

/** BG/NBD parameters from log-parameters in the order ln r, ln α, ln a, ln b. */
export function bgnbdParamsOf(logParams: readonly number[]): BgNbdParams {
  const [r = 0, alpha = 0, a = 0, b = 0] = logParams.map(Math.exp);
  return { r, alpha, a, b };
}

/** Fits the BG/NBD model to a population by maximum likelihood; α comes out in the histories' time unit. */
export function fitBgNbd(histories: readonly PurchaseHistory[]): BgNbdFit {
  const repeats = histories.reduce((sum, h) => sum + h.x, 0);
  // With no repeat purchase the likelihood keeps rising as the rates shrink to 0: there is no estimate.
  if (repeats === 0) throw new RangeError(`fitBgNbd needs at least one repeat purchase among ${histories.length} customers`);
  const logLikelihood = createBgNbdLogLikelihood(histories);
  // Start at r = a = b = 1 and α matching the population's mean purchase rate (r / α = Σx / ΣT).
  const exposure = histories.reduce((sum, h) => sum + h.T, 0);
  const fit = fitMaximumLikelihood((point) => logLikelihood(bgnbdParamsOf(point)), [0, Math.log(exposure / repeats), 0, 0]);
  return { ...fit, params: bgnbdParamsOf(fit.logParams), customersFitted: histories.length };
}
