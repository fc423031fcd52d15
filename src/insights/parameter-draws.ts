import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import type { Random } from './create-random.js';
import { quantile } from './quantile.js';

/** A range that holds the quantity with the stated probability. */
export interface Interval {
  readonly low: number;
  readonly high: number;
  /** 0.8 for an 80 % interval. */
  readonly level: number;
}

/**
 * Parameter sets drawn from the fit's sampling distribution: log-parameters ~ N(estimate, covariance), the
 * asymptotic normal law of a maximum-likelihood estimate (a parametric bootstrap over the fit's uncertainty,
 * without refitting). Returned as log-parameters, one array per draw.
 */
export function drawLogParameters(
  logParams: readonly number[],
  covariance: readonly (readonly number[])[],
  draws: number,
  random: Random,
): number[][] {
  const lower = new CholeskyDecomposition(new Matrix(covariance.map((row) => [...row]))).lowerTriangularMatrix.to2DArray();
  return Array.from({ length: draws }, () => {
    const z = logParams.map(() => random.normal());
    return logParams.map((mean, i) => mean + (lower[i] ?? []).reduce((sum, l, j) => sum + l * (z[j] ?? 0), 0));
  });
}

/** The central interval holding `level` of the values (its ends are the (1 ± level) / 2 quantiles). */
export function percentileInterval(values: readonly number[], level: number): Interval {
  const sorted = values.filter(Number.isFinite).sort((p, q) => p - q);
  return { low: quantile(sorted, (1 - level) / 2), high: quantile(sorted, (1 + level) / 2), level };
}
