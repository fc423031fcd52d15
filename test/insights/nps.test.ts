import { describe, expect, it } from 'vitest';
import { latestNps, npsCategoryOf, npsOfCounts, populationNps } from '../../src/insights/index.js';
import type { NpsAnswer } from '../../src/model/index.js';

const answer = (recordId: string, score: number, givenAt: string): NpsAnswer => ({
  provenance: { source: 'CRM', system: 'hubspot', recordId, updatedAt: givenAt, fetchedAt: '2026-11-02T00:00:00Z' },
  contactRecordId: '51', score, givenAt,
});

describe('NPS categories', () => {
  it('puts 9–10 among promoters, 7–8 among passives and 0–6 among detractors', () => {
    expect([0, 6, 7, 8, 9, 10].map(npsCategoryOf)).toEqual(['DETRACTOR', 'DETRACTOR', 'PASSIVE', 'PASSIVE', 'PROMOTER', 'PROMOTER']);
  });

  it.each([-1, 11, 7.5, Number.NaN])('refuses %s as a score, naming it', (score) => {
    expect(() => npsCategoryOf(score)).toThrow(RangeError);
  });
});

describe('latestNps', () => {
  const answers = [answer('3', 4, '2026-03-01T00:00:00Z'), answer('1', 9, '2025-01-01T00:00:00Z'), answer('2', 7, '2026-10-01T00:00:00Z')];

  it('is the latest answer at or before asOf, over all of the customer\'s contacts, with the answers given by then', () => {
    expect(latestNps(answers, new Date('2026-11-01T00:00:00Z'))).toEqual({ score: 7, givenAt: '2026-10-01T00:00:00Z', category: 'PASSIVE', answers: 3 });
    expect(latestNps(answers, new Date('2026-03-01T00:00:00Z'))).toEqual({ score: 4, givenAt: '2026-03-01T00:00:00Z', category: 'DETRACTOR', answers: 2 });
  });

  it('is null before the first answer and with none', () => {
    expect(latestNps(answers, new Date('2024-12-31T00:00:00Z'))).toBeNull();
    expect(latestNps([], new Date())).toBeNull();
  });

  it('takes the later-filed record of two answers of the same instant', () => {
    const tie = [answer('8', 3, '2026-01-01T00:00:00Z'), answer('9', 10, '2026-01-01T00:00:00Z')];
    expect(latestNps(tie, new Date('2026-02-01T00:00:00Z'))?.score).toBe(10);
    expect(latestNps([...tie].reverse(), new Date('2026-02-01T00:00:00Z'))?.score).toBe(10);
  });
});

describe('populationNps', () => {
  it('is 100 × (promoters − detractors) / respondents', () => {
    expect(populationNps([10, 9, 8, 7, 6, 0])).toEqual({ value: 0, respondents: 6, promoters: 2, passives: 2, detractors: 2 });
    expect(populationNps([10, 10, 9, 3]).value).toBe(50);
    expect(populationNps([0, 5]).value).toBe(-100);
  });

  it('has no value with no respondent, and counts give the same figure as scores', () => {
    expect(populationNps([])).toEqual({ value: null, respondents: 0, promoters: 0, passives: 0, detractors: 0 });
    expect(npsOfCounts({ promoters: 5, passives: 3, detractors: 2 })).toEqual(populationNps([9, 9, 9, 10, 10, 7, 8, 8, 1, 2]));
  });
});
