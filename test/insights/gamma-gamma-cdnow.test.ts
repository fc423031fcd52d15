import { describe, expect, it } from 'vitest';
import { expectedSpend, fitGammaGamma, gammaGammaLogLikelihood } from '../../src/insights/index.js';
import { agreesTo } from './support/agree.js';
import { readCdnowSummary } from './support/cdnow.js';

// Fader, Hardie & Lee (2005), "RFM and CLV", on the 946 CDNOW sample customers with repeat purchases.
const PUBLISHED = { p: 6.25, q: 3.74, gamma: 15.44 };

const repeaters = readCdnowSummary()
  .filter((c) => c.x > 0)
  .map((c) => ({ x: c.x, meanSpend: c.zbar }));
const fit = fitGammaGamma(repeaters);

describe('Gamma-Gamma on the CDNOW sample', () => {
  it('fits the 946 customers with repeat purchases', () => {
    expect(fit.customersFitted).toBe(946);
    expect(fit.converged).toBe(true);
    expect(fit.covariance).toHaveLength(3);
  });

  it('reproduces the published p, q and γ to 2 significant digits', () => {
    for (const name of ['p', 'q', 'gamma'] as const) {
      expect(agreesTo(2, fit.params[name], PUBLISHED[name]), `${name} = ${fit.params[name]}`).toBe(true);
    }
  });

  it('is at a maximum: the published parameters are no more likely', () => {
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(gammaGammaLogLikelihood(PUBLISHED, repeaters));
    // Independently evaluated with scipy 1.17 (gammaln) at the scipy optimum: −4055.92324.
    expect(fit.logLikelihood).toBeCloseTo(-4055.92324, 3);
  });

  it('matches the hand-checked expected spend of CDNOW customers', () => {
    // (γ + x·m̄)·p / (p·x + q − 1) at the published parameters, evaluated with mpmath at 30 digits.
    expect(expectedSpend(PUBLISHED, 2, 22.35)).toBeCloseTo(24.66371391, 7); // customer 1
    expect(expectedSpend(PUBLISHED, 7, 73.74)).toBeCloseTo(71.4696709, 6); // customer 6
    expect(expectedSpend(PUBLISHED, 0, 0)).toBeCloseTo(35.2189781, 6); // the population mean p·γ / (q − 1)
  });

  it('pulls a customer with few repeat purchases towards the population mean, and one with many less', () => {
    const populationMean = expectedSpend(PUBLISHED, 0, 0);
    const few = expectedSpend(PUBLISHED, 1, 100);
    const many = expectedSpend(PUBLISHED, 20, 100);
    expect(few).toBeGreaterThan(populationMean);
    expect(few).toBeLessThan(many);
    expect(many).toBeLessThan(100);
  });

  it('refuses spend it cannot model, naming the field', () => {
    expect(() => fitGammaGamma([])).toThrow(/at least one customer/);
    expect(() => fitGammaGamma([{ x: 0, meanSpend: 10 }])).toThrow(/x >= 1/);
    expect(() => fitGammaGamma([{ x: 2, meanSpend: 0 }])).toThrow(/meanSpend must be positive/);
    expect(() => expectedSpend({ p: 6, q: 1, gamma: 15 }, 1, 10)).toThrow(/q <= 1/);
  });
});
