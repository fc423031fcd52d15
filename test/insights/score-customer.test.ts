import { describe, expect, it } from 'vitest';
import {
  INSIGHT_MINIMUMS,
  MODEL_VERSION,
  createSeededRandom,
  drawLogParameters,
  expectedPurchases,
  expectedSpend,
  fitInsightsModel,
  isInsightUnavailable,
  isUnavailable,
  scoreCustomer,
  summarizePurchases,
  type CustomerSummary,
  type Insight,
  type InsightField,
  type InsightsModel,
} from '../../src/insights/index.js';
import { simulatePurchases } from './support/simulate-purchases.js';

const DAY_MS = 86_400_000;
const START = new Date(Date.UTC(2024, 0, 1));
const AS_OF = new Date(Date.UTC(2024, 11, 31));
const SILOS = ['ECOMMERCE', 'POS'] as const;

function simulatedCustomers(customers: number, cohortDays: number, asOf: Date, seed: number): CustomerSummary[] {
  const options = { purchases: { r: 0.25, alpha: 30, a: 0.8, b: 2.5 }, spend: { p: 6, q: 4, gamma: 15 }, customers, cohortStart: START, cohortDays, until: asOf };
  return simulatePurchases(options, createSeededRandom(seed)).flatMap((purchases) => summarizePurchases(purchases, asOf) ?? []);
}

const population = simulatedCustomers(3000, 90, AS_OF, 7);
const ticks = [100, 142];
const model = fitInsightsModel(population, { asOf: AS_OF, clock: () => ticks.shift() ?? NaN });
const repeatCustomer = population.find((c) => c.x >= 3 && c.T > 200) as CustomerSummary;
const given = <T>(field: InsightField<T>): Insight<T> => {
  if (isInsightUnavailable(field)) throw new Error(`unavailable: ${field.reason}`);
  return field;
};

describe('summarizePurchases', () => {
  const at = (iso: string) => new Date(iso);
  const asOf = at('2024-03-31T23:00:00Z');

  it('counts several purchases on one UTC day as one, of their summed value, and ignores those after asOf', () => {
    const summary = summarizePurchases(
      [
        { at: at('2024-01-01T09:00:00Z'), amount: 10 },
        { at: at('2024-01-01T18:00:00Z'), amount: 5 },
        { at: at('2024-01-11T12:00:00Z'), amount: 20 },
        { at: at('2024-01-21T12:00:00Z'), amount: 40 },
        { at: at('2024-04-02T12:00:00Z'), amount: 1000 },
      ],
      asOf,
    );
    expect(summary).toEqual({ x: 2, tx: 20, T: 90, purchases: 3, meanRepeatSpend: 30, totalSpend: 75, recencyDays: 70 });
  });

  it('has nothing to say without a purchase, and refuses an amount that is not a number', () => {
    expect(summarizePurchases([], asOf)).toBeNull();
    expect(summarizePurchases([{ at: at('2024-05-01T00:00:00Z'), amount: 3 }], asOf)).toBeNull();
    expect(() => summarizePurchases([{ at: at('2024-01-01T00:00:00Z'), amount: NaN }], asOf)).toThrow(/finite number/);
  });
});

describe('fitInsightsModel', () => {
  it('fits every part and keeps only aggregates and diagnostics', () => {
    for (const part of [model.purchases, model.spend, model.rfm, model.churnRisk]) expect(isUnavailable(part)).toBe(false);
    expect(model.modelVersion).toBe(MODEL_VERSION);
    expect(model.diagnostics).toEqual({
      customers: 3000,
      customersFitted: population.filter((c) => c.T > 0).length,
      repeatCustomersFitted: population.filter((c) => c.T > 0 && c.x > 0).length,
      purchaseLogLikelihood: expect.any(Number),
      spendLogLikelihood: expect.any(Number),
      historySpanDays: Math.max(...population.map((c) => c.T)),
      asOf: '2024-12-31T00:00:00.000Z',
      durationMs: 42,
    });
    // Nothing per customer: the longest list in it is a covariance row or a set of cut points.
    const longest = (value: unknown): number =>
      Array.isArray(value) ? Math.max(value.length, ...value.map(longest)) : typeof value === 'object' && value ? Math.max(0, ...Object.values(value).map(longest)) : 0;
    expect(longest(model)).toBe(4);
  });
});

