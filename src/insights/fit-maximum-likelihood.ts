import { CholeskyDecomposition, Matrix, inverse } from 'ml-matrix';
import { minimizeNelderMead } from './minimize-nelder-mead.js';
import { numericHessian } from './numeric-hessian.js';

/** A maximum-likelihood estimate on log-parameters, with its estimated sampling uncertainty. */
export interface MaximumLikelihoodFit {
  readonly logParams: readonly number[];
  readonly logLikelihood: number;
  /** Simplex iterations over all restarts. */
  readonly iterations: number;
  readonly converged: boolean;
  /**
   * Covariance of the log-parameters: the inverse of the observed information (the numeric Hessian of the
   * negative log-likelihood at the estimate). Null when that is not positive definite, i.e. the fit is
   * not at a proper maximum.
   */
  readonly covariance: readonly (readonly number[])[] | null;
}

// Nelder–Mead can settle on a ridge before the optimum; restarting from where it stopped, with a fresh
// simplex, is the usual remedy. Three rounds are plenty on these smooth four- and three-parameter surfaces.
const ROUNDS = 3;

/** Maximizes a log-likelihood over log-parameters (so every parameter stays positive). */
export function fitMaximumLikelihood(
  logLikelihood: (logParams: readonly number[]) => number,
  start: readonly number[],
): MaximumLikelihoodFit {
  const negative = (point: readonly number[]): number => -logLikelihood(point);
  let point = start;
  let value = Infinity;
  let iterations = 0;
  let converged = false;
  for (let round = 0; round < ROUNDS; round += 1) {
    const minimum = minimizeNelderMead(negative, point, { step: round === 0 ? 0.5 : 0.05 });
    iterations += minimum.iterations;
    const settled = value - minimum.value < 1e-7;
    ({ point, value, converged } = minimum);
    if (settled && round > 0) break;
  }
  return { logParams: point, logLikelihood: -value, iterations, converged, covariance: covarianceAt(negative, point) };
}

function covarianceAt(negative: (point: readonly number[]) => number, point: readonly number[]): number[][] | null {
  const hessian = new Matrix(numericHessian(negative, point));
  if (!new CholeskyDecomposition(hessian).isPositiveDefinite()) return null;
  const covariance = inverse(hessian);
  // Rounding leaves the inverse a hair off symmetric, which a Cholesky factorization (for the draws) refuses.
  return covariance.add(covariance.transpose()).div(2).to2DArray();
}
