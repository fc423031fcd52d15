import { z } from 'zod';
import { idAt, usableRecords } from '../shared/index.js';

// HubSpot property values are strings (or null when requested but empty); absent when never set.
const text = z.string().nullish();
// Date properties are ISO 8601 strings; an empty string means "not set".
const dateText = z.union([z.iso.datetime({ offset: true }), z.literal('')]).nullish();
const batchStatus = z.enum(['CANCELED', 'COMPLETE', 'PENDING', 'PROCESSING']);

/** The contact properties the connector maps; other properties pass through unchecked. */
export const contactPropertiesSchema = z.looseObject({
  firstname: text,
  lastname: text,
  email: text,
  /** Further addresses of the contact, semicolon-separated (HubSpot's own property). */
  hs_additional_emails: text,
  phone: text,
  hs_calculated_phone_number: text,
  address: text,
  city: text,
  zip: text,
  country: text,
  hs_country_region_code: text,
  company: text,
  jobtitle: text,
  lifecyclestage: text,
  hs_lead_status: text,
  hubspot_owner_id: text,
  createdate: dateText,
  lastmodifieddate: dateText,
  hs_object_id: text,
  hs_email_optout: z.enum(['true', 'false', '']).nullish(),
  hs_legal_basis: text,
  shopify_customer_id: text,
});

/** `SimplePublicObject` of a contact, as list, get, batch read and search return it. */
export const contactSchema = z.looseObject({
  id: z.string().regex(/^\d+$/),
  properties: contactPropertiesSchema,
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
  archived: z.boolean(),
});

/** A validated HubSpot contact. */
export type HubSpotContact = z.infer<typeof contactSchema>;

const nextPage = z.looseObject({ next: z.looseObject({ after: z.string().min(1) }).optional() }).optional();

/** `StandardError`, one per failed part of a 207 batch answer. */
export const standardErrorSchema = z.looseObject({
  category: z.string(),
  message: z.string(),
  context: z.record(z.string(), z.array(z.string())).optional(),
});

// The OAS requires a contact's id, properties, createdAt, updatedAt and archived, as `contactSchema` does; a contact of
// a list that lacks one is left out and reported for itself (`usableRecords`), never failing the answer.
const contacts = usableRecords(contactSchema, idAt('id'));

/** Batch read: `BatchResponseSimplePublicObject` (200) or `...WithErrors` (207, missing ids). */
export const batchReadResponseSchema = z.looseObject({
  status: batchStatus,
  results: contacts,
  numErrors: z.number().int().optional(),
  errors: z.array(standardErrorSchema).optional(),
});

/** `ValueWithTimestamp`: one value a property took, when, and what set it (the OAS requires all three). */
export const valueWithTimestampSchema = z.looseObject({
  value: z.string(),
  timestamp: z.iso.datetime({ offset: true }),
  sourceType: z.string(),
  sourceId: z.string().nullish(),
  updatedByUserId: z.number().int().nullish(),
});

/** A validated property history entry. */
export type HubSpotValueWithTimestamp = z.infer<typeof valueWithTimestampSchema>;

/** A contact as a batch read with `propertiesWithHistory` returns it: its id and each asked property's history. */
export const contactHistorySchema = z.looseObject({
  id: z.string().regex(/^\d+$/),
  // HubSpot leaves out a property that never held a value.
  propertiesWithHistory: z.record(z.string(), z.array(valueWithTimestampSchema)).default({}),
});

/** A validated contact with its property histories. */
export type HubSpotContactHistory = z.infer<typeof contactHistorySchema>;

/** Batch read with `propertiesWithHistory`: `BatchResponseSimplePublicObject` (200) or `...WithErrors` (207). */
export const batchReadHistoryResponseSchema = z.looseObject({
  status: batchStatus,
  results: usableRecords(contactHistorySchema, idAt('id')),
  numErrors: z.number().int().optional(),
  errors: z.array(standardErrorSchema).optional(),
});

/** Search: `CollectionResponseWithTotalSimplePublicObject`. */
export const searchResponseSchema = z.looseObject({
  total: z.number().int().min(0),
  results: contacts,
  paging: nextPage,
});

