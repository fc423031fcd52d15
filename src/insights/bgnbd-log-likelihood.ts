import lnGamma from '@stdlib/math-base-special-gammaln';
import { logSumExp } from './log-sum-exp.js';
import { assertPurchaseHistory, type PurchaseHistory } from './purchase-history.js';

/**
 * BG/NBD parameters (Fader, Hardie & Lee 2005): while alive, a customer buys at rate λ ~ Gamma(shape r, rate α);
 * after each purchase they drop out with probability p ~ Beta(a, b). α is in the histories' time unit.
 */
export interface BgNbdParams {
  readonly r: number;
  readonly alpha: number;
  readonly a: number;
  readonly b: number;
}

/**
 * The BG/NBD log-likelihood of a population, prepared once for many parameter sets (the fit calls it some
 * hundreds of times). Uses the numerically stable form: log-gammas instead of gamma and beta functions, and a
 * log-sum-exp of the two terms, as in Fader & Hardie's note "Overcoming the BG/NBD model's #NUM! error problem".
 */
export function createBgNbdLogLikelihood(histories: readonly PurchaseHistory[]): (params: BgNbdParams) => number {
  // Identical histories share one term, weighted by how many customers have it (many share x = 0 and T).
  const rows = new Map<string, { x: number; tx: number; T: number; count: number }>();
  for (const history of histories) {
    assertPurchaseHistory(history);
    const key = `${history.x}|${history.tx}|${history.T}`;
    const row = rows.get(key);
    if (row) row.count += 1;
    else rows.set(key, { x: history.x, tx: history.tx, T: history.T, count: 1 });
  }
  const table = [...rows.values()];
  const distinctX = [...new Set(table.map((row) => row.x))];
  const xIndex = new Map(distinctX.map((x, index) => [x, index]));
  const slot = table.map((row) => xIndex.get(row.x) ?? 0);
  const common = new Float64Array(distinctX.length);
  const repeat = new Float64Array(distinctX.length);

  return ({ r, alpha, a, b }) => {
    const shared = r * Math.log(alpha) - lnGamma(r) + lnGamma(a + b) - lnGamma(b);
    // Terms that depend on x only: ln[Γ(r+x)/Γ(r) α^r] + ln[B(a, b+x)/B(a, b)], and ln[a/(b+x−1)].
    distinctX.forEach((x, index) => {
      common[index] = shared + lnGamma(r + x) + lnGamma(b + x) - lnGamma(a + b + x);
      repeat[index] = x > 0 ? Math.log(a) - Math.log(b + x - 1) : -Infinity;
    });
    let total = 0;
    table.forEach(({ x, tx, T, count }, row) => {
      const index = slot[row] ?? 0;
      const stillAlive = -(r + x) * Math.log(alpha + T);
      const droppedAfterLast = x > 0 ? (repeat[index] ?? 0) - (r + x) * Math.log(alpha + tx) : -Infinity;
      total += count * ((common[index] ?? 0) + logSumExp(stillAlive, droppedAfterLast));
    });
    return total;
  };
}

/** The BG/NBD log-likelihood of a population at the given parameters (FHL 2005, eq. 6). */
export function bgnbdLogLikelihood(params: BgNbdParams, histories: readonly PurchaseHistory[]): number {
  return createBgNbdLogLikelihood(histories)(params);
}
