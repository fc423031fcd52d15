import { RecordIndex, type World, type WorldFeedbackSubmission } from '../../sandbox-kit/index.js';
import type { StoredObject } from './stored-object.js';

/** A feedback submission as the sandbox holds it: HubSpot's string properties, under its record id. */
export type StoredSubmission = StoredObject;

/** HubSpot's response group of an NPS answer: 9–10 promoters, 7–8 passives, 0–6 detractors. */
export const responseGroupOf = (score: number) => (score >= 9 ? 'PROMOTER' : score >= 7 ? 'PASSIVE' : 'DETRACTOR');

/** The properties HubSpot holds for an NPS answer (the feedback submission object's default properties). */
export function submissionPropertiesOf(s: WorldFeedbackSubmission): Record<string, string | null> {
  return {
    hs_object_id: s.id,
    hs_contact_id: s.contactId,
    hs_survey_type: 'NPS',
    hs_survey_id: s.surveyId,
    hs_survey_name: s.surveyName,
    hs_survey_channel: s.channel,
    hs_value: String(s.score),
    hs_response_group: responseGroupOf(s.score),
    hs_submission_timestamp: s.submittedAt,
    hs_createdate: s.submittedAt,
    hs_lastmodifieddate: s.submittedAt,
  };
}

/**
 * The sandbox's copy of the world's feedback submissions, in id order, indexed by id and by the contact who
 * answered (`hs_contact_id`). The API is read-only (HubSpot's own survey tools create submissions), so the only
 * write is a contact's erasure, which takes its submissions with it.
 */
export class FeedbackStore {
  readonly submissions: StoredSubmission[];
  /** Submissions by `hs_contact_id`: the candidates of EQ and IN filters on it. */
  readonly byContact = new RecordIndex<StoredSubmission>((s) => (s.properties.hs_contact_id ? [s.properties.hs_contact_id] : []));
  private readonly byId = new Map<string, StoredSubmission>();

  constructor(world: World) {
    this.submissions = world.hubspot.feedbackSubmissions
      .map((s) => ({ id: s.id, properties: submissionPropertiesOf(s), createdAt: s.submittedAt, updatedAt: s.submittedAt }))
      .sort((a, b) => Number(a.id) - Number(b.id));
    for (const s of this.submissions) {
      this.byId.set(s.id, s);
      this.byContact.put(s);
    }
  }

  /** A submission by its record id. */
  find(id: string): StoredSubmission | undefined {
    return this.byId.get(id.trim());
  }

  /** Permanently deletes every submission of a contact (its GDPR delete removes associated content). */
  removeOfContact(contactId: string): void {
    for (const s of this.byContact.get(contactId)) {
      this.byContact.remove(s);
      this.byId.delete(s.id);
      this.submissions.splice(this.submissions.indexOf(s), 1);
    }
  }
}
