/** A score of 1 (worst) to 5 (best) against the population's quintiles. */
export type Score = 1 | 2 | 3 | 4 | 5;

/** The named RFM segments. */
export type RfmSegmentName =
  | 'Champions'
  | 'Loyal customers'
  | 'Potential loyalists'
  | 'New customers'
  | 'Promising'
  | 'Need attention'
  | 'About to sleep'
  | "Can't lose them"
  | 'At risk'
  | 'Hibernating';

/** One row of the segment table: the segment holds every customer whose R and F scores lie in both ranges. */
export interface RfmSegmentRule {
  readonly segment: RfmSegmentName;
  readonly recency: readonly [Score, Score];
  readonly frequency: readonly [Score, Score];
  readonly meaning: string;
}

/**
 * The segment of each cell of the 5 × 5 recency-by-frequency grid, the common RFM segmentation in which monetary
 * value is scored but does not move a customer between segments (it follows frequency closely, and a grid of
 * 125 cells has too few customers per cell to name). Every cell belongs to exactly one segment (a test checks).
 *
 * | Segment             | R   | F   |
 * | ------------------- | --- | --- |
 * | Champions           | 5   | 4–5 |
 * | Loyal customers     | 3–4 | 4–5 |
 * | Potential loyalists | 4–5 | 2–3 |
 * | New customers       | 5   | 1   |
 * | Promising           | 4   | 1   |
 * | Need attention      | 3   | 3   |
 * | About to sleep      | 3   | 1–2 |
 * | Can't lose them     | 1–2 | 5   |
 * | At risk             | 1–2 | 3–4 |
 * | Hibernating         | 1–2 | 1–2 |
 */
export const RFM_SEGMENTS: readonly RfmSegmentRule[] = [
  { segment: 'Champions', recency: [5, 5], frequency: [4, 5], meaning: 'bought recently and often' },
  { segment: 'Loyal customers', recency: [3, 4], frequency: [4, 5], meaning: 'buy often, fairly recently' },
  { segment: 'Potential loyalists', recency: [4, 5], frequency: [2, 3], meaning: 'recent, with a few purchases' },
  { segment: 'New customers', recency: [5, 5], frequency: [1, 1], meaning: 'first purchase very recent' },
  { segment: 'Promising', recency: [4, 4], frequency: [1, 1], meaning: 'recent first purchase, no repeat yet' },
  { segment: 'Need attention', recency: [3, 3], frequency: [3, 3], meaning: 'middling recency and frequency' },
  { segment: 'About to sleep', recency: [3, 3], frequency: [1, 2], meaning: 'few purchases, fading' },
  { segment: "Can't lose them", recency: [1, 2], frequency: [5, 5], meaning: 'bought most often, long ago' },
  { segment: 'At risk', recency: [1, 2], frequency: [3, 4], meaning: 'bought often, long ago' },
  { segment: 'Hibernating', recency: [1, 2], frequency: [1, 2], meaning: 'few purchases, long ago' },
];

const within = (score: Score, [low, high]: readonly [Score, Score]): boolean => score >= low && score <= high;

/** The named segment of a recency and a frequency score (see {@link RFM_SEGMENTS}). */
export function rfmSegment(recency: Score, frequency: Score): RfmSegmentName {
  const rule = RFM_SEGMENTS.find((row) => within(recency, row.recency) && within(frequency, row.frequency));
  // The table covers the grid; reaching here means it was edited into a gap.
  if (!rule) throw new RangeError(`no RFM segment for R = ${recency}, F = ${frequency}`);
  return rule.segment;
}
