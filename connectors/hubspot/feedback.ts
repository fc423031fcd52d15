import type { CallOptions, NpsAnswer } from '../../src/model/index.js';
import { inBatches } from '../shared/index.js';
import type { HubSpotClient } from './client.js';
import { HUBSPOT_LIMITS, isHubSpotId } from './limits.js';
import type { HubSpotFeedbackSubmission } from './schemas.js';

/** A validated NPS submission as the gateway's record; `fetchedAt` is when it was read. */
export function npsAnswerOf(s: HubSpotFeedbackSubmission, fetchedAt: string): NpsAnswer {
  return {
    provenance: { source: 'CRM', system: 'hubspot', recordId: s.id, updatedAt: s.updatedAt, fetchedAt },
    contactRecordId: s.properties.hs_contact_id,
    score: s.properties.hs_value,
    givenAt: new Date(s.properties.hs_submission_timestamp).toISOString(),
  };
}

// Newest first; two answers given at the same instant in record-id order.
const newestFirst = (a: NpsAnswer, b: NpsAnswer) =>
  b.givenAt.localeCompare(a.givenAt) || Number(a.provenance.recordId) - Number(b.provenance.recordId);

/**
 * The NPS reads of the HubSpot connector: one search of `feedback_submissions` per 100 contacts (`hs_contact_id IN`
 * them, `hs_survey_type` NPS), paged until every answer is read or `maxPages` pages were.
 */
export function createFeedbackReads(client: HubSpotClient, { concurrency, maxPages }: { concurrency: number; maxPages: number }) {
  /** Every NPS answer of each contact, newest first; every requested id gets an entry. */
  async function npsAnswersFor(contactIds: readonly string[], opts?: CallOptions) {
    const wanted = [...new Set(contactIds.filter(isHubSpotId))];
    const read = await inBatches(wanted, HUBSPOT_LIMITS.searchInValues, async (batch) => {
      const out = new Map<string, NpsAnswer[]>(batch.map((id) => [id, []]));
      let after: string | undefined;
      for (let page = 0; page < maxPages; page++) {
        const fetchedAt = new Date().toISOString();
        const answer = await client.searchNpsSubmissions(batch, after, opts);
        for (const s of answer.results) out.get(s.properties.hs_contact_id)?.push(npsAnswerOf(s, fetchedAt));
        after = answer.paging?.next?.after;
        if (after === undefined) break;
      }
      for (const answers of out.values()) answers.sort(newestFirst);
      return out;
    }, concurrency);
    return new Map(contactIds.map((id) => [id, read.get(id) ?? []]));
  }

  return { npsAnswersFor };
}
