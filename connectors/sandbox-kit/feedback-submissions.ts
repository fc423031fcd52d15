import mt19937 from '@stdlib/random-base-mt19937';
import type { World, WorldFeedbackSubmission } from './world-types.js';

/**
 * How often HubSpot contacts answered the NPS survey, and how (README, "Insights"). A share of contacts answered
 * at least once; of those, some answered again later. Scores follow a retailer's typical spread: about 45 %
 * promoters (9–10), 30 % passives (7–8) and 25 % detractors (0–6), a population NPS near +20.
 */
export const FEEDBACK_RATES = {
  /** Contacts with at least one NPS submission. */
  answered: 0.35,
  /** Of those, contacts that answered again (each further answer has this chance again, up to three). */
  again: 0.3,
  /** Relative weights of the scores 0 … 10. */
  scoreWeights: [3, 1, 2, 2, 3, 6, 8, 12, 18, 20, 25],
} as const;

// A second key word keeps this stream apart from the generator's own, the line weigher's and the secondary keys'.
const STREAM = 0x66_65_65_64; // "feed"
// HubSpot numbers feedback submissions in the portal's object-id space, far from the contacts' ids.
const FIRST_ID = 9_100_000_001;
const SURVEY = { id: '7', name: 'Customer loyalty survey' } as const;
const CHANNELS = ['EMAIL', 'WEB'] as const;

/**
 * Gives a generated world's HubSpot contacts their NPS survey answers (HubSpot's `feedback_submissions` object) at
 * `FEEDBACK_RATES`. Draws from a stream of its own (seeded with the world's seed and "feed") and writes nothing but
 * `world.hubspot.feedbackSubmissions`, so the world without them is byte-identical to one generated before them.
 * Submissions are dated after their contact was created and before `end`, in id order of their dates per contact.
 */
export function addFeedbackSubmissions(world: World, end: number): void {
  const twister = mt19937.factory({ seed: [world.seed >>> 0, STREAM] });
  const uniform = () => twister() / 4_294_967_296;
  const weights: readonly number[] = FEEDBACK_RATES.scoreWeights;
  const total = weights.reduce((s, w) => s + w, 0);
  const score = () => {
    let at = uniform() * total;
    for (const [value, weight] of weights.entries()) if ((at -= weight) < 0) return value;
    return weights.length - 1;
  };
  let nextId = FIRST_ID;
  const submissions: WorldFeedbackSubmission[] = [];
  for (const contact of world.hubspot.contacts) {
    if (uniform() >= FEEDBACK_RATES.answered) continue;
    let count = 1;
    while (count < 3 && uniform() < FEEDBACK_RATES.again) count += 1;
    const from = Date.parse(contact.createdAt);
    const dates = Array.from({ length: count }, () => Math.floor(from + uniform() * (end - from))).sort((a, b) => a - b);
    for (const at of dates) {
      submissions.push({
        id: String(nextId),
        contactId: contact.id,
        score: score(),
        submittedAt: new Date(at).toISOString(),
        surveyId: SURVEY.id,
        surveyName: SURVEY.name,
        channel: CHANNELS[uniform() < 0.7 ? 0 : 1] ?? 'EMAIL',
      });
      nextId += 1 + Math.floor(uniform() * 20);
    }
  }
  world.hubspot.feedbackSubmissions = submissions;
}
