/** One page of a vendor listing, reduced to what the paging loop needs. */
export interface FetchedPage<T, C> {
  items: T[];
  /** The cursor of the next page, or undefined on the last one. */
  next: C | undefined;
}

/**
 * Follows a vendor's cursor until `limit` items are collected, the vendor runs out, or `maxPages`
 * is reached. Returns the items (at most `limit`) and the cursor to resume from, if any.
 */
export async function collectPages<T, C>(
  fetchPage: (cursor: C | undefined, wanted: number) => Promise<FetchedPage<T, C>>,
  { limit, maxPages = 50, start }: { limit: number; maxPages?: number; start?: C },
): Promise<FetchedPage<T, C>> {
  const items: T[] = [];
  let cursor = start;
  for (let page = 0; page < maxPages && items.length < limit; page++) {
    const { items: batch, next } = await fetchPage(cursor, limit - items.length);
    items.push(...batch);
    cursor = next;
    if (next === undefined) break;
  }
  return { items: items.slice(0, limit), next: cursor };
}
