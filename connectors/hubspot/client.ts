import { z } from 'zod';
import type { CallOptions, ConnectorHooks } from '../../src/model/index.js';
import { createHttpClient } from '../shared/index.js';
import type { ResolvedHubSpotConfig } from './config.js';
import { describeHubSpotError, hubspotQuota, hubspotRetryAfterMs, redactedOnCall } from './http-hooks.js';
import { CONTACT_PROPERTIES, FEEDBACK_PROPERTIES, HISTORY_PROPERTIES, HUBSPOT_LIMITS, type HubSpotAssociationTarget } from './limits.js';
import {
  associationsBatchSchema,
  associationsPageSchema,
  batchReadHistoryResponseSchema,
  batchReadResponseSchema,
  contactSchema,
  feedbackSearchResponseSchema,
  listResponseSchema,
  searchResponseSchema,
  subscriptionStatusesSchema,
  subscriptionStatusSchema,
  v4StatusActionSchema,
} from './schemas.js';

/** One filter group of a contact search: filters AND-ed, groups OR-ed. */
export interface SearchFilterGroup {
  filters: Array<{ propertyName: string; operator: 'EQ' | 'IN' | 'CONTAINS_TOKEN'; value?: string; values?: string[] }>;
}

const CONTACTS = '/crm/v3/objects/contacts';
const FEEDBACK = '/crm/v3/objects/feedback_submissions';
// A 204 has no body; the shared client validates it as {}.
const emptySchema = z.looseObject({});
const properties = [...CONTACT_PROPERTIES];

