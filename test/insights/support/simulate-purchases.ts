import type { BgNbdParams, GammaGammaParams, Purchase, Random } from '../../../src/insights/index.js';

// The generative process the models assume, for the known-truth tests. It takes its draws from an injected
// Random (createRandom over any uniform stream), so the sandbox world generator can run it on its own seed.

/** Settings of {@link simulatePurchases}. */
export interface SimulationOptions {
  readonly purchases: BgNbdParams;
  readonly spend: GammaGammaParams;
  readonly customers: number;
  /** First purchases fall uniformly between `cohortStart` and `cohortStart + cohortDays`. */
  readonly cohortStart: Date;
  readonly cohortDays: number;
  /** No purchase is drawn after this. */
  readonly until: Date;
}

const DAY_MS = 86_400_000;

/**
 * Purchase histories from the BG/NBD process (time in days): each customer buys at rate λ ~ Gamma(r, α) while
 * alive, and after each repeat purchase drops out with probability p ~ Beta(a, b); each purchase is worth
 * Gamma(p, ν) with ν ~ Gamma(q, γ) per customer (Gamma-Gamma).
 */
export function simulatePurchases(options: SimulationOptions, random: Random): Purchase[][] {
  const { purchases: bg, spend, customers, cohortStart, cohortDays, until } = options;
  const end = (until.getTime() - cohortStart.getTime()) / DAY_MS;
  return Array.from({ length: customers }, () => {
    const rate = random.gamma(bg.r, bg.alpha);
    const dropOut = random.beta(bg.a, bg.b);
    const spendRate = random.gamma(spend.q, spend.gamma);
    const purchaseAt = (day: number): Purchase => ({
      at: new Date(cohortStart.getTime() + day * DAY_MS),
      amount: random.gamma(spend.p, spendRate),
    });
    let day = random.uniform() * cohortDays;
    const history = [purchaseAt(day)];
    for (;;) {
      day += -Math.log(1 - random.uniform()) / rate;
      if (day > end) return history;
      history.push(purchaseAt(day));
      if (random.uniform() < dropOut) return history;
    }
  });
}
