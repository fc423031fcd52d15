import { readFileSync } from 'node:fs';
import {
  expectedPurchases,
  expectedPurchasesOfNewCustomer,
  fitBgNbd,
  summarizePurchases,
  type BgNbdFit,
  type BgNbdParams,
  type CustomerSummary,
  type Purchase,
} from '../../../src/insights/index.js';
import type { Forecast } from './decile-table.js';

const FIXTURES = new URL('../fixtures/', import.meta.url);

/** One row of the CDNOW summary: x, t_x and T in weeks, zbar the mean repeat spend (USD). */
export interface CdnowSummaryRow {
  readonly id: number;
  readonly x: number;
  readonly tx: number;
  readonly T: number;
  readonly zbar: number;
}

/** The 2,357-customer CDNOW sample with its published fits (fixtures/README.md). */
export function readCdnowSummary(): CdnowSummaryRow[] {
  const [, ...lines] = readFileSync(new URL('cdnow-customers-summary.csv', FIXTURES), 'utf8').trim().split('\n');
  return lines.map((line) => {
    const [id = NaN, x = NaN, tx = NaN, T = NaN, zbar = NaN] = line.split(',').map(Number);
    return { id, x, tx, T, zbar };
  });
}

/** The full CDNOW transaction log (1997 Q1 cohort, 1997-01-01 to 1998-06-30), as purchases per customer id. */
export function readCdnowTransactions(): Map<number, Purchase[]> {
  const [, ...lines] = readFileSync(new URL('cdnow-master.txt', FIXTURES), 'utf8').trim().split('\n');
  const customers = new Map<number, Purchase[]>();
  for (const line of lines) {
    const [id = '', date = '', , value = ''] = line.trim().split(/\s+/);
    const at = new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(4, 6)) - 1, Number(date.slice(6, 8))));
    const purchases = customers.get(Number(id)) ?? [];
    purchases.push({ at, amount: Number(value) });
    customers.set(Number(id), purchases);
  }
  return customers;
}

/**
 * The master-log ids of the published 2,357-customer sample, in sample order: element n − 1 is the master id of
 * sample customer n (fixtures/cdnow-sample-master-ids.txt, from BTYD's event log of the sample).
 */
export function readCdnowSampleMasterIds(): number[] {
  const lines = readFileSync(new URL('cdnow-sample-master-ids.txt', FIXTURES), 'utf8').split('\n');
  return lines.filter((line) => line.trim() !== '' && !line.startsWith('#')).map(Number);
}

/** The master log's purchases of each of `ids`, in their order; an id the log does not hold is an error naming it. */
export function purchasesOf(transactions: ReadonlyMap<number, readonly Purchase[]>, ids: readonly number[]): (readonly Purchase[])[] {
  return ids.map((id) => {
    const purchases = transactions.get(id);
    if (!purchases) throw new Error(`the CDNOW master log holds no customer ${id}`);
    return purchases;
  });
}

/** A customer's calibration summary and the purchase days they made in the holdout. */
export interface HoldoutCustomer {
  readonly calibration: CustomerSummary;
  readonly holdoutPurchases: number;
}

/** The end of the calibration period in the literature: the end of week 39 of 1997 (T for a 1 January buyer: 38.86 weeks). */
export const CDNOW_CALIBRATION_END = new Date(Date.UTC(1997, 8, 30));
/** The end of the log: weeks 40–78 (273 days) are the holdout. */
export const CDNOW_HOLDOUT_END = new Date(Date.UTC(1998, 5, 30));

/** The holdout's length in days (weeks 40–78). */
export const CDNOW_HOLDOUT_DAYS = 273;

/** CDNOW customers (each one's purchases) summarized at the end of calibration, with their holdout purchase days. */
export function cdnowHoldout(customers: Iterable<readonly Purchase[]>): HoldoutCustomer[] {
  return [...customers].map((purchases) => splitAt(purchases, CDNOW_CALIBRATION_END, CDNOW_HOLDOUT_END));
}

/** A holdout forecast: the fit, each customer's expected and actual holdout purchase days, and their sums. */
export interface HoldoutForecast {
  readonly fit: BgNbdFit;
  readonly forecasts: readonly Forecast[];
  readonly expected: number;
  readonly actual: number;
}

/** Fits BG/NBD to the customers' calibration summaries (in days) and sums their conditional expectations over the holdout. */
export function forecastHoldout(customers: readonly HoldoutCustomer[], holdoutDays: number): HoldoutForecast {
  const fit = fitBgNbd(customers.map((c) => c.calibration));
  const forecasts = customers.map((c) => ({ expected: expectedPurchases(fit.params, c.calibration, holdoutDays), actual: c.holdoutPurchases }));
  return {
    fit,
    forecasts,
    expected: forecasts.reduce((sum, f) => sum + f.expected, 0),
    actual: forecasts.reduce((sum, f) => sum + f.actual, 0),
  };
}

/** Summarizes purchases at `calibrationEnd` and counts the purchase days after it, up to `holdoutEnd`. */
export function splitAt(purchases: readonly Purchase[], calibrationEnd: Date, holdoutEnd: Date): HoldoutCustomer {
  const calibration = summarizePurchases(purchases, calibrationEnd);
  const whole = summarizePurchases(purchases, holdoutEnd);
  if (!calibration || !whole) throw new Error('a customer without a calibration purchase');
  return { calibration, holdoutPurchases: whole.purchases - calibration.purchases };
}

/** A window of days after 1 January 1997: [from, to). */
export type DayWindow = readonly [from: number, to: number];

/** The model's own forecast of purchase days in a window and the purchase days made in it, summed over customers. */
export interface WindowForecast {
  readonly forecast: number;
  readonly happened: number;
}

const DAY_MS = 86_400_000;
const COHORT_YEAR_START = Date.UTC(1997, 0, 1);

/**
 * Each customer's E[X(t)] from their first purchase (FHL 2005, eq. 9), differenced over a window of days after
 * 1 January 1997 and summed, beside the purchase days the customers made in that window: the unconditional
 * forecast, which no customer's calibration history conditions.
 */
export function forecastWindow(customers: Iterable<readonly Purchase[]>, params: BgNbdParams, [from, to]: DayWindow): WindowForecast {
  let forecast = 0;
  let happened = 0;
  for (const purchases of customers) {
    const days = [...new Set(purchases.map((p) => Math.floor((p.at.getTime() - COHORT_YEAR_START) / DAY_MS)))];
    const first = Math.min(...days);
    forecast += expectedPurchasesOfNewCustomer(params, to - first) - expectedPurchasesOfNewCustomer(params, from - first);
    happened += days.filter((day) => day >= from && day < to).length;
  }
  return { forecast, happened };
}