describe('scoreCustomer', () => {
  const insights = scoreCustomer(model, repeatCustomer, { silosCovered: SILOS });

  it('gives every field a value and its basis', () => {
    const basis = { purchasesUsed: repeatCustomer.purchases, historySpanDays: repeatCustomer.T, silosCovered: SILOS, modelVersion: MODEL_VERSION };
    for (const field of Object.values(insights)) expect(field.basis).toEqual(basis);
    expect(given(insights.rfm).value.segment).toEqual(expect.any(String));
    expect(given(insights.churnRisk).value.label).toMatch(/relative risk/);
  });

  it('forecasts 365 days: expected purchases from BG/NBD, and value as purchases times the Gamma-Gamma spend', () => {
    if (isUnavailable(model.purchases) || isUnavailable(model.spend)) throw new Error('model not fitted');
    const purchases = expectedPurchases(model.purchases.params, repeatCustomer, 365);
    expect(given(insights.expectedPurchases).value).toBe(purchases);
    expect(given(insights.expectedValue).value).toBeCloseTo(purchases * expectedSpend(model.spend.params, repeatCustomer.x, repeatCustomer.meanRepeatSpend), 9);
  });

  it('gives 80 % intervals that hold the point estimates', () => {
    for (const field of [insights.probabilityAlive, insights.expectedPurchases, insights.expectedValue]) {
      const { value, interval } = given(field);
      expect(interval?.level).toBe(0.8);
      expect(interval?.low).toBeLessThan(value);
      expect(interval?.high).toBeGreaterThan(value);
    }
  });

  it('gives the same intervals for the same seed and other ones for another', () => {
    expect(scoreCustomer(model, repeatCustomer, { silosCovered: SILOS })).toEqual(insights);
    const reseeded = scoreCustomer(model, repeatCustomer, { silosCovered: SILOS, seed: 99 });
    expect(reseeded.expectedPurchases.value).toBe(insights.expectedPurchases.value);
    expect(given(reseeded.expectedPurchases).interval).not.toEqual(given(insights.expectedPurchases).interval);
  });

  it('ranks about a quarter of the customers with a P(alive) in each risk tier', () => {
    const scored = population.filter((c) => c.purchases >= 2).slice(0, 400);
    const tiers = scored.map((c) => given(scoreCustomer(model, c, { silosCovered: SILOS, draws: 2 }).churnRisk).value.quartile);
    for (const quartile of [1, 2, 3, 4]) expect(tiers.filter((q) => q === quartile).length / scored.length).toBeGreaterThan(0.15);
  });
});

describe('parameter draws', () => {
  it('follow the fit’s covariance', () => {
    const covariance = [[0.04, 0.018], [0.018, 0.01]];
    const draws = drawLogParameters([1, -2], covariance, 20_000, createSeededRandom(3));
    const mean = [0, 1].map((i) => draws.reduce((sum, d) => sum + (d[i] ?? 0), 0) / draws.length);
    const cov = (i: number, j: number) => draws.reduce((sum, d) => sum + ((d[i] ?? 0) - (mean[i] ?? 0)) * ((d[j] ?? 0) - (mean[j] ?? 0)), 0) / draws.length;
    expect(mean[0]).toBeCloseTo(1, 2);
    expect(mean[1]).toBeCloseTo(-2, 2);
    expect(cov(0, 0) / 0.04).toBeCloseTo(1, 1);
    expect(cov(0, 1) / 0.018).toBeCloseTo(1, 1);
    expect(cov(1, 1) / 0.01).toBeCloseTo(1, 1);
  });
});

