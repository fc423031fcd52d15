import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectedPurchases, expectedPurchasesOfNewCustomer, fitBgNbd } from '../../src/insights/index.js';
import { CDNOW_CALIBRATION_END, cdnowHoldout, readCdnowTransactions } from './support/cdnow.js';
import { decileTable } from './support/decile-table.js';

// The literature's split of the CDNOW log (FHL 2005): calibration to the end of week 39 of 1997, T counted
// from each customer's first purchase, holdout weeks 40–78 (273 days); several purchases on one day count
// as one. All 23,570 customers of the 1997 Q1 cohort: the published 2,357 are a renumbered tenth of them
// that the log cannot be matched back to exactly.
const HOLDOUT_DAYS = 273;

const transactions = readCdnowTransactions();
const customers = cdnowHoldout(transactions);
const fit = fitBgNbd(customers.map((c) => c.calibration));
const forecasts = customers.map((c) => ({ expected: expectedPurchases(fit.params, c.calibration, HOLDOUT_DAYS), actual: c.holdoutPurchases }));
const expected = forecasts.reduce((sum, f) => sum + f.expected, 0);
const actual = forecasts.reduce((sum, f) => sum + f.actual, 0);

describe('BG/NBD holdout on the CDNOW transactions', () => {
  it('fits the whole cohort in days, close to the published sample fit', () => {
    expect(fit.customersFitted).toBe(23_570);
    expect(fit.converged).toBe(true);
    // The sample's published r = 0.243, α = 4.414 weeks, a = 0.793, b = 2.426.
    expect(fit.params.r).toBeCloseTo(0.25, 2);
    expect(fit.params.alpha / 7).toBeCloseTo(4.79, 2);
    expect(fit.params.a).toBeCloseTo(0.72, 2);
    expect(fit.params.b).toBeCloseTo(2.16, 2);
  });

  it('sums the conditional expectations to the figure scipy gives for the same split', () => {
    // Independently: the same split in Python, fitted with scipy 1.17 Nelder–Mead in weeks and summed with
    // scipy.special.hyp2f1: 16,873.73 expected against 19,684 actual holdout purchase days.
    expect(actual).toBe(19_684);
    expect(expected / 16_873.73 - 1).toBeCloseTo(0, 3);
  });

  it('predicts the holdout’s purchases within 15 % in aggregate (the model falls 14 % short on this data)', () => {
    // Not within 10 %: see the next test for where the shortfall is.
    expect(Math.abs(expected / actual - 1)).toBeLessThan(0.15);
  });

  it('falls as short by the model’s own forecast for the cohort, most in the 1997 holiday season', () => {
    // Each customer's E[X(t)] from their first purchase, differenced over a window of days after 1 January 1997:
    // over the holdout (273–545) it is as short as the conditional expectations, so the gap is the data's
    // purchasing rising above what the calibration period implies, not the conditioning; it is widest in
    // weeks 45–52 (days 308–363), where no stationary model of purchasing can follow.
    const DAY_MS = 86_400_000;
    const start = Date.UTC(1997, 0, 1);
    const windows = { holdout: [273, 546], holiday: [308, 364] } as const;
    const forecast = { holdout: 0, holiday: 0 };
    const happened = { holdout: 0, holiday: 0 };
    for (const purchases of transactions.values()) {
      const days = [...new Set(purchases.map((p) => Math.floor((p.at.getTime() - start) / DAY_MS)))].sort((p, q) => p - q);
      const first = days[0] ?? 0;
      for (const name of ['holdout', 'holiday'] as const) {
        const [from, to] = windows[name];
        forecast[name] += expectedPurchasesOfNewCustomer(fit.params, to - first) - expectedPurchasesOfNewCustomer(fit.params, from - first);
        happened[name] += days.filter((day) => day >= from && day < to).length;
      }
    }
    expect(Math.floor((CDNOW_CALIBRATION_END.getTime() - start) / DAY_MS)).toBe(272);
    expect(happened.holdout).toBe(actual);
    expect(forecast.holdout / expected - 1).toBeCloseTo(0, 2);
    expect(happened.holiday / forecast.holiday - 1).toBeGreaterThan(0.2);
  });

  it('is calibrated by decile as the README\'s Insights section shows', () => {
    const section = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(section).toContain(decileTable(forecasts));
  });
});
