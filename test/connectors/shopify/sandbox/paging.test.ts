import { describe, expect, it } from 'vitest';
import { smallWorld, useShopifySandbox } from '../support-sandbox.js';
import { specProblems } from '../support-spec.js';

const world = smallWorld();
const sandbox = useShopifySandbox(world);
const numeric = (gid: string) => BigInt(gid.split('/').at(-1) ?? '0');

type PageInfo = { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
type Conn = { edges: { cursor: string; node: { id: string } }[]; pageInfo: PageInfo };

describe('Shopify sandbox cursor paging', () => {
  it('crawls customers with first/after in ascending id order, each once, with Relay page info', async () => {
    const query = 'query($after: String) { customers(first: 100, after: $after, sortKey: ID) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }';
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const { body } = await sandbox.post<{ customers: Conn }>({ query, variables: { after } });
      expect(specProblems(query, { after }, body.data)).toEqual([]);
      const { edges, pageInfo } = body.data?.customers as Conn;
      seen.push(...edges.map((e) => e.node.id));
      expect(pageInfo.hasPreviousPage).toBe(page > 0);
      expect(pageInfo.startCursor).toBe(edges[0]?.cursor ?? null);
      expect(pageInfo.endCursor).toBe(edges.at(-1)?.cursor ?? null);
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    const expected = world.shopify.customers.map((c) => c.id).sort((a, b) => (numeric(a) < numeric(b) ? -1 : 1));
    expect(seen).toEqual(expected);
    expect(expected.length).toBeGreaterThan(250);
  });

  it('pages one customer\'s orders newest first with sortKey CREATED_AT and reverse, ending with hasNextPage false', async () => {
    const owner = world.shopify.customers.find((c) => world.shopify.orders.filter((o) => o.customerId === c.id).length >= 5);
    if (!owner) throw new Error('no customer with five orders in the test world');
    const query = 'query($id: ID!, $after: String) { customer(id: $id) { orders(first: 2, after: $after, sortKey: CREATED_AT, reverse: true) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }';
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const { body } = await sandbox.post<{ customer: { orders: Conn } }>({ query, variables: { id: owner.id, after } });
      const { edges, pageInfo } = body.data?.customer.orders as Conn;
      seen.push(...edges.map((e) => e.node.id));
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    const expected = world.shopify.orders.filter((o) => o.customerId === owner.id).sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map((o) => o.id);
    expect(seen).toEqual(expected);
  });

  it('serves last/before backwards from a cursor', async () => {
    const query = 'query($before: String) { customers(last: 2, before: $before) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage } } }';
    const first = await sandbox.post<{ customers: Conn }>({ query: '{ customers(first: 5) { edges { cursor node { id } } } }' });
    const five = first.body.data?.customers.edges ?? [];
    const { body } = await sandbox.post<{ customers: Conn }>({ query, variables: { before: five[4]?.cursor } });
    expect(body.data?.customers.edges.map((e) => e.node.id)).toEqual([five[2]?.node.id, five[3]?.node.id]);
    expect(body.data?.customers.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: true });
  });
});
