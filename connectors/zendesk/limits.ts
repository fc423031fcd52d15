/** What Zendesk allows per call (Support API reference). */

/** The most ids `show_many` takes in one call. */
export const SHOW_MANY_LIMIT = 100;
/** The largest `per_page` / `page[size]` Zendesk serves. */
export const PAGE_SIZE_LIMIT = 100;

/** Whether a string is a Zendesk integer id (users, tickets); anything else cannot exist there. */
export function isZendeskId(value: string): boolean {
  return /^[1-9]\d{0,15}$/.test(value) && Number.isSafeInteger(Number(value));
}
