import { readFileSync } from 'node:fs';
import { summarizePurchases, type CustomerSummary, type Purchase } from '../../../src/insights/index.js';

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

/** A customer's calibration summary and the purchase days they made in the holdout. */
export interface HoldoutCustomer {
  readonly calibration: CustomerSummary;
  readonly holdoutPurchases: number;
}

/** The end of the calibration period in the literature: the end of week 39 of 1997 (T for a 1 January buyer: 38.86 weeks). */
export const CDNOW_CALIBRATION_END = new Date(Date.UTC(1997, 8, 30));
/** The end of the log: weeks 40–78 (273 days) are the holdout. */
export const CDNOW_HOLDOUT_END = new Date(Date.UTC(1998, 5, 30));

/** Every CDNOW customer summarized at the end of calibration, with their holdout purchase days. */
export function cdnowHoldout(transactions: ReadonlyMap<number, readonly Purchase[]>): HoldoutCustomer[] {
  return [...transactions.values()].map((purchases) => splitAt(purchases, CDNOW_CALIBRATION_END, CDNOW_HOLDOUT_END));
}

/** Summarizes purchases at `calibrationEnd` and counts the purchase days after it, up to `holdoutEnd`. */
export function splitAt(purchases: readonly Purchase[], calibrationEnd: Date, holdoutEnd: Date): HoldoutCustomer {
  const calibration = summarizePurchases(purchases, calibrationEnd);
  const whole = summarizePurchases(purchases, holdoutEnd);
  if (!calibration || !whole) throw new Error('a customer without a calibration purchase');
  return { calibration, holdoutPurchases: whole.purchases - calibration.purchases };
}
