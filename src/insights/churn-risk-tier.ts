import { cutPoints, groupOf } from './quantile.js';

/** Quarter of the fitted population by P(alive), 1 holding the customers most likely to have churned. */
export type RiskQuartile = 1 | 2 | 3 | 4;

/** A relative churn-risk tier: where the customer's P(alive) ranks among the population's, not a probability. */
export interface ChurnRiskTier {
  readonly quartile: RiskQuartile;
  readonly label: string;
}

/** The label of each quartile; every one says that it is relative to the other customers. */
export const CHURN_RISK_LABELS: Readonly<Record<RiskQuartile, string>> = {
  1: 'highest relative risk: lowest quarter of P(alive) among customers',
  2: 'above-median relative risk',
  3: 'below-median relative risk',
  4: 'lowest relative risk: highest quarter of P(alive) among customers',
};

/** The quartile cut points of the population's P(alive) (three, ascending). */
export function fitChurnRiskCutPoints(probabilitiesAlive: readonly number[]): number[] {
  if (probabilitiesAlive.length === 0) throw new RangeError('churn-risk cut points need at least one P(alive)');
  return cutPoints(probabilitiesAlive, 4);
}

/** The relative tier of a P(alive) against the population's quartiles (a value on a cut point ranks riskier). */
export function churnRiskTier(probabilityAlive: number, cuts: readonly number[]): ChurnRiskTier {
  const quartile = groupOf(probabilityAlive, cuts) as RiskQuartile;
  return { quartile, label: CHURN_RISK_LABELS[quartile] };
}
