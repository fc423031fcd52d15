import type { SkippedRecord } from './skipped-record.js';

/** What a caller passes down to every silo call: when the request must be done by, and how to cancel it. */
export interface CallOptions {
  /** Epoch ms by which the whole request (all retries included) must be done. */
  deadline?: number;
  signal?: AbortSignal;
  /** Who waits for the answer: a person (served first, the default) or a batch job such as BI paging. */
  priority?: 'interactive' | 'bulk';
  /**
   * An object that lives as long as the caller's request: a connector may keep, against it (weakly), an answer that
   * is costly to repeat within the request, such as a whole customer list. Never shared between requests.
   */
  scope?: object;
  /** Told of every record the silo answered with that the connector had to leave out (see `SkippedRecord`). */
  onSkippedRecord?: (record: SkippedRecord) => void;
}
