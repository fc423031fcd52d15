import {
  SourceBadResponse,
  type CallOptions,
  type ConsentDecisionInput,
  type ConsentWriteResult,
  type ContactRecord,
  type ErasureResult,
  type PrivacyConnector,
  type RecordPresence,
  type VendorReceipt,
} from '../../src/model/index.js';
import type { HubSpotClient } from './client.js';
import type { SubscriptionStatus, V4StatusAction } from './schemas.js';

/** The vendor operations a HubSpot receipt names, as HubSpot's docs write them. */
export const HUBSPOT_PRIVACY_OPERATIONS = {
  gdprDelete: 'POST /crm/v3/objects/contacts/gdpr-delete',
  unsubscribeAll: 'POST /communication-preferences/v4/statuses/{subscriberIdString}/unsubscribe-all',
  subscribe: 'POST /communication-preferences/v3/subscribe',
  statusRead: 'GET /communication-preferences/v3/status/email/{emailAddress}',
} as const;

/** Why a grant did not reach HubSpot, in words the privacy officer sees. */
export const OPTED_OUT_OF_ALL =
  "HubSpot keeps this address's opt-out of all email; the person must resubscribe through HubSpot's preferences page";

// What HubSpot stores as the explanation of the consent legal basis: no personal data, only where it came from.
const EXPLANATION = 'Consent recorded through the Customer 360 privacy operations';
const HUBSPOT_ID = /^\d+$/;

const receipt = (operation: string, httpStatus: number, response: VendorReceipt['response']): VendorReceipt => ({
  operation,
  httpStatus,
  response,
  at: new Date().toISOString(),
});

/** The non-personal part of an unsubscribe-all answer: the operation's state and counts, never the address. */
function unsubscribeSummary(data: V4StatusAction): VendorReceipt['response'] {
  const unsubscribed = data.results.filter((r) => r.status === 'UNSUBSCRIBED').length;
  return { status: data.status, results: data.results.length, unsubscribed, numErrors: data.numErrors ?? 0 };
}

const statusSummary = (s: SubscriptionStatus): VendorReceipt['response'] => ({
  subscriptionId: s.id,
  status: s.status,
  sourceOfStatus: s.sourceOfStatus,
  legalBasis: s.legalBasis ?? null,
});

// An opt-out of all email shows as NOT_SUBSCRIBED decided portal or brand wide, not by the subscription itself.
const isOptedOutOfAll = (s: SubscriptionStatus) => s.status === 'NOT_SUBSCRIBED' && s.sourceOfStatus !== 'SUBSCRIPTION_STATUS';

/** HubSpot's data-subject operations: GDPR delete, read-back by id, and email consent through communication preferences. */
export function createHubSpotPrivacy(client: HubSpotClient, marketingSubscriptionId: string): Omit<PrivacyConnector, 'source'> {
  async function eraseRecord(recordId: string, opts?: CallOptions): Promise<ErasureResult> {
    // HubSpot ids are numeric: anything else names no record, and costs no call.
    if (!HUBSPOT_ID.test(recordId)) return { state: 'NOT_FOUND', receipts: [] };
    const { found, httpStatus } = await client.gdprDelete(recordId, opts);
    const receipts = [receipt(HUBSPOT_PRIVACY_OPERATIONS.gdprDelete, httpStatus, { objectId: recordId })];
    return { state: found ? 'ERASED' : 'NOT_FOUND', receipts };
  }

  async function recordPresence(recordId: string, opts?: CallOptions): Promise<RecordPresence> {
    if (!HUBSPOT_ID.test(recordId)) return 'GONE';
    return (await client.get(recordId, opts)) === null ? 'GONE' : 'PRESENT';
  }

  async function withdraw(email: string, opts?: CallOptions): Promise<ConsentWriteResult> {
    const { httpStatus, data } = await client.unsubscribeAll(email, opts);
    const receipts = [receipt(HUBSPOT_PRIVACY_OPERATIONS.unsubscribeAll, httpStatus, unsubscribeSummary(data))];
    if (data.status === 'CANCELED') return { state: 'REFUSED', detail: 'HubSpot cancelled the opt-out of all email', receipts };
    return { state: 'WRITTEN', detail: 'HubSpot opted the address out of all email', receipts };
  }

  async function grant(email: string, opts?: CallOptions): Promise<ConsentWriteResult> {
    const answer = await client.subscribe(email, marketingSubscriptionId, EXPLANATION, opts);
    if (answer !== null) {
      const receipts = [receipt(HUBSPOT_PRIVACY_OPERATIONS.subscribe, answer.httpStatus, statusSummary(answer.data))];
      if (answer.data.status === 'SUBSCRIBED') return { state: 'WRITTEN', detail: 'HubSpot subscribed the address to marketing email', receipts };
      if (isOptedOutOfAll(answer.data)) return { state: 'REFUSED', detail: OPTED_OUT_OF_ALL, receipts };
      throw new SourceBadResponse('CRM', 'answered a subscribe with a subscription that is still not subscribed', answer.httpStatus);
    }
    // HubSpot's 400 wording is not documented: the address's statuses say whether an opt-out of all email caused it.
    const refused = receipt(HUBSPOT_PRIVACY_OPERATIONS.subscribe, 400, { subscriptionId: marketingSubscriptionId });
    const { subscriptionStatuses } = await client.subscriptionStatus(email, opts);
    const optOut = subscriptionStatuses.find(isOptedOutOfAll);
    if (optOut === undefined) throw new SourceBadResponse('CRM', 'rejected the subscribe request (HTTP 400) for an address that is not opted out', 400);
    return { state: 'REFUSED', detail: OPTED_OUT_OF_ALL, receipts: [refused, receipt(HUBSPOT_PRIVACY_OPERATIONS.statusRead, 200, statusSummary(optOut))] };
  }

  async function writeEmailConsent(record: ContactRecord, decision: ConsentDecisionInput, opts?: CallOptions): Promise<ConsentWriteResult> {
    // HubSpot keys subscriptions by email address.
    const email = record.emails[0]?.trim();
    if (!email) return { state: 'NOT_FOUND', detail: 'the contact has no email address', receipts: [] };
    return decision === 'DENIED' ? withdraw(email, opts) : grant(email, opts);
  }

  return { eraseRecord, recordPresence, writeEmailConsent };
}
