import { describe, expect, it } from 'vitest';
import {
  bgnbdLogLikelihood,
  expectedPurchases,
  expectedPurchasesOfNewCustomer,
  fitBgNbd,
  probabilityAlive,
} from '../../src/insights/index.js';
import { agreesTo } from './support/agree.js';
import { readCdnowSummary } from './support/cdnow.js';

// Fader, Hardie & Lee (2005), "Counting your customers the easy way", on the 2,357-customer CDNOW sample in
// weeks (fixtures/README.md).
const PUBLISHED = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const PUBLISHED_LOG_LIKELIHOOD = -9582.4;

const customers = readCdnowSummary();
const inWeeks = fitBgNbd(customers);
const inDays = fitBgNbd(customers.map(({ x, tx, T }) => ({ x, tx: tx * 7, T: T * 7 })));

describe('BG/NBD on the CDNOW sample', () => {
  it('reproduces the published r, α, a and b to 2 significant digits, in weeks', () => {
    expect(inWeeks.converged).toBe(true);
    expect(inWeeks.customersFitted).toBe(2357);
    for (const name of ['r', 'alpha', 'a', 'b'] as const) {
      expect(agreesTo(2, inWeeks.params[name], PUBLISHED[name]), `${name} = ${inWeeks.params[name]}`).toBe(true);
    }
  });

  it('reproduces the published log-likelihood to 0.1 %', () => {
    expect(Math.abs(inWeeks.logLikelihood / PUBLISHED_LOG_LIKELIHOOD - 1)).toBeLessThan(0.001);
    expect(bgnbdLogLikelihood(inWeeks.params, customers)).toBeCloseTo(inWeeks.logLikelihood, 8);
  });

  it('finds the same customers in days with α seven times as large and r, a, b unchanged', () => {
    expect(inDays.params.alpha / inWeeks.params.alpha).toBeCloseTo(7, 3);
    expect(inDays.params.r).toBeCloseTo(inWeeks.params.r, 4);
    expect(inDays.params.a).toBeCloseTo(inWeeks.params.a, 4);
    expect(inDays.params.b).toBeCloseTo(inWeeks.params.b, 4);
  });

  it('gives each parameter a positive-definite covariance with standard errors below the estimates', () => {
    const covariance = inWeeks.covariance ?? [];
    expect(covariance).toHaveLength(4);
    // Standard errors of the log-parameters, i.e. relative standard errors of r, α, a, b.
    const relative = covariance.map((row, i) => Math.sqrt(row[i] ?? NaN));
    for (const se of relative) expect(se).toBeGreaterThan(0.01);
    for (const se of relative) expect(se).toBeLessThan(0.5);
  });
});

// Hand-checked against an independent evaluation of the closed forms at the published parameters, with mpmath
// 1.3.0 at 30 digits: P(alive) = 1 / (1 + δ(x>0)·a/(b+x−1)·((α+T)/(α+t_x))^(r+x)) (Fader, Hardie & Lee 2008,
// "Computing P(alive) using the BG/NBD model") and E[Y(t)] by FHL 2005 eq. 10 with mpmath.hyp2f1:
//   ey = (a+b+x-1)/(a-1) * (1 - ((al+T)/(al+T+t))**(r+x) * hyp2f1(r+x, b+x, a+b+x-1, t/(al+T+t))) * palive
const HAND_CHECKED = [
  { id: 1, x: 2, tx: 30.43, T: 38.86, alive: 0.7265785701, next39Weeks: 1.226028175 },
  { id: 2, x: 1, tx: 1.71, T: 38.86, alive: 0.2121009854, next39Weeks: 0.2031869871 },
  { id: 3, x: 0, tx: 0, T: 38.86, alive: 1, next39Weeks: 0.195098052 },
  { id: 6, x: 7, tx: 29.43, T: 38.86, alive: 0.6417563459, next39Weeks: 3.337053275 },
  { id: 1516, x: 26, tx: 30.86, T: 31, alive: 0.9689156497, next39Weeks: 20.74972614 },
];

describe('BG/NBD predictions for CDNOW customers', () => {
  it.each(HAND_CHECKED)('matches the hand-checked P(alive) and expected purchases of customer $id', (customer) => {
    const history = customers.find((c) => c.id === customer.id);
    expect(history).toMatchObject({ x: customer.x, tx: customer.tx, T: customer.T });
    expect(probabilityAlive(PUBLISHED, customer)).toBeCloseTo(customer.alive, 9);
    expect(expectedPurchases(PUBLISHED, customer, 39)).toBeCloseTo(customer.next39Weeks, 8);
  });

  it('predicts the same in days as in weeks', () => {
    const days = { ...PUBLISHED, alpha: PUBLISHED.alpha * 7 };
    for (const { x, tx, T, alive, next39Weeks } of HAND_CHECKED) {
      const history = { x, tx: tx * 7, T: T * 7 };
      expect(probabilityAlive(days, history)).toBeCloseTo(alive, 9);
      expect(expectedPurchases(days, history, 39 * 7)).toBeCloseTo(next39Weeks, 8);
    }
  });

  it('matches the hand-checked expectation of a new customer (FHL 2005, eq. 9)', () => {
    // (a+b-1)/(a-1) * (1 - (al/(al+t))**r * hyp2f1(r, b, a+b-1, t/(al+t))), mpmath at 30 digits.
    expect(expectedPurchasesOfNewCustomer(PUBLISHED, 39)).toBeCloseTo(1.196723193, 8);
    expect(expectedPurchasesOfNewCustomer(PUBLISHED, 78)).toBeCloseTo(1.860519058, 8);
  });

  it('expects no purchases over no time, and more over a longer horizon', () => {
    const customer = { x: 2, tx: 30.43, T: 38.86 };
    expect(expectedPurchases(PUBLISHED, customer, 0)).toBe(0);
    expect(expectedPurchases(PUBLISHED, customer, 52)).toBeGreaterThan(expectedPurchases(PUBLISHED, customer, 39));
  });

  it('refuses histories the model cannot read, naming the field', () => {
    expect(() => probabilityAlive(PUBLISHED, { x: 1, tx: 40, T: 38 })).toThrow(/tx must lie in \[0, T\]/);
    expect(() => probabilityAlive(PUBLISHED, { x: 1.5, tx: 1, T: 38 })).toThrow(/x must be a whole number/);
    expect(() => expectedPurchases(PUBLISHED, { x: 1, tx: 1, T: 38 }, -1)).toThrow(/horizon/);
  });
});
