import type { BgNbdParams } from './bgnbd-log-likelihood.js';
import { hypergeometric2F1 } from './hypergeometric-2f1.js';
import { assertPurchaseHistory, type PurchaseHistory } from './purchase-history.js';

// ln of the odds that the customer dropped out right after their last purchase rather than being alive:
// a / (b + x − 1) · ((α + T) / (α + t_x))^(r + x); −∞ when x = 0 (the model lets no one drop before buying again).
function logDropOutOdds({ r, alpha, a, b }: BgNbdParams, { x, tx, T }: PurchaseHistory): number {
  if (x === 0) return -Infinity;
  return Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
}

/**
 * The probability that the customer is still alive at the end of their history (Fader, Hardie & Lee 2008,
 * "Computing P(alive) using the BG/NBD model", eq. 2). It is 1 for x = 0 by the model's construction.
 */
export function probabilityAlive(params: BgNbdParams, history: PurchaseHistory): number {
  assertPurchaseHistory(history);
  return 1 / (1 + Math.exp(logDropOutOdds(params, history)));
}

// The formula divides by a − 1; at a = 1 both sides of the fraction vanish, so step just off it.
const NEAR_ONE = 1e-6;

// Expected purchases in (T, T + t] of a customer alive at T after x repeat purchases (FHL 2005, eq. 10 without
// its P(alive) factor; eq. 9 when x = T = 0).
function expectedIfAlive(params: BgNbdParams, x: number, T: number, t: number): number {
  if (!(t >= 0)) throw new RangeError(`the horizon t must be >= 0: ${t}`);
  if (t === 0) return 0;
  const { r, alpha, b } = params;
  const a = Math.abs(params.a - 1) < NEAR_ONE ? 1 + NEAR_ONE : params.a;
  const decay = Math.exp((r + x) * (Math.log(alpha + T) - Math.log(alpha + T + t)));
  return ((a + b + x - 1) / (a - 1)) * (1 - decay * hypergeometric2F1(r + x, b + x, a + b + x - 1, t / (alpha + T + t)));
}

/**
 * Expected purchases in the next `t` time units, given the history (FHL 2005, eq. 10):
 * (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))] · P(alive).
 */
export function expectedPurchases(params: BgNbdParams, history: PurchaseHistory, t: number): number {
  return expectedIfAlive(params, history.x, history.T, t) * probabilityAlive(params, history);
}

/**
 * Expected repeat purchases of a customer in the first `t` time units after their first purchase, knowing
 * nothing else of them (FHL 2005, eq. 9): (a+b−1)/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b; a+b−1; t/(α+t))].
 */
export function expectedPurchasesOfNewCustomer(params: BgNbdParams, t: number): number {
  return expectedIfAlive(params, 0, 0, t);
}
