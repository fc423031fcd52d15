import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bgnbdLogLikelihood, summarizePurchases } from '../../src/insights/index.js';
import { agreesTo } from './support/agree.js';
import {
  CDNOW_CALIBRATION_END,
  CDNOW_HOLDOUT_DAYS,
  cdnowHoldout,
  forecastHoldout,
  forecastWindow,
  purchasesOf,
  readCdnowSampleMasterIds,
  readCdnowSummary,
  readCdnowTransactions,
  type DayWindow,
} from './support/cdnow.js';
import { decileTable } from './support/decile-table.js';

// The literature's split of the CDNOW log (FHL 2005): calibration to the end of week 39 of 1997, T counted
// from each customer's first purchase, holdout weeks 40–78 (273 days); several purchases on one day count
// as one. Twice: on all 23,570 customers of the 1997 Q1 cohort, and on the published sample of 2,357 of them,
// found in the log by the master ids BTYD's event log of the sample keeps (fixtures/cdnow-sample-master-ids.txt).
const transactions = readCdnowTransactions();
const cohort = forecastHoldout(cdnowHoldout(transactions.values()), CDNOW_HOLDOUT_DAYS);

const sampleIds = readCdnowSampleMasterIds();
const samplePurchases = purchasesOf(transactions, sampleIds);
const sample = forecastHoldout(cdnowHoldout(samplePurchases), CDNOW_HOLDOUT_DAYS);

// Days after 1 January 1997: the holdout (weeks 40–78) and the 1997 holiday season in it (weeks 45–52).
const WINDOWS = { holdout: [273, 546], holiday: [308, 364] } as const satisfies Record<string, DayWindow>;
const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('BG/NBD holdout on the CDNOW transactions, all 23,570 customers of the cohort', () => {
  const { fit, expected, actual } = cohort;

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
    // Over the holdout the unconditional forecast is as short as the conditional expectations, so the gap is the
    // data's purchasing rising above what the calibration period implies, not the conditioning; it is widest in
    // weeks 45–52, where no stationary model of purchasing can follow.
    expect(Math.floor((CDNOW_CALIBRATION_END.getTime() - Date.UTC(1997, 0, 1)) / 86_400_000)).toBe(272);
    const holdout = forecastWindow(transactions.values(), fit.params, WINDOWS.holdout);
    const holiday = forecastWindow(transactions.values(), fit.params, WINDOWS.holiday);
    expect(holdout.happened).toBe(actual);
    expect(holdout.forecast / expected - 1).toBeCloseTo(0, 2);
    expect(holiday.happened / holiday.forecast - 1).toBeGreaterThan(0.2);
  });

  it('is calibrated by decile as the README\'s Insights section shows', () => {
    expect(README).toContain(decileTable(cohort.forecasts));
  });
});

// BTYD's data/cdnowElog.csv rows (date, sales) of a few sample customers, copied from the event log: two
// purchases on one day (26, 88), a sample customer across a page of the file (1080, 2011), a holdout buyer
// (1255) and the last (2357).
const EVENT_LOG_ROWS: Record<number, { readonly masterId: number; readonly rows: readonly string[] }> = {
  1: { masterId: 4, rows: ['19970101 29.33', '19970118 29.73', '19970802 14.96', '19971212 26.48'] },
  26: { masterId: 314, rows: ['19970102 3.99', '19970113 166.89', '19970113 60.25'] },
  88: {
    masterId: 1108,
    rows: [
      '19970105 16.3', '19970105 13.99', '19970214 14.96', '19970305 11.58', '19970326 6.79', '19970413 6.79',
      '19970724 12.25', '19970804 20.74', '19970824 11.77', '19970824 12.25', '19970903 14.96', '19970909 12.99',
      '19970910 11.49', '19971007 5.49', '19971118 4.49', '19971118 5.49', '19980301 5.49', '19980306 2.99',
    ],
  },
  1080: { masterId: 11270, rows: ['19970210 0'] },
  1255: { masterId: 13052, rows: ['19970216 13.97', '19980120 41.97', '19980415 11.49', '19980504 64.35', '19980610 33.95'] },
  2011: { masterId: 20396, rows: ['19970313 9.99'] },
  2357: { masterId: 23569, rows: ['19970325 25.74'] },
};

