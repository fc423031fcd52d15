import type { CallOptions } from './call-options.js';
import type { Source } from './provenance.js';
import type { ContactRecord } from './records.js';

/** What a vendor answered to a privacy write, without personal data: what a receipt keeps. */
export interface VendorReceipt {
  /** The vendor operation as its docs name it, e.g. `DELETE /v2/customers/{customer_id}`. */
  operation: string;
  /** The HTTP status of the answer. */
  httpStatus: number;
  /** Non-personal fields of the answer (ids, states, vendor codes); never names, emails, phones or free text. */
  response: Readonly<Record<string, string | number | boolean | null>>;
  /** When the answer arrived (ISO 8601). */
  at: string;
}

/** Where one record's erasure stands at its vendor after asking. */
export type ErasureState = 'ERASED' | 'PENDING_AT_VENDOR' | 'NOT_FOUND';

/** What asking a vendor to erase one record did, with a receipt per vendor call made. */
export interface ErasureResult {
  state: ErasureState;
  receipts: VendorReceipt[];
}

/** Whether a vendor still holds a record: as it was, accepted for deferred erasure, or gone. */
export type RecordPresence = 'PRESENT' | 'PENDING_AT_VENDOR' | 'GONE';

/** How a consent write ended at one silo. */
export type ConsentWriteState = 'WRITTEN' | 'REFUSED' | 'NOT_SUPPORTED' | 'NOT_FOUND';

/** What writing a consent decision to one record did. */
export interface ConsentWriteResult {
  state: ConsentWriteState;
  /** Why, in words with no personal data (shown to the privacy officer). */
  detail: string;
  receipts: VendorReceipt[];
}

/** A consent decision the gateway can write through: a marketing email grant or withdrawal. */
export type ConsentDecisionInput = 'GRANTED' | 'DENIED';

/** A silo's data-subject operations, through the vendor's own APIs. */
export interface PrivacyConnector {
  readonly source: Source;
  /**
   * Erases one record with the vendor's data-deletion API. Safe to repeat: a record already gone answers
   * NOT_FOUND (or the state the vendor still tracks). Throws a SourceError when the vendor cannot be reached
   * or refuses for now (rate limit), so the caller retries later.
   */
  eraseRecord(recordId: string, opts?: CallOptions): Promise<ErasureResult>;
  /** Whether the vendor still holds the record (read-back, and completion of deferred erasures). */
  recordPresence(recordId: string, opts?: CallOptions): Promise<RecordPresence>;
  /** Writes a marketing email consent decision to the record; NOT_SUPPORTED where the vendor offers no such write. */
  writeEmailConsent(record: ContactRecord, decision: ConsentDecisionInput, opts?: CallOptions): Promise<ConsentWriteResult>;
}
