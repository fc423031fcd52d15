import {
  SourceBadResponse,
  SourceUnavailable,
  type CallOptions,
  type ConsentWriteResult,
  type PrivacyConnector,
  type RecordPresence,
  type VendorReceipt,
} from '../../src/model/index.js';
import type { ShopifyClient } from './client.js';
import { isCustomerGid } from './limits.js';
import { CUSTOMERS_BY_IDS, EMAIL_CONSENT_UPDATE, REQUEST_DATA_ERASURE } from './queries.js';
import { customerNodesSchema, emailConsentUpdateSchema, requestDataErasureSchema, type ShopifyUserError } from './schemas.js';

const ERASE = 'mutation customerRequestDataErasure';
const CONSENT = 'mutation customerEmailMarketingConsentUpdate';

const receipt = (operation: string, httpStatus: number, response: VendorReceipt['response']): VendorReceipt =>
  ({ operation, httpStatus, response, at: new Date().toISOString() });

// Codes are enum-shaped (checked by the schema); a missing one is written as NONE.
const codesOf = (errors: readonly ShopifyUserError[]) => [...new Set(errors.map((e) => e.code ?? 'NONE'))];

/** User errors in words with no personal data: their codes and the input fields they name, never their messages. */
function describeUserErrors(errors: readonly ShopifyUserError[]): string {
  return errors.slice(0, 3).map((e) => {
    const field = (e.field ?? []).filter((part) => /^\w{1,40}$/.test(part)).join('.');
    return field ? `${e.code ?? 'NONE'} at ${field}` : (e.code ?? 'NONE');
  }).join(', ');
}

/**
 * The privacy operations of the Shopify connector. Erasure is `customerRequestDataErasure`, which Shopify only enqueues:
 * it answers PENDING_AT_VENDOR, and the customer disappears from reads once Shopify has carried it out. No field of
 * the supported API versions tells a pending erasure apart, so `recordPresence` says PRESENT until then (the caller keeps the
 * pending state it was told); a customer gone, or left as a REDACTED shell, is GONE.
 */
export function createPrivacyOperations(client: ShopifyClient): Omit<PrivacyConnector, 'source'> {
  async function recordPresence(recordId: string, opts?: CallOptions): Promise<RecordPresence> {
    if (!isCustomerGid(recordId)) return 'GONE';
    const { nodes } = await client.query(CUSTOMERS_BY_IDS, { ids: [recordId] }, customerNodesSchema, opts);
    if (nodes.length !== 1) throw new SourceBadResponse('ECOMMERCE', `answered ${nodes.length} nodes for one id`, 200);
    const customer = nodes[0];
    if (!customer) return 'GONE';
    if (customer.id !== recordId) throw new SourceBadResponse('ECOMMERCE', 'answered another customer than the one asked for', 200);
    const redacted = [customer.emailMarketingConsent, customer.smsMarketingConsent].some((c) => c?.marketingState === 'REDACTED');
    return redacted ? 'GONE' : 'PRESENT';
  }

  return {
    recordPresence,

    async eraseRecord(recordId, opts) {
      // Only a customer gid can name a Shopify customer; Shopify holds nothing under anything else.
      if (!isCustomerGid(recordId)) return { state: 'NOT_FOUND', receipts: [] };
      // Asking again while an erasure is pending is accepted again and changes nothing: safe to repeat.
      const { data, status } = await client.mutate(REQUEST_DATA_ERASURE, { customerId: recordId }, requestDataErasureSchema, { idempotent: true }, opts);
      const { customerId, userErrors } = data.customerRequestDataErasure;
      const codes = codesOf(userErrors);
      const receipts = [receipt(ERASE, status, { customerId, userErrorCodes: codes.join(',') })];
      if (userErrors.length === 0) {
        if (customerId !== recordId) throw new SourceBadResponse('ECOMMERCE', 'accepted an erasure without naming the customer asked for', status);
        return { state: 'PENDING_AT_VENDOR', receipts };
      }
      if (codes.includes('FAILED_TO_REQUEST')) throw new SourceUnavailable('ECOMMERCE', 'could not enqueue the erasure (FAILED_TO_REQUEST)', status);
      if (codes.every((code) => code === 'DOES_NOT_EXIST')) return { state: 'NOT_FOUND', receipts };
      throw new SourceBadResponse('ECOMMERCE', `refused the erasure (${codes.slice(0, 3).join(', ')})`, status);
    },

    async writeEmailConsent(record, decision, opts): Promise<ConsentWriteResult> {
      const customerId = record.provenance.recordId;
      if (!isCustomerGid(customerId)) return { state: 'NOT_FOUND', detail: 'not a Shopify customer id', receipts: [] };
      const marketingState = decision === 'GRANTED' ? 'SUBSCRIBED' : 'UNSUBSCRIBED';
      const emailMarketingConsent = {
        marketingState,
        ...(decision === 'GRANTED' ? { marketingOptInLevel: 'SINGLE_OPT_IN' } : {}),
        consentUpdatedAt: new Date().toISOString(),
      };
      // It sets an absolute state with the same date on every attempt: repeating it cannot harm.
      const { data, status } = await client.mutate(
        EMAIL_CONSENT_UPDATE, { input: { customerId, emailMarketingConsent } }, emailConsentUpdateSchema, { idempotent: true }, opts,
      );
      const { customer, userErrors } = data.customerEmailMarketingConsentUpdate;
      if (userErrors.length > 0) {
        const receipts = [receipt(CONSENT, status, { customerId, userErrorCodes: codesOf(userErrors).join(',') })];
        // The mutation has no "no such customer" code: a read tells a missing customer from a refusal.
        if ((await recordPresence(customerId, opts)) === 'GONE') return { state: 'NOT_FOUND', detail: 'Shopify holds no such customer', receipts };
        return { state: 'REFUSED', detail: `Shopify refused the update: ${describeUserErrors(userErrors)}`, receipts };
      }
      if (customer?.id !== customerId) throw new SourceBadResponse('ECOMMERCE', 'updated consent without naming the customer asked for', status);
      const written = customer.emailMarketingConsent?.marketingState ?? null;
      const receipts = [receipt(CONSENT, status, { customerId, marketingState: written })];
      if (written !== marketingState) {
        return { state: 'REFUSED', detail: `Shopify recorded ${written ?? 'no email consent'} instead of ${marketingState}`, receipts };
      }
      return { state: 'WRITTEN', detail: `email marketing ${marketingState}`, receipts };
    },
  };
}
