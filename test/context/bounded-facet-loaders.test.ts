import { describe, expect, it } from 'vitest';
import { createSourceTracker } from '../../src/context/index.js';
import { createLoaders } from '../../src/context/loaders.js';
import type { ListWindow, Order, Page, Silos } from '../../src/model/index.js';

// The facet loaders with the timeline's bound: bounded keys are a list of their own, batched with their likes.

const iso = (day: number) => new Date(Date.UTC(2026, 0, day)).toISOString();
const order = (recordId: string, day: number) => ({ provenance: { recordId }, createdAt: iso(day) }) as unknown as Order;
const ORDERS: Record<string, Order[]> = {
  a: [order('a3', 3), order('a2', 2), order('a1', 1)],
  b: [order('b3', 3), order('b2', 2), order('b1', 1)],
  c: [order('c2', 2), order('c1', 1)],
};

function rig() {
  const calls: { ids: readonly string[]; window: ListWindow }[] = [];
  const silos = {
    contacts: { CRM: {}, ECOMMERCE: {}, SUPPORT: {}, POS: {} },
    orders: {
      async ordersFor(ids: readonly string[], window: ListWindow) {
        calls.push({ ids, window });
        return new Map(ids.map((id): [string, Page<Order>] => {
          const under = (ORDERS[id] ?? []).filter((o) => !window.createdAtOrBefore || o.createdAt <= window.createdAtOrBefore);
          return [id, { items: under.slice(0, window.first), next: under.length > window.first ? 'more' : null, totalCount: null }];
        }));
      },
      getOrder: async () => null,
    },
  } as unknown as Silos;
  return { calls, loaders: createLoaders(silos, createSourceTracker(), { deadline: Date.now() + 5000, siloTimeoutMs: 5000 }) };
}

describe('facet loaders with createdAtOrBefore', () => {
  it('read bounded keys apart from the newest lists, one batch per bound with the widest window, each cut to its own', async () => {
    const { calls, loaders } = rig();
    const bound = iso(2);
    const [a5, b2, c1, a1] = await Promise.all([
      loaders.orders.load({ recordId: 'a', first: 5 }),
      loaders.orders.load({ recordId: 'b', first: 2, createdAtOrBefore: bound }),
      loaders.orders.load({ recordId: 'c', first: 1, createdAtOrBefore: bound }),
      loaders.orders.load({ recordId: 'a', first: 1 }),
    ]);
    expect(calls).toEqual(expect.arrayContaining([
      { ids: ['a'], window: { first: 5 } },
      { ids: ['b', 'c'], window: { first: 2, createdAtOrBefore: bound } },
    ]));
    expect(calls).toHaveLength(2);
    expect(a5?.items.map((o) => o.provenance.recordId)).toEqual(['a3', 'a2', 'a1']);
    expect(a1?.items.map((o) => o.provenance.recordId)).toEqual(['a3']);
    expect(b2?.items.map((o) => o.provenance.recordId)).toEqual(['b2', 'b1']);
    expect(c1?.items.map((o) => o.provenance.recordId)).toEqual(['c2']);
    expect(c1?.next).not.toBeNull();
  });

  it('never answers a bounded key from a newest list read beside it', async () => {
    const { calls, loaders } = rig();
    await Promise.all([
      loaders.orders.load({ recordId: 'a', first: 10 }),
      loaders.orders.load({ recordId: 'a', first: 10, createdAtOrBefore: iso(1) }),
    ]);
    expect(calls.map((c) => c.window.createdAtOrBefore ?? null).sort()).toEqual([iso(1), null].sort());
  });
});
