import { describe, expect, it } from 'vitest';
import type { ListWindow, Page } from '../../src/model/index.js';
import { allPagesOf } from '../../src/privacy/export.js';

describe('an export reads every page of a facet', () => {
  it('asks for the first page of every record in one call, then follows each record’s own cursor to its end', async () => {
    const pages: Record<string, string[][]> = { a: [['a1', 'a2'], ['a3'], ['a4']], b: [['b1']] };
    const calls: { ids: string[]; after: string | null }[] = [];
    const read = async (ids: string[], window: ListWindow) => {
      calls.push({ ids, after: window.after ?? null });
      const at = window.after ? Number(window.after) : 0;
      return new Map(ids.map((id): [string, Page<string>] => {
        const all = pages[id] ?? [];
        return [id, { items: all[at] ?? [], next: at + 1 < all.length ? String(at + 1) : null, totalCount: null }];
      }));
    };
    expect(await allPagesOf(['a', 'b'], read)).toEqual(['a1', 'a2', 'a3', 'a4', 'b1']);
    expect(calls).toEqual([{ ids: ['a', 'b'], after: null }, { ids: ['a'], after: '1' }, { ids: ['a'], after: '2' }]);
  });

  it('asks nothing for a silo with no record of the subject', async () => {
    let asked = 0;
    expect(await allPagesOf([], async () => {
      asked += 1;
      return new Map();
    })).toEqual([]);
    expect(asked).toBe(0);
  });
});
