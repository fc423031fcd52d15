import type {
  CallOptions,
  ConsentWriteResult,
  ErasureResult,
  PrivacyConnector,
  RecordPresence,
  VendorReceipt,
} from '../../src/model/index.js';
import type { SquareClient } from './client.js';

/** The operation a Square erasure receipt names, as Square's reference spells it. */
export const DELETE_CUSTOMER = 'DELETE /v2/customers/{customer_id}';

/** Why Square takes no consent write, as the privacy officer reads it. */
export const SQUARE_CONSENT_NOT_SUPPORTED =
  "Square's Customers API cannot write marketing email consent: UpdateCustomer takes no `preferences`, and "
  + '`preferences.email_unsubscribed` is read-only there; only the buyer sets it, through Square\'s own unsubscribe links.';

type PrivacyMethods = Omit<PrivacyConnector, 'source'>;

const receipt = (httpStatus: number, customerId: string): VendorReceipt => ({
  operation: DELETE_CUSTOMER,
  httpStatus,
  response: { customerId },
  at: new Date().toISOString(),
});

/**
 * The data-subject half of the Square connector. Erasure is DeleteCustomer, which Square carries out at once
 * (never PENDING_AT_VENDOR). Orders and payments keep the deleted profile's `customer_id`: Square keeps its
 * transaction records, and whether it scrubs them is unconfirmed.
 */
export function createPrivacyOperations(client: SquareClient): PrivacyMethods {
  async function eraseRecord(customerId: string, opts?: CallOptions): Promise<ErasureResult> {
    // No `version`: optimistic concurrency would only make an edit racing the erasure fail it, and the profile
    // must go whatever was edited; reading the version first would cost a call and protect nothing.
    const deleted = await client.deleteCustomer(customerId, opts);
    return deleted
      ? { state: 'ERASED', receipts: [receipt(deleted.status, customerId)] }
      : { state: 'NOT_FOUND', receipts: [receipt(404, customerId)] };
  }

  async function recordPresence(customerId: string, opts?: CallOptions): Promise<RecordPresence> {
    return (await client.retrieveCustomerId(customerId, opts)) ? 'PRESENT' : 'GONE';
  }

  async function writeEmailConsent(): Promise<ConsentWriteResult> {
    return { state: 'NOT_SUPPORTED', detail: SQUARE_CONSENT_NOT_SUPPORTED, receipts: [] };
  }

  return { eraseRecord, recordPresence, writeEmailConsent };
}