/** List: `CollectionResponseSimplePublicObjectWithAssociationsForwardPaging`. */
export const listResponseSchema = z.looseObject({
  results: contacts,
  paging: nextPage,
});

// The spec types toObjectId as a string; HubSpot's live v4 API has been seen sending integers.
const objectId = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative().transform(String)]);

/** `MultiAssociatedObjectWithLabel`: one associated record and how it is associated. */
export const associatedObjectSchema = z.looseObject({
  toObjectId: objectId,
  associationTypes: z.array(z.looseObject({ category: z.string(), typeId: z.number().int(), label: z.string().nullish() })),
});

/** v4 associations of one record: `CollectionResponseMultiAssociatedObjectWithLabelForwardPaging`. */
export const associationsPageSchema = z.looseObject({
  results: z.array(associatedObjectSchema),
  paging: nextPage,
});

/** v4 batch read: `BatchResponsePublicAssociationMultiWithLabel` (200) or `...WithErrors` (207). */
export const associationsBatchSchema = z.looseObject({
  status: batchStatus,
  results: z.array(z.looseObject({ from: z.looseObject({ id: objectId }), to: z.array(associatedObjectSchema), paging: nextPage })),
  errors: z.array(standardErrorSchema).optional(),
});

/** `PublicSubscriptionStatus` of communication preferences v3: one subscription's status for one address. */
export const subscriptionStatusSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  status: z.enum(['SUBSCRIBED', 'NOT_SUBSCRIBED']),
  sourceOfStatus: z.enum(['PORTAL_WIDE_STATUS', 'BRAND_WIDE_STATUS', 'SUBSCRIPTION_STATUS']),
  legalBasis: z.string().nullish(),
});

/** A validated v3 subscription status (what `POST /communication-preferences/v3/subscribe` answers). */
export type SubscriptionStatus = z.infer<typeof subscriptionStatusSchema>;

/** `PublicSubscriptionStatusesResponse` of communication preferences v3. */
export const subscriptionStatusesSchema = z.looseObject({
  recipient: z.string(),
  subscriptionStatuses: z.array(subscriptionStatusSchema),
});

/**
 * `ActionResponseWithResultsPublicStatus` of communication preferences v4 (what unsubscribe-all answers): the
 * operation's state and one `PublicStatus` per subscription it touched.
 */
export const v4StatusActionSchema = z.looseObject({
  status: batchStatus,
  results: z.array(
    z.looseObject({
      subscriberIdString: z.string(),
      // int32 in the spec; tolerated as a numeric string like v4 association ids.
      subscriptionId: objectId,
      status: z.enum(['SUBSCRIBED', 'UNSUBSCRIBED', 'NOT_SPECIFIED']),
      channel: z.literal('EMAIL'),
      source: z.string(),
    }),
  ),
  numErrors: z.number().int().optional(),
  errors: z.array(standardErrorSchema).optional(),
});

/** A validated v4 status action answer. */
export type V4StatusAction = z.infer<typeof v4StatusActionSchema>;

/** A validated subscription status answer. */
export type SubscriptionStatuses = z.infer<typeof subscriptionStatusesSchema>;

/**
 * A feedback submission (`SimplePublicObject` of `feedback_submissions`) answering the NPS survey: `hs_value` a whole
 * score 0–10 and `hs_submission_timestamp` an ISO date-time, as strings like every HubSpot property.
 */
export const feedbackSubmissionSchema = z.looseObject({
  id: z.string().regex(/^\d+$/),
  properties: z.looseObject({
    hs_contact_id: z.string().regex(/^\d+$/),
    hs_survey_type: z.literal('NPS'),
    hs_value: z.string().regex(/^(?:10|\d)$/).transform(Number),
    hs_submission_timestamp: z.iso.datetime({ offset: true }),
  }),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});

/** A validated NPS feedback submission. */
export type HubSpotFeedbackSubmission = z.infer<typeof feedbackSubmissionSchema>;

/** Search of feedback submissions: `CollectionResponseWithTotalSimplePublicObject`; an unusable submission is left out and reported. */
export const feedbackSearchResponseSchema = z.looseObject({
  total: z.number().int().min(0),
  results: usableRecords(feedbackSubmissionSchema, idAt('id')),
  paging: nextPage,
});
