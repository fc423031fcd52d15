import type { ContactRecord, Order, PosTransaction, Source, System, Ticket, TicketStatus } from '../../src/model/index.js';
import type { CallOptions } from './http.js';

/**
 * A key to look a person up by in a silo. Emails arrive normalised (trim, lower-case), phones in E.164.
 * `xref` finds the records of this silo that point at `recordId` of silo `source`. `name` is free text
 * (a full or partial name) for silos that can search by name. `familyName` finds the records whose family
 * name and postal code both match, compared in the forms `familyNameKey` and `postalCodeKey` give.
 */
export type LookupKey =
  | { kind: 'email'; value: string }
  | { kind: 'phone'; value: string }
  | { kind: 'name'; value: string }
  | { kind: 'familyName'; value: string; postalCode: string }
  | { kind: 'xref'; source: Source; value: string };

/** The map key a lookup's results are filed under: `email:a@b.com`, `phone:+1…`, `xref:CRM:51`, `familyName:smith|SW1A1AA`. */
export function lookupKeyId(key: LookupKey): string {
  if (key.kind === 'xref') return `xref:${key.source}:${key.value}`;
  if (key.kind === 'familyName') return `familyName:${key.value}|${key.postalCode}`;
  return `${key.kind}:${key.value}`;
}

/** A family name in the form `familyName` keys compare: accents stripped, lower-case letters only; null if none. */
export function familyNameKey(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const key = raw.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z]/g, '');
  return key === '' ? null : key;
}

/** A postal code in the form `familyName` keys compare: upper-case letters and digits only; null if none. */
export function postalCodeKey(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const key = raw.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return key === '' ? null : key;
}

/** A page of records and where to resume. */
export interface Page<T> {
  items: T[];
  /** Opaque vendor cursor for the next page; null on the last page. */
  next: string | null;
  /** Total items, when the vendor tells it without extra calls. */
  totalCount: number | null;
}

/** How much of a per-customer list to fetch. */
export interface ListWindow {
  first: number;
  /** Resume cursor from a previous `Page.next` of the same customer. */
  after?: string | null;
}

/** What every silo connector offers: batch-shaped reads of the people it holds. */
export interface ContactConnector {
  readonly source: Source;
  readonly system: System;
  /** Records by vendor id; absent ids are simply missing from the map. */
  getContacts(ids: readonly string[], opts?: CallOptions): Promise<Map<string, ContactRecord>>;
  /** Whether `findContacts` can search this kind of key here; the gateway never sends the others. */
  supports(key: LookupKey): boolean;
  /** Records matching each key, filed under `lookupKeyId(key)`; every key gets an entry. */
  findContacts(keys: readonly LookupKey[], opts?: CallOptions): Promise<Map<string, ContactRecord[]>>;
  /** Every record of the silo in the vendor's stable order, one page at a time. */
  listContacts(window: ListWindow, opts?: CallOptions): Promise<Page<ContactRecord>>;
}

/** E-commerce orders, batched over customers. */
export interface OrderSource {
  ordersFor(customerIds: readonly string[], window: ListWindow, opts?: CallOptions): Promise<Map<string, Page<Order>>>;
  /** An order by vendor id, or null. */
  getOrder(orderId: string, opts?: CallOptions): Promise<Order | null>;
}

/** POS transactions, batched over customers. */
export interface PosSource {
  transactionsFor(
    customerIds: readonly string[],
    window: ListWindow,
    opts?: CallOptions,
  ): Promise<Map<string, Page<PosTransaction>>>;
  getTransaction(transactionId: string, opts?: CallOptions): Promise<PosTransaction | null>;
}

/** Support tickets, batched over requesters. */
export interface TicketSource {
  ticketsFor(
    requesterIds: readonly string[],
    window: ListWindow & { status?: TicketStatus | null },
    opts?: CallOptions,
  ): Promise<Map<string, Page<Ticket>>>;
  getTicket(ticketId: string, opts?: CallOptions): Promise<Ticket | null>;
}

/** A `supports` predicate from the key kinds a silo can search and the silos whose ids it keeps. */
export function supportedKeys(kinds: readonly LookupKey['kind'][], crossRefSources: readonly Source[] = []): (key: LookupKey) => boolean {
  return (key) => kinds.includes(key.kind) && (key.kind !== 'xref' || crossRefSources.includes(key.source));
}

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