/** HubSpot's endpoints over the shared HTTP client, with Bearer auth and HubSpot's 429 rules. */
export function createHubSpotClient(config: ResolvedHubSpotConfig, hooks: ConnectorHooks = {}) {
  const http = createHttpClient({
    source: 'CRM',
    baseURL: config.baseUrl,
    headers: { Authorization: `Bearer ${config.accessToken}` },
    attemptTimeoutMs: config.attemptTimeoutMs,
    maxAttempts: config.maxAttempts,
    retryAfterMs: (res) => hubspotRetryAfterMs(res),
    describeError: describeHubSpotError,
    announcedQuota: hubspotQuota,
    onCall: redactedOnCall(hooks.onCall),
    retryBudget: hooks.retryBudget,
    requestBudget: hooks.requestBudget,
  });

  return {
    /** `POST .../batch/read`: up to 100 contacts by id (or by `idProperty`); missing ones come back as a 207. */
    async batchRead(ids: readonly string[], opts?: CallOptions, idProperty?: 'email') {
      const body = { inputs: ids.map((id) => ({ id })), properties, propertiesWithHistory: [], ...(idProperty ? { idProperty } : {}) };
      const res = await http.request({ method: 'POST', path: `${CONTACTS}/batch/read`, body, idempotent: true, schema: batchReadResponseSchema }, opts);
      return res.data;
    },

    /**
     * `POST .../batch/read` with `propertiesWithHistory`: up to 50 contacts (HubSpot's bound when histories are asked)
     * with the history of the `HISTORY_PROPERTIES`; no current values (`properties: []` brings only HubSpot's defaults).
     */
    async batchReadHistory(ids: readonly string[], opts?: CallOptions) {
      const body = { inputs: ids.map((id) => ({ id })), properties: [], propertiesWithHistory: [...HISTORY_PROPERTIES] };
      const res = await http.request({ method: 'POST', path: `${CONTACTS}/batch/read`, body, idempotent: true, schema: batchReadHistoryResponseSchema }, opts);
      return res.data;
    },

    /** `POST .../search`: one page of contacts matching any of the filter groups, in id order. */
    async search(filterGroups: SearchFilterGroup[], after: string | undefined, opts?: CallOptions) {
      const body = { filterGroups, properties, sorts: ['hs_object_id'], limit: HUBSPOT_LIMITS.searchPage, after: after ?? '0' };
      const res = await http.request({ method: 'POST', path: `${CONTACTS}/search`, body, idempotent: true, schema: searchResponseSchema }, opts);
      return res.data;
    },

    /**
     * `POST /crm/v3/objects/feedback_submissions/search`: one page of the NPS answers of up to 100 contacts
     * (`hs_contact_id` IN them), in id order: the spec types `sorts` as property names, so the order by date is the
     * connector's.
     */
    async searchNpsSubmissions(contactIds: readonly string[], after: string | undefined, opts?: CallOptions) {
      const filters = [
        { propertyName: 'hs_contact_id', operator: 'IN', values: [...contactIds] },
        { propertyName: 'hs_survey_type', operator: 'EQ', value: 'NPS' },
      ];
      const body = {
        filterGroups: [{ filters }],
        properties: [...FEEDBACK_PROPERTIES],
        sorts: ['hs_object_id'],
        limit: HUBSPOT_LIMITS.searchPage,
        after: after ?? '0',
      };
      const res = await http.request({ method: 'POST', path: `${FEEDBACK}/search`, body, idempotent: true, schema: feedbackSearchResponseSchema }, opts);
      return res.data;
    },

    /** `GET /crm/v3/objects/contacts`: one page of every contact, in id order. */
    async list(limit: number, after: string | undefined, opts?: CallOptions) {
      const query = { limit: Math.min(limit, HUBSPOT_LIMITS.listPage), after, properties: properties.join(',') };
      const res = await http.request({ method: 'GET', path: CONTACTS, query, schema: listResponseSchema }, opts);
      return res.data;
    },

    /** `GET /crm/v3/objects/contacts/{id}` (by id or `idProperty`), or null on 404. */
    async get(id: string, opts?: CallOptions, idProperty?: 'email') {
      const query = { properties: properties.join(','), idProperty };
      const path = `${CONTACTS}/${encodeURIComponent(id)}`;
      const res = await http.request({ method: 'GET', path, endpoint: `${CONTACTS}/{id}`, query, schema: contactSchema, nullOn: [404] }, opts);
      return res?.data ?? null;
    },

    /** `POST /crm/v4/associations/contacts/{to}/batch/read`: the first page of each contact's associations. */
    async associationsBatch(to: HubSpotAssociationTarget, ids: readonly string[], opts?: CallOptions) {
      const path = `/crm/v4/associations/contacts/${to}/batch/read`;
      const body = { inputs: ids.map((id) => ({ id })) };
      const res = await http.request({ method: 'POST', path, endpoint: '/crm/v4/associations/contacts/{to}/batch/read', body, idempotent: true, schema: associationsBatchSchema }, opts);
      return res.data;
    },

    /** `GET /crm/v4/objects/contacts/{id}/associations/{to}`: one page of one contact's associations. */
    async associationsOf(id: string, to: HubSpotAssociationTarget, after: string | undefined, opts?: CallOptions) {
      const path = `/crm/v4/objects/contacts/${encodeURIComponent(id)}/associations/${to}`;
      const query = { limit: HUBSPOT_LIMITS.associationsPage, after };
      const res = await http.request({ method: 'GET', path, endpoint: '/crm/v4/objects/contacts/{id}/associations/{to}', query, schema: associationsPageSchema, nullOn: [404] }, opts);
      return res?.data ?? null;
    },

    /**
     * `POST .../gdpr-delete`: permanently deletes a contact; `found` is false when HubSpot knows no such record (404).
     * A write: never retried blindly (a repeat after a lost answer would turn "erased" into "not found").
     */
    async gdprDelete(objectId: string, opts?: CallOptions, idProperty?: 'email') {
      const body = { objectId, ...(idProperty ? { idProperty } : {}) };
      const res = await http.request({ method: 'POST', path: `${CONTACTS}/gdpr-delete`, body, schema: emptySchema, nullOn: [404] }, opts);
      return { found: res !== null, httpStatus: res?.status ?? 404 };
    },

    /**
     * `POST /communication-preferences/v4/statuses/{email}/unsubscribe-all?channel=EMAIL`: opts the address out of
     * all email. Repeating it leaves the same state, so it may be retried.
     */
    async unsubscribeAll(email: string, opts?: CallOptions) {
      const path = `/communication-preferences/v4/statuses/${encodeURIComponent(email)}/unsubscribe-all`;
      const res = await http.request({ method: 'POST', path, endpoint: '/communication-preferences/v4/statuses/{email}/unsubscribe-all', query: { channel: 'EMAIL' }, idempotent: true, schema: v4StatusActionSchema }, opts);
      return { httpStatus: res.status, data: res.data };
    },

    /**
     * `POST /communication-preferences/v3/subscribe` with a consent legal basis; null when HubSpot refuses it with
     * a 400 (it does so for an address opted out of all email). Setting a state twice is the same state: retried.
     */
    async subscribe(email: string, subscriptionId: string, legalBasisExplanation: string, opts?: CallOptions) {
      const body = { emailAddress: email, subscriptionId, legalBasis: 'CONSENT_WITH_NOTICE', legalBasisExplanation };
      const path = '/communication-preferences/v3/subscribe';
      const res = await http.request({ method: 'POST', path, body, idempotent: true, schema: subscriptionStatusSchema, nullOn: [400] }, opts);
      return res && { httpStatus: res.status, data: res.data };
    },

    /** `GET /communication-preferences/v3/status/email/{email}`: one address's subscription statuses. */
    async subscriptionStatus(email: string, opts?: CallOptions) {
      const path = `/communication-preferences/v3/status/email/${encodeURIComponent(email)}`;
      const res = await http.request({ method: 'GET', path, endpoint: '/communication-preferences/v3/status/email/{email}', schema: subscriptionStatusesSchema }, opts);
      return res.data;
    },
  };
}

/** The HubSpot endpoint client. */
export type HubSpotClient = ReturnType<typeof createHubSpotClient>;
