// The generative process the insight models assume (BG/NBD purchasing, Gamma-Gamma spend), once: the world
// generator draws every buyer's purchases with it, and the known-truth tests draw their populations with it.

/** The draws the process takes, all from one uniform stream (structurally the insights' `Random`). */
export interface PurchaseRandom {
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Gamma with the given shape and rate (mean shape / rate). */
  gamma(shape: number, rate: number): number;
  /** Beta(a, b). */
  beta(a: number, b: number): number;
}

/** The parameters of the process, time in days: BG/NBD (r, α, a, b) and Gamma-Gamma (p, q, γ). */
export interface PurchaseProcess {
  readonly purchases: { readonly r: number; readonly alpha: number; readonly a: number; readonly b: number };
  readonly spend: { readonly p: number; readonly q: number; readonly gamma: number };
}

/**
 * The documented truth of the generated world's buyers, CDNOW-like in days (the published CDNOW estimates are
 * r 0.243, α 4.41 weeks = 30.9 days, a 0.793, b 2.43; p 6.25, q 3.74, γ 15.4): a purchase every α / r = 120 days on
 * average while alive, about one buyer in four (a / (a + b)) dropping out after each repeat purchase, and a mean
 * spend of p γ / (q − 1) = 30 major units of the sale's currency.
 */
export const WORLD_PURCHASE_PROCESS: PurchaseProcess = Object.freeze({
  purchases: Object.freeze({ r: 0.25, alpha: 30, a: 0.8, b: 2.5 }),
  spend: Object.freeze({ p: 6, q: 4, gamma: 15 }),
});

/** A drawn purchase: when, and its value in major units. */
export interface SimulatedPurchase {
  readonly at: Date;
  readonly amount: number;
}

/** When one customer's purchases may fall: the first uniformly in [from, from + spanDays), none after `until`. */
export interface PurchaseWindow {
  readonly from: Date;
  readonly spanDays: number;
  readonly until: Date;
}

const DAY_MS = 86_400_000;

/**
 * One customer's purchases from the process: the customer buys at rate λ ~ Gamma(r, α) per day while alive and,
 * after each repeat purchase, drops out with probability p ~ Beta(a, b); each purchase is worth Gamma(p, ν) with
 * ν ~ Gamma(q, γ) per customer. None when the first purchase would fall after `until`.
 */
export function simulateCustomerPurchases(process: PurchaseProcess, window: PurchaseWindow, random: PurchaseRandom): SimulatedPurchase[] {
  const { purchases: bg, spend } = process;
  const start = window.from.getTime();
  const end = (window.until.getTime() - start) / DAY_MS;
  const rate = random.gamma(bg.r, bg.alpha);
  const dropOut = random.beta(bg.a, bg.b);
  const spendRate = random.gamma(spend.q, spend.gamma);
  const purchaseAt = (day: number): SimulatedPurchase => ({ at: new Date(start + day * DAY_MS), amount: random.gamma(spend.p, spendRate) });
  let day = random.uniform() * window.spanDays;
  if (day > end) return [];
  const history = [purchaseAt(day)];
  for (;;) {
    day += -Math.log(1 - random.uniform()) / rate;
    if (day > end) return history;
    history.push(purchaseAt(day));
    if (random.uniform() < dropOut) return history;
  }
}
