import { describe, expect, it } from 'vitest';
import { collectPages, type FetchedPage } from '../../src/model/index.js';

describe('collectPages', () => {
  const ITEMS = Array.from({ length: 10 }, (_, i) => i);
  /** A vendor listing 10 items, 3 a page at most and never more than asked for; the cursor is an offset. */
  function vendor() {
    const calls: Array<{ cursor: number | undefined; wanted: number }> = [];
    const fetchPage = async (cursor: number | undefined, wanted: number): Promise<FetchedPage<number, number>> => {
      calls.push({ cursor, wanted });
      const from = cursor ?? 0;
      const items = ITEMS.slice(from, from + Math.min(3, wanted));
      return { items, next: from + items.length < ITEMS.length ? from + items.length : undefined };
    };
    return { calls, fetchPage };
  }

  it('stops at limit, asks each page only for what is still wanted, and returns a cursor to resume from', async () => {
    const { calls, fetchPage } = vendor();
    const first = await collectPages(fetchPage, { limit: 5 });
    expect(first).toEqual({ items: [0, 1, 2, 3, 4], next: 5 });
    expect(calls).toEqual([{ cursor: undefined, wanted: 5 }, { cursor: 3, wanted: 2 }]);
    const rest = await collectPages(fetchPage, { limit: 100, start: first.next });
    expect([...first.items, ...rest.items]).toEqual(ITEMS);
  });

  it('returns everything and no cursor when the vendor runs out first', async () => {
    const { calls, fetchPage } = vendor();
    await expect(collectPages(fetchPage, { limit: 100 })).resolves.toEqual({ items: ITEMS, next: undefined });
    expect(calls).toHaveLength(4);
  });

  it('stops after maxPages, with the cursor of the page it did not fetch', async () => {
    const { calls, fetchPage } = vendor();
    await expect(collectPages(fetchPage, { limit: 100, maxPages: 2 })).resolves.toEqual({ items: [0, 1, 2, 3, 4, 5], next: 6 });
    expect(calls).toHaveLength(2);
  });

  it('starts from the given cursor and makes no call for limit 0', async () => {
    const { calls, fetchPage } = vendor();
    await expect(collectPages(fetchPage, { limit: 2, start: 7 })).resolves.toEqual({ items: [7, 8], next: 9 });
    expect(calls[0]!.cursor).toBe(7);
    await expect(collectPages(fetchPage, { limit: 0, start: 4 })).resolves.toEqual({ items: [], next: 4 });
    expect(calls).toHaveLength(1);
  });

  it('never returns more than limit, even from a vendor that over-delivers', async () => {
    const page = await collectPages(async () => ({ items: [1, 2, 3, 4], next: 'more' }), { limit: 3 });
    expect(page.items).toEqual([1, 2, 3]);
  });
});
