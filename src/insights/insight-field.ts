import type { Source } from '../model/index.js';
import type { Interval } from './parameter-draws.js';

/** Why an insight is not given; the thresholds are in {@link INSIGHT_MINIMUMS}. */
export type InsightReason =
  /** The customer has fewer purchase days than the field needs. */
  | 'TOO_FEW_PURCHASES'
  /** The population is too small to fit the model (or to cut into quantiles). */
  | 'TOO_FEW_CUSTOMERS_FITTED'
  /** The population's history is too short for a purchase process to show. */
  | 'HISTORY_TOO_SHORT'
  /** No customer in the population bought twice: repeat behaviour cannot be estimated. */
  | 'NO_REPEAT_PURCHASES'
  /** The fit did not reach a proper maximum (or gave a spend model without a finite mean). */
  | 'FIT_DEGENERATE'
  /** No population model has been fitted yet, so no customer can be scored against one. */
  | 'NO_MODEL'
  /** None of the customer's tickets carries a good or bad rating. */
  | 'NO_RATED_TICKETS'
  /** None of the customer's tickets has had an agent's reply yet (or its silo does not say when). */
  | 'NO_REPLIED_TICKETS';

/**
 * The data minimums. A customer needs one purchase for RFM and two purchase days for the model fields: with one,
 * BG/NBD's P(alive) is 1 by construction and its forecasts are the population's, saying nothing of the customer.
 * A fit needs enough customers for its parameters (4 for BG/NBD, 3 for Gamma-Gamma) to be estimated with
 * useful precision, and enough history for repeat purchases to have happened.
 */
export const INSIGHT_MINIMUMS = {
  /** Purchase days for the RFM scores. */
  purchasesForScores: 1,
  /** Purchase days for P(alive), the risk tier, expected purchases and expected value. */
  purchasesForPredictions: 2,
  /** Customers (with T > 0) in the BG/NBD fit. */
  customersForPurchaseFit: 200,
  /** Customers with repeat purchases in the Gamma-Gamma fit. */
  customersForSpendFit: 50,
  /** Customers for the RFM quintiles and the churn-risk quartiles. */
  customersForCutPoints: 20,
  /** Days from the population's first purchase to `asOf`. */
  historySpanDays: 90,
} as const;

/** What a figure rests on. */
export interface InsightBasis {
  /** The customer's purchase days that went in. */
  readonly purchasesUsed: number;
  /** Days from the customer's first purchase to `asOf`. */
  readonly historySpanDays: number;
  /** The silos whose purchases went in. */
  readonly silosCovered: readonly Source[];
  readonly modelVersion: string;
}

/** A score or prediction: its value, an interval where the figure is uncertain, and its basis. */
export interface Insight<T> {
  readonly value: T;
  readonly interval?: Interval;
  readonly basis: InsightBasis;
}

/** A field not given, with the reason; the basis says what there was. */
export interface InsightUnavailable {
  readonly value: null;
  readonly reason: InsightReason;
  readonly basis: InsightBasis;
}

/** What each insight field returns. */
export type InsightField<T> = Insight<T> | InsightUnavailable;

/** True when the field carries no value (see its reason). */
export function isInsightUnavailable<T>(field: InsightField<T>): field is InsightUnavailable {
  return field.value === null;
}
