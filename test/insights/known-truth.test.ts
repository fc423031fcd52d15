import { describe, expect, it } from 'vitest';
import { WORLD_PURCHASE_PROCESS } from '../../connectors/sandbox-kit/index.js';
import { createSeededRandom, expectedPurchases, fitBgNbd, fitGammaGamma } from '../../src/insights/index.js';
import { splitAt } from './support/cdnow.js';
import { simulatePurchases } from './support/simulate-purchases.js';

// The documented truth, in days, that the sandbox world's buyers are drawn with too: CDNOW-like purchasing (a
// purchase every ~120 days while alive, about one customer in four dropping out after each repeat purchase) and spend.
const TRUTH = WORLD_PURCHASE_PROCESS;
const COHORT_START = new Date(Date.UTC(2024, 0, 1));
const CALIBRATION_END = new Date(Date.UTC(2024, 11, 31));
const HOLDOUT_END = new Date(Date.UTC(2025, 11, 31));

const population = simulatePurchases(
  { ...TRUTH, customers: 5000, cohortStart: COHORT_START, cohortDays: 90, until: HOLDOUT_END },
  createSeededRandom(1),
).map((purchases) => splitAt(purchases, CALIBRATION_END, HOLDOUT_END));
const calibration = population.map((c) => c.calibration);
const purchases = fitBgNbd(calibration);
const spend = fitGammaGamma(calibration.filter((c) => c.x > 0).map((c) => ({ x: c.x, meanSpend: c.meanRepeatSpend })));

// Within three standard errors of the fit's own covariance: a check of the estimate and of its uncertainty.
function expectWithinThreeStandardErrors(fit: { logParams: readonly number[]; covariance: readonly (readonly number[])[] | null }, truth: readonly number[]) {
  truth.forEach((value, i) => {
    const standardError = Math.sqrt(fit.covariance?.[i]?.[i] ?? NaN);
    expect(standardError).toBeLessThan(0.25);
    expect(Math.abs((fit.logParams[i] ?? NaN) - Math.log(value)) / standardError, `parameter ${i}`).toBeLessThan(3);
  });
}

describe('fits on a population drawn from the models', () => {
  it('recovers the BG/NBD parameters within three standard errors, and the mean purchase rate r / α within 10 %', () => {
    const { r, alpha, a, b } = TRUTH.purchases;
    expect(purchases.converged).toBe(true);
    expectWithinThreeStandardErrors(purchases, [r, alpha, a, b]);
    expect(Math.abs(purchases.params.r / purchases.params.alpha / (r / alpha) - 1)).toBeLessThan(0.1);
  });

  it('recovers the Gamma-Gamma parameters within three standard errors, and the mean spend within 5 %', () => {
    const { p, q, gamma } = TRUTH.spend;
    const meanSpend = (s: { p: number; q: number; gamma: number }) => (s.p * s.gamma) / (s.q - 1);
    expect(spend.customersFitted).toBeGreaterThan(1500);
    expectWithinThreeStandardErrors(spend, [p, q, gamma]);
    expect(Math.abs(meanSpend(spend.params) / meanSpend(TRUTH.spend) - 1)).toBeLessThan(0.05);
  });

  it('predicts the holdout year’s purchases within 10 % in aggregate', () => {
    const expected = population.reduce((sum, c) => sum + expectedPurchases(purchases.params, c.calibration, 365), 0);
    const actual = population.reduce((sum, c) => sum + c.holdoutPurchases, 0);
    expect(actual).toBeGreaterThan(2000);
    expect(Math.abs(expected / actual - 1)).toBeLessThan(0.1);
  });
});