describe('data minimums', () => {
  const reasons = (insights: ReturnType<typeof scoreCustomer>) =>
    Object.fromEntries(Object.entries(insights).map(([name, field]) => [name, isInsightUnavailable(field) ? field.reason : 'given']));

  it('gives a one-purchase customer RFM scores but no predictions', () => {
    const once = population.find((c) => c.purchases === 1) as CustomerSummary;
    expect(INSIGHT_MINIMUMS.purchasesForPredictions).toBe(2);
    expect(reasons(scoreCustomer(model, once, { silosCovered: SILOS }))).toEqual({
      rfm: 'given',
      probabilityAlive: 'TOO_FEW_PURCHASES',
      churnRisk: 'TOO_FEW_PURCHASES',
      expectedPurchases: 'TOO_FEW_PURCHASES',
      expectedValue: 'TOO_FEW_PURCHASES',
    });
  });

  it('gives a customer without purchases nothing, with the basis of nothing', () => {
    const insights = scoreCustomer(model, null, { silosCovered: [] });
    expect(new Set(Object.values(reasons(insights)))).toEqual(new Set(['TOO_FEW_PURCHASES']));
    expect(insights.rfm.basis).toEqual({ purchasesUsed: 0, historySpanDays: 0, silosCovered: [], modelVersion: MODEL_VERSION });
  });

  const fieldsFor = (model: InsightsModel) => reasons(scoreCustomer(model, repeatCustomer, { silosCovered: SILOS, draws: 10 }));

  it('fits no model on too few customers', () => {
    const small = population.slice(0, INSIGHT_MINIMUMS.customersForPurchaseFit - 1);
    expect(fieldsFor(fitInsightsModel(small, { asOf: AS_OF }))).toMatchObject({
      rfm: 'given',
      probabilityAlive: 'TOO_FEW_CUSTOMERS_FITTED',
      expectedPurchases: 'TOO_FEW_CUSTOMERS_FITTED',
      expectedValue: 'TOO_FEW_CUSTOMERS_FITTED',
    });
  });

  it('fits no model on too short a history', () => {
    const asOf = new Date(START.getTime() + 60 * DAY_MS);
    const young = simulatedCustomers(1000, 30, asOf, 8);
    expect(Math.max(...young.map((c) => c.T))).toBeLessThan(INSIGHT_MINIMUMS.historySpanDays);
    expect(fieldsFor(fitInsightsModel(young, { asOf }))).toMatchObject({ expectedPurchases: 'HISTORY_TOO_SHORT', expectedValue: 'HISTORY_TOO_SHORT' });
  });

  it('fits no model when nobody bought twice', () => {
    const once = population.map((c) => ({ ...c, x: 0, tx: 0, purchases: 1, meanRepeatSpend: 0 }));
    const fitted = fitInsightsModel(once, { asOf: AS_OF });
    expect(fitted.purchases).toEqual({ reason: 'NO_REPEAT_PURCHASES' });
    expect(fitted.spend).toEqual({ reason: 'NO_REPEAT_PURCHASES' });
  });

  it('forecasts purchases but not value when too few customers have repeat spend to fit', () => {
    // Refunds leave all but 40 repeat customers with no positive repeat spend.
    let kept = 0;
    const refunded = population.map((c) => (c.x > 0 && (kept += 1) > 40 ? { ...c, meanRepeatSpend: 0 } : c));
    const fitted = fitInsightsModel(refunded, { asOf: AS_OF });
    expect(fitted.spend).toEqual({ reason: 'TOO_FEW_CUSTOMERS_FITTED' });
    expect(fieldsFor(fitted)).toMatchObject({ expectedPurchases: 'given', expectedValue: 'TOO_FEW_CUSTOMERS_FITTED' });
  });
});