const ymd = (at: Date) => at.toISOString().slice(0, 10).replaceAll('-', '');

describe('the published CDNOW sample in the master log', () => {
  it('names 2,357 distinct master customers, every one of them in the log', () => {
    expect(sampleIds).toHaveLength(2357);
    expect(new Set(sampleIds).size).toBe(2357);
    expect(sampleIds.filter((id) => !transactions.has(id))).toEqual([]);
  });

  it('gives, from the master log, the published calibration summary of every sample customer, row by row', () => {
    // x, t_x and T in weeks to the published 2 decimals, and the mean repeat spend to the cent.
    const published = readCdnowSummary();
    const differing = samplePurchases.flatMap((purchases, i) => {
      const summary = summarizePurchases(purchases, CDNOW_CALIBRATION_END);
      const row = published[i];
      const ours = summary && { x: summary.x, tx: (summary.tx / 7).toFixed(2), T: (summary.T / 7).toFixed(2), zbar: summary.meanRepeatSpend };
      const agree = ours && row && row.id === i + 1 && ours.x === row.x && ours.tx === row.tx.toFixed(2) && ours.T === row.T.toFixed(2);
      return agree && Math.abs(ours.zbar - row.zbar) < 0.005 + 1e-9 ? [] : [{ sampleId: i + 1, masterId: sampleIds[i], ours, row }];
    });
    expect(published).toHaveLength(2357);
    expect(differing).toEqual([]);
  });

  it.each(Object.entries(EVENT_LOG_ROWS))('holds sample customer %s’s dated purchases as BTYD’s event log lists them', (sampleId, { masterId, rows }) => {
    expect(sampleIds[Number(sampleId) - 1]).toBe(masterId);
    expect(transactions.get(masterId)?.map((p) => `${ymd(p.at)} ${p.amount}`)).toEqual(rows);
  });
});

describe('BG/NBD holdout on the published CDNOW sample (2,357 customers) from the master log', () => {
  const { fit, expected, actual } = sample;
  const inWeeks = { ...fit.params, alpha: fit.params.alpha / 7 };

  it('reproduces the published r, α, a, b and log-likelihood from the master log’s transactions, proving the ids', () => {
    // FHL 2005 on this sample, in weeks: r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL −9582.4.
    expect(fit.converged).toBe(true);
    expect(fit.customersFitted).toBe(2357);
    const published = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    for (const name of ['r', 'alpha', 'a', 'b'] as const) {
      expect(agreesTo(3, inWeeks[name], published[name]), `${name} = ${inWeeks[name]}`).toBe(true);
    }
    const weeks = cdnowHoldout(samplePurchases).map(({ calibration: { x, tx, T } }) => ({ x, tx: tx / 7, T: T / 7 }));
    expect(agreesTo(5, bgnbdLogLikelihood(inWeeks, weeks), -9582.4)).toBe(true);
  });

  it('sums the conditional expectations to the figure scipy gives for the same sample and split', () => {
    // Independently: the fixture's ids read against the master log in Python, fitted with scipy 1.17 Nelder–Mead
    // in weeks and summed with scipy.special.hyp2f1: 1,653.41 expected against 1,882 actual holdout purchase days.
    expect(actual).toBe(1882);
    expect(expected / 1653.41 - 1).toBeCloseTo(0, 4);
  });

  it('falls 12 % short of the sample’s holdout purchases in aggregate (issue 18 asks for 10 %)', () => {
    // Measured, not a target: 1,653 expected against 1,882 made (−12.1 %). The 10 % is not met on the sample
    // either; the next test shows the same cause as for the cohort.
    expect(expected / actual - 1).toBeCloseTo(-0.121, 3);
  });

  it('falls as short by the model’s own forecast for the sample, most in the 1997 holiday season', () => {
    const holdout = forecastWindow(samplePurchases, fit.params, WINDOWS.holdout);
    const holiday = forecastWindow(samplePurchases, fit.params, WINDOWS.holiday);
    expect(holdout.happened).toBe(actual);
    expect(Math.abs(holdout.forecast / expected - 1)).toBeLessThan(0.01);
    expect(holiday.happened / holiday.forecast - 1).toBeGreaterThan(0.2);
  });

  it('is calibrated by decile as the README\'s Insights section shows', () => {
    expect(README).toContain(decileTable(sample.forecasts));
  });
});
