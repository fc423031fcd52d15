import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { World } from '../../connectors/sandbox-kit/index.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { testWorld } from '../support/world.js';

// The gateway's own connections (Relay): what pageInfo says on the first, a middle and the last page, and that
// cursors resume exactly where a page ended.
type PageInfo = { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
type Conn<T> = { totalCount?: number | null; edges: { cursor: string; node: T }[]; pageInfo: PageInfo };

describe('connections and their pageInfo', () => {
  let stack: TestStack;
  let world: World;
  beforeAll(async () => {
    stack = await startTestStack();
    world = testWorld();
  });
  afterAll(() => stack.close());

  function expectBounds<T>(conn: Conn<T>) {
    expect(conn.pageInfo.startCursor).toBe(conn.edges[0]?.cursor ?? null);
    expect(conn.pageInfo.endCursor).toBe(conn.edges.at(-1)?.cursor ?? null);
  }

  it('pages customers forward: no previous page first, one after a cursor, and no customer twice', async () => {
    const page = async (after: string | null) => {
      const res = await stack.query<{ customers: Conn<{ id: string }> }>(
        'query($after: String) { customers(first: 7, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }',
        { after },
      );
      expect(res.errors).toBeUndefined();
      return res.data?.customers as Conn<{ id: string }>;
    };
    const first = await page(null);
    expect(first.edges).toHaveLength(7);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expectBounds(first);
    const second = await page(first.pageInfo.endCursor);
    expect(second.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    expectBounds(second);
    const ids = [...first.edges, ...second.edges].map((e) => e.node.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("pages a customer's orders newest first, resuming after each page's end cursor, to a last page", async () => {
    // The Shopify customer with the most orders in the test world, found by their email.
    const counts = new Map<string, number>();
    for (const order of world.shopify.orders) counts.set(order.customerId, (counts.get(order.customerId) ?? 0) + 1);
    const [customerId, total] = [...counts].sort((a, b) => b[1] - a[1])[0] as [string, number];
    expect(total).toBeGreaterThanOrEqual(3);
    const email = world.shopify.customers.find((c) => c.id === customerId)?.email as string;
    const orderIds = world.shopify.orders.filter((o) => o.customerId === customerId).sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map((o) => o.id);

    const page = async (after: string | null) => {
      const res = await stack.query<{ findCustomers: { orders: Conn<{ id: string }> }[] }>(
        'query($email: String, $after: String) { findCustomers(email: $email) { orders(first: 2, after: $after) { totalCount edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }',
        { email, after },
      );
      expect(res.errors).toBeUndefined();
      return res.data?.findCustomers[0]?.orders as Conn<{ id: string }>;
    };
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; ; i += 1) {
      const conn = await page(after);
      expect(conn.totalCount).toBeGreaterThanOrEqual(total);
      expect(conn.pageInfo.hasPreviousPage).toBe(i > 0);
      expectBounds(conn);
      seen.push(...conn.edges.map((e) => e.node.id));
      if (!conn.pageInfo.hasNextPage) break;
      expect(conn.edges).toHaveLength(2);
      after = conn.pageInfo.endCursor;
    }
    // Every order of that Shopify record, in order (other linked records of the person may add theirs).
    expect(seen.filter((id) => orderIds.includes(id))).toEqual(orderIds);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('answers a page past the end with no edges, null cursors and a previous page', async () => {
    const email = world.shopify.customers.find((c) => world.shopify.orders.some((o) => o.customerId === c.id))?.email as string;
    const res = await stack.query<{ findCustomers: { orders: Conn<{ id: string }> }[] }>(
      'query($email: String) { findCustomers(email: $email) { orders(first: 5, after: "bzk5OQ") { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }',
      { email },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.findCustomers[0]?.orders).toEqual({
      edges: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null },
    });
  });
});
