import type { NpsAnswer } from '../model/index.js';

/** Where a score puts a respondent: 9–10 promoter, 7–8 passive, 0–6 detractor (Reichheld's cut-offs, HubSpot's too). */
export type NpsCategory = 'PROMOTER' | 'PASSIVE' | 'DETRACTOR';

/** The category of an NPS score 0–10. */
export function npsCategoryOf(score: number): NpsCategory {
  if (!Number.isInteger(score) || score < 0 || score > 10) throw new RangeError(`an NPS score is a whole number from 0 to 10: ${score}`);
  return score >= 9 ? 'PROMOTER' : score >= 7 ? 'PASSIVE' : 'DETRACTOR';
}

/** A customer's latest NPS answer at a date, and how many they had given by then. */
export interface LatestNps {
  readonly score: number;
  readonly givenAt: string;
  readonly category: NpsCategory;
  readonly answers: number;
}

/**
 * The latest of a customer's answers (over all their CRM contacts) given at or before `asOf`; null when none was.
 * Two answers of the same instant: the one with the larger record id, the later one HubSpot filed.
 */
export function latestNps(answers: readonly NpsAnswer[], asOf: Date): LatestNps | null {
  const given = answers.filter((a) => Date.parse(a.givenAt) <= asOf.getTime());
  const latest = given.reduce<NpsAnswer | null>((best, a) => {
    if (best === null) return a;
    const [x, y] = [Date.parse(a.givenAt), Date.parse(best.givenAt)];
    return x > y || (x === y && Number(a.provenance.recordId) > Number(best.provenance.recordId)) ? a : best;
  }, null);
  return latest && { score: latest.score, givenAt: latest.givenAt, category: npsCategoryOf(latest.score), answers: given.length };
}

/** The population's NPS: each respondent's latest score counted once. */
export interface PopulationNps {
  /** % promoters − % detractors, −100 … 100; null with no respondent. */
  readonly value: number | null;
  readonly respondents: number;
  readonly promoters: number;
  readonly passives: number;
  readonly detractors: number;
}

/** NPS = 100 × (promoters − detractors) / respondents over latest scores, one per customer. */
export function populationNps(latestScores: readonly number[]): PopulationNps {
  const count = (category: NpsCategory) => latestScores.filter((s) => npsCategoryOf(s) === category).length;
  return npsOfCounts({ promoters: count('PROMOTER'), passives: count('PASSIVE'), detractors: count('DETRACTOR') });
}

/** The population's NPS from its counts of promoters, passives and detractors. */
export function npsOfCounts({ promoters, passives, detractors }: Pick<PopulationNps, 'promoters' | 'passives' | 'detractors'>): PopulationNps {
  const respondents = promoters + passives + detractors;
  return { value: respondents === 0 ? null : (100 * (promoters - detractors)) / respondents, respondents, promoters, passives, detractors };
}
