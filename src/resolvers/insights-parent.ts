import type { ResolvedCustomer } from '../identity/index.js';

/** What `Customer.insights` hands its fields: the customer, and the end of the observation period. */
export interface InsightsParent {
  readonly customer: ResolvedCustomer;
  readonly asOf: Date;
  /** The caller asked for `asOf` (without it, the model fields use the newest model's own asOf). */
  readonly asOfGiven: boolean;
}
