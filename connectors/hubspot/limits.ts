/** What HubSpot allows per call (vendor README; sizes marked unconfirmed there are HubSpot's documented practice). */
export const HUBSPOT_LIMITS = {
  /** `POST /crm/v3/objects/contacts/batch/read` inputs per call. */
  batchRead: 100,
  /** Batch read inputs per call when `propertiesWithHistory` names any property (HubSpot's error message states 50). */
  batchReadWithHistory: 50,
  /** `GET /crm/v3/objects/contacts` page size. */
  listPage: 100,
  /** `POST /crm/v3/objects/contacts/search` page size. */
  searchPage: 200,
  /** Filter groups per search (OR-ed). */
  searchGroups: 5,
  /** Filters per group (AND-ed). */
  searchFiltersPerGroup: 10,
  /** Filters per search, all groups together. */
  searchFilters: 25,
  /** Values of one IN / NOT_IN filter. */
  searchInValues: 100,
  /** Results reachable by paging one search. */
  searchReachable: 10_000,
  /** `POST /crm/v4/associations/{from}/{to}/batch/read` inputs per call (changelog 2025-02-10). */
  associationsBatchRead: 1000,
  /** `GET /crm/v4/objects/{type}/{id}/associations/{to}` page size. */
  associationsPage: 500,
} as const;

/** The contact properties the connector maps, requested on every read. */
export const CONTACT_PROPERTIES = [
  'firstname',
  'lastname',
  'email',
  'hs_additional_emails',
  'phone',
  'hs_calculated_phone_number',
  'address',
  'city',
  'zip',
  'country',
  'hs_country_region_code',
  'company',
  'jobtitle',
  'lifecyclestage',
  'hs_lead_status',
  'hubspot_owner_id',
  'createdate',
  'lastmodifieddate',
  'hs_object_id',
  'hs_email_optout',
  'hs_legal_basis',
  'shopify_customer_id',
] as const;

/** The contact properties whose history the CRM history reads (`propertiesWithHistory`): the stage, and consent's two. */
export const HISTORY_PROPERTIES = ['lifecyclestage', 'hs_email_optout', 'hs_legal_basis'] as const;

/** The feedback submission properties the connector reads: who answered, which survey, the score and when. */
export const FEEDBACK_PROPERTIES = ['hs_contact_id', 'hs_survey_type', 'hs_value', 'hs_submission_timestamp'] as const;

/** The association targets the connector reads from contacts. */
export type HubSpotAssociationTarget = 'companies' | 'deals';

/** Whether a string can be a HubSpot record id (numeric); anything else names no record and costs no request. */
export const isHubSpotId = (id: string) => /^\d+$/.test(id);
