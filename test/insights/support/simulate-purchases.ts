import { simulateCustomerPurchases, type PurchaseProcess } from '../../../connectors/sandbox-kit/index.js';
import type { Purchase, Random } from '../../../src/insights/index.js';

// A population from the one implementation of the process the models assume (the sandbox kit's, which the world
// generator draws its buyers with), on an injected Random.

/** Settings of {@link simulatePurchases}. */
export interface SimulationOptions extends PurchaseProcess {
  readonly customers: number;
  /** First purchases fall uniformly between `cohortStart` and `cohortStart + cohortDays`. */
  readonly cohortStart: Date;
  readonly cohortDays: number;
  /** No purchase is drawn after this. */
  readonly until: Date;
}

/** Purchase histories of `customers` customers from the BG/NBD and Gamma-Gamma process (time in days). */
export function simulatePurchases(options: SimulationOptions, random: Random): Purchase[][] {
  const window = { from: options.cohortStart, spanDays: options.cohortDays, until: options.until };
  return Array.from({ length: options.customers }, () => simulateCustomerPurchases(options, window, random));
}
