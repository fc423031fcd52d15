import type { CallOptions } from './call-options.js';
import type { LookupKey } from './lookup-key.js';
import type { ListWindow, Page } from './page.js';
import type { Source, System } from './provenance.js';
import type { ContactRecord } from './records.js';

/** What every silo connector offers: batch-shaped reads of the people it holds. */
export interface ContactConnector {
  readonly source: Source;
  readonly system: System;
  /** Records by vendor id; absent ids are simply missing from the map. */
  getContacts(ids: readonly string[], opts?: CallOptions): Promise<Map<string, ContactRecord>>;
  /** Whether `findContacts` can search this kind of key here; the gateway never sends the others. */
  supports(key: LookupKey): boolean;
  /**
   * Whether the vendor lets at most one record here hold this key's value (Zendesk keeps `external_id` unique): once
   * a record of this silo holding it is known, that record is the whole answer, and the silo need not be asked.
   * Absent: no key is unique.
   */
  holdsUniquely?(key: LookupKey): boolean;
  /** Records matching each key, filed under `lookupKeyId(key)`; every key gets an entry. */
  findContacts(keys: readonly LookupKey[], opts?: CallOptions): Promise<Map<string, ContactRecord[]>>;
  /** Every record of the silo in the vendor's stable order, one page at a time. */
  listContacts(window: ListWindow, opts?: CallOptions): Promise<Page<ContactRecord>>;
}
