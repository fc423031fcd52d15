import type { Source } from '../model/index.js';

/** Drops what the gateway holds about silo records, on this replica and (with Redis) on every other. */
export interface RecordInvalidator {
  /** Forgets the records, every look-up result that contained them, and their facets (orders, tickets, sales). */
  invalidate(source: Source, recordIds: readonly string[]): Promise<void>;
}
