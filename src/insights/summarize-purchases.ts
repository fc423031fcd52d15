import type { PurchaseHistory } from './purchase-history.js';

/** One purchase from any silo: when, and its value in the gateway's reporting currency (major units). */
export interface Purchase {
  readonly at: Date;
  readonly amount: number;
}

/** A customer's purchases up to `asOf`, in days, as the models and the RFM scores read them. */
export interface CustomerSummary extends PurchaseHistory {
  /** Purchase days: several purchases on one (UTC) day count as one, as in the literature. */
  readonly purchases: number;
  /** Mean value of the repeat purchase days (0 when x = 0), for the Gamma-Gamma model. */
  readonly meanRepeatSpend: number;
  /** Total value of all purchases. */
  readonly totalSpend: number;
  /** Days from the last purchase to `asOf`. */
  readonly recencyDays: number;
}

const DAY_MS = 86_400_000;

/**
 * Summarizes purchases up to `asOf` (later ones are ignored) in whole UTC days: x, t_x and T for BG/NBD, the
 * mean repeat spend for Gamma-Gamma, and recency and totals for RFM. Null when there is no purchase.
 */
export function summarizePurchases(purchases: readonly Purchase[], asOf: Date): CustomerSummary | null {
  const asOfDay = Math.floor(asOf.getTime() / DAY_MS);
  const byDay = new Map<number, number>();
  for (const { at, amount } of purchases) {
    if (!Number.isFinite(amount)) throw new RangeError(`a purchase amount must be a finite number: ${amount}`);
    const day = Math.floor(at.getTime() / DAY_MS);
    if (!Number.isFinite(day)) throw new RangeError('a purchase date is invalid');
    if (day <= asOfDay) byDay.set(day, (byDay.get(day) ?? 0) + amount);
  }
  if (byDay.size === 0) return null;
  const days = [...byDay.keys()].sort((p, q) => p - q);
  const first = days[0] as number;
  const last = days[days.length - 1] as number;
  const totalSpend = [...byDay.values()].reduce((sum, amount) => sum + amount, 0);
  const x = days.length - 1;
  return {
    x,
    tx: last - first,
    T: asOfDay - first,
    purchases: days.length,
    meanRepeatSpend: x > 0 ? (totalSpend - (byDay.get(first) ?? 0)) / x : 0,
    totalSpend,
    recencyDays: asOfDay - last,
  };
}
