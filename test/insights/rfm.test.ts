import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CHURN_RISK_LABELS,
  RFM_SEGMENTS,
  churnRiskTier,
  fitChurnRiskCutPoints,
  fitRfmCutPoints,
  rfmSegment,
  scoreRfm,
  type CustomerSummary,
  type Score,
} from '../../src/insights/index.js';
import { cutPoints, quantile } from '../../src/insights/quantile.js';

const SCORES: readonly Score[] = [1, 2, 3, 4, 5];

function customer(recencyDays: number, purchases: number, totalSpend: number): CustomerSummary {
  return { x: purchases - 1, tx: 0, T: 400, purchases, meanRepeatSpend: 0, totalSpend, recencyDays };
}

const countBy = <T>(values: readonly T[]) => values.reduce((counts, v) => counts.set(v, (counts.get(v) ?? 0) + 1), new Map<T, number>());

describe('quantiles', () => {
  it('interpolates between order statistics (type 7)', () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(quantile(values, 0)).toBe(1);
    expect(quantile(values, 0.25)).toBeCloseTo(3.25, 12);
    expect(quantile(values, 1)).toBe(10);
    expect(cutPoints(values, 5)).toEqual([2.8, 4.6, 6.4, 8.2].map((v) => expect.closeTo(v, 12)));
  });
});

describe('RFM scores', () => {
  // 100 customers whose recency, frequency and spend per purchase all differ.
  const population = Array.from({ length: 100 }, (_, i) => customer(i + 1, 100 - i, (100 - i) * (i + 1)));
  const cuts = fitRfmCutPoints(population);

  it('puts a fifth of a population without ties in each score', () => {
    const scores = population.map((c) => scoreRfm(cuts, c));
    for (const field of ['recency', 'frequency', 'monetary'] as const) {
      expect([...countBy(scores.map((s) => s[field])).entries()].sort()).toEqual(SCORES.map((s) => [s, 20]));
    }
  });

  it('gives 5 to the most recent, most frequent and highest-spending customers', () => {
    expect(scoreRfm(cuts, customer(1, 100, 100 * 1000))).toMatchObject({ recency: 5, frequency: 5, monetary: 5, segment: 'Champions' });
    expect(scoreRfm(cuts, customer(100, 1, 1))).toMatchObject({ recency: 1, frequency: 1, monetary: 1, segment: 'Hibernating' });
    expect(scoreRfm(cuts, customer(90, 80, 80 * 60))).toMatchObject({ recency: 1, frequency: 4, segment: 'At risk' });
  });

  it('gives a value on a cut point the lower score, so customers who tie share one', () => {
    // Most customers buy once: the lower three frequency cut points are all 1.
    const skewed = Array.from({ length: 100 }, (_, i) => customer(i + 1, i < 65 ? 1 : i < 85 ? 2 : 5, 10));
    const skewedCuts = fitRfmCutPoints(skewed);
    const frequency = countBy(skewed.map((c) => scoreRfm(skewedCuts, c).frequency));
    expect(frequency.get(1)).toBe(65);
    expect(frequency.get(2)).toBeUndefined();
    expect(frequency.get(4)).toBe(20);
    expect(frequency.get(5)).toBe(15);
    // A recency equal to a cut point is the less recent side's.
    const onCut = skewedCuts.recencyDays[1] ?? NaN;
    expect(scoreRfm(skewedCuts, customer(onCut, 1, 10)).recency).toBe(3);
    expect(scoreRfm(skewedCuts, customer(onCut - 0.01, 1, 10)).recency).toBe(4);
  });
});

describe('RFM segments', () => {
  it('names every cell of the recency-by-frequency grid exactly once', () => {
    for (const r of SCORES) {
      for (const f of SCORES) {
        const rules = RFM_SEGMENTS.filter((row) => r >= row.recency[0] && r <= row.recency[1] && f >= row.frequency[0] && f <= row.frequency[1]);
        expect(rules, `R = ${r}, F = ${f}`).toHaveLength(1);
        expect(rfmSegment(r, f)).toBe(rules[0]?.segment);
      }
    }
  });

  it('is the table the README\'s Insights section shows', () => {
    const range = ([low, high]: readonly [Score, Score]) => (low === high ? `${low}` : `${low}–${high}`);
    const table = RFM_SEGMENTS.map((row) => `| ${row.segment} | ${range(row.recency)} | ${range(row.frequency)} | ${row.meaning} |`);
    const section = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(section).toContain(['| Segment | R | F | Meaning |', '| --- | --- | --- | --- |', ...table].join('\n'));
  });

  it('reads the grid as documented', () => {
    expect(rfmSegment(5, 5)).toBe('Champions');
    expect(rfmSegment(5, 1)).toBe('New customers');
    expect(rfmSegment(4, 1)).toBe('Promising');
    expect(rfmSegment(3, 3)).toBe('Need attention');
    expect(rfmSegment(1, 5)).toBe("Can't lose them");
    expect(rfmSegment(2, 3)).toBe('At risk');
    expect(rfmSegment(1, 2)).toBe('Hibernating');
  });
});

describe('churn-risk tiers', () => {
  const alive = Array.from({ length: 200 }, (_, i) => (i + 1) / 200);
  const cuts = fitChurnRiskCutPoints(alive);

  it('splits the population into quarters by P(alive), the riskiest first', () => {
    const tiers = countBy(alive.map((p) => churnRiskTier(p, cuts).quartile));
    expect([...tiers.entries()].sort()).toEqual([[1, 50], [2, 50], [3, 50], [4, 50]]);
    expect(churnRiskTier(0.01, cuts)).toEqual({ quartile: 1, label: CHURN_RISK_LABELS[1] });
    expect(churnRiskTier(0.99, cuts).quartile).toBe(4);
  });

  it('labels every tier as relative to the other customers', () => {
    for (const label of Object.values(CHURN_RISK_LABELS)) expect(label).toMatch(/relative risk/);
  });
});
