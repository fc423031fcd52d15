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
  /**
   * Only records created at or before this instant (ISO 8601 UTC), newest first as always: how the timeline resumes a
   * history from its cursor's time, stable while the silo gains records (a vendor cursor or offset is not).
   */
  createdAtOrBefore?: string | null;
}
