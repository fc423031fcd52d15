import { cutPoints, groupOf } from './quantile.js';
import type { Score, RfmSegmentName } from './rfm-segments.js';
import { rfmSegment } from './rfm-segments.js';
import type { CustomerSummary } from './summarize-purchases.js';

/** The population's quintile cut points (four each, ascending) of what RFM scores. */
export interface RfmCutPoints {
  /** Days since the last purchase. */
  readonly recencyDays: readonly number[];
  /** Purchase days. */
  readonly purchases: readonly number[];
  /** Mean value of a purchase day. */
  readonly meanSpend: readonly number[];
}

/** A customer's RFM scores and segment. */
export interface RfmScore {
  readonly recency: Score;
  readonly frequency: Score;
  readonly monetary: Score;
  readonly segment: RfmSegmentName;
}

// Monetary is the mean value of a purchase day rather than the total, so that it says something frequency
// does not (as in Fader, Hardie & Lee 2005, "RFM and CLV").
const meanSpendOf = (customer: CustomerSummary): number => customer.totalSpend / customer.purchases;

/** The quintile cut points of recency, frequency and monetary value over the customers who have purchased. */
export function fitRfmCutPoints(customers: readonly CustomerSummary[]): RfmCutPoints {
  if (customers.length === 0) throw new RangeError('RFM cut points need at least one customer');
  return {
    recencyDays: cutPoints(customers.map((c) => c.recencyDays), 5),
    purchases: cutPoints(customers.map((c) => c.purchases), 5),
    meanSpend: cutPoints(customers.map(meanSpendOf), 5),
  };
}

/**
 * Scores 1–5 against the cut points (5 = most recent, most frequent, highest spend) and the segment. A value on
 * a cut point takes the lower score, recency included (its scale runs the other way).
 */
export function scoreRfm(cuts: RfmCutPoints, customer: CustomerSummary): RfmScore {
  const recency = groupOf(-customer.recencyDays, [...cuts.recencyDays].map((cut) => -cut).reverse()) as Score;
  const frequency = groupOf(customer.purchases, cuts.purchases) as Score;
  const monetary = groupOf(meanSpendOf(customer), cuts.meanSpend) as Score;
  return { recency, frequency, monetary, segment: rfmSegment(recency, frequency) };
}
