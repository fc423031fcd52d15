/**
 * One customer's purchases in the terms of the BG/NBD and Gamma-Gamma models. Times are in one unit throughout
 * (days in the gateway; weeks for the published CDNOW figures), counted from the customer's first purchase.
 */
export interface PurchaseHistory {
  /** Repeat purchases: purchases after the first (several on one day count as one). */
  readonly x: number;
  /** When the last purchase was made (0 when x = 0). */
  readonly tx: number;
  /** How long the customer has been observed: from the first purchase to the end of the history. */
  readonly T: number;
}

/** One customer's repeat spend, for the Gamma-Gamma model. */
export interface SpendHistory {
  /** Repeat purchases (x > 0 for the customer to count). */
  readonly x: number;
  /** Mean value of those repeat purchases (> 0). */
  readonly meanSpend: number;
}

/** Throws a RangeError naming the field unless the history is one the models can read. */
export function assertPurchaseHistory(history: PurchaseHistory): void {
  const { x, tx, T } = history;
  if (!Number.isInteger(x) || x < 0) throw new RangeError(`x must be a whole number >= 0: ${x}`);
  if (!(Number.isFinite(T) && T > 0)) throw new RangeError(`T must be a positive number: ${T}`);
  if (!(tx >= 0 && tx <= T)) throw new RangeError(`tx must lie in [0, T]: ${tx} (T = ${T})`);
  if (x === 0 && tx !== 0) throw new RangeError(`tx must be 0 when x is 0: ${tx}`);
}
