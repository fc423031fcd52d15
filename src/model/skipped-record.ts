import type { Source } from './provenance.js';

/**
 * A record a silo answered with that the gateway cannot use (it lacks, or mistypes, a field the canonical record
 * needs: an id, a ticket's status): it is left out of the answer, and the rest of the page is served. Only its id
 * and the name of the field at fault are kept, never a value, so a report carries no personal data.
 */
export interface SkippedRecord {
  source: Source;
  /** The vendor's id of the record, when it has a usable one. */
  recordId: string | null;
  /** The field at fault, as a dotted path inside the record (`id`, `status`, `total_money.amount`). */
  field: string;
}
