import { describe, expect, it } from 'vitest';
import { shopifyRefundsOf } from '../../../../connectors/sandbox-kit/index.js';
import { parseDecimalMoney } from '../../../../src/model/index.js';
import { smallWorld, useShopifySandbox, type Answer } from '../support-sandbox.js';
import { specProblems } from '../support-spec.js';

const world = smallWorld();
const sandbox = useShopifySandbox(world);
const shopifySecond = (iso: string) => new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');

type Conn = { edges: { cursor: string; node: { id: string; createdAt: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
const ORDERS = `query($id: ID!, $first: Int!, $after: String, $query: String) { customer(id: $id) {
  orders(first: $first, after: $after, sortKey: CREATED_AT, reverse: true, query: $query) {
    edges { cursor node { id createdAt } } pageInfo { hasNextPage endCursor } } } }`;

const ordersOf = (customerId: string) =>
  world.shopify.orders.filter((o) => o.customerId === customerId).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
const busiest = [...world.shopify.customers].sort((a, b) => ordersOf(b.id).length - ordersOf(a.id).length)[0]!;

/** Pages one customer's orders newest first with a search, `first` at a time, to the end. */
async function crawl(query: string | null, first: number): Promise<string[]> {
  const seen: string[] = [];
  let after: string | null = null;
  for (let page = 0; page < 50; page++) {
    const variables: Record<string, unknown> = { id: busiest.id, first, after, query };
    const { body }: Answer<{ customer: { orders: Conn } }> = await sandbox.post<{ customer: { orders: Conn } }>({ query: ORDERS, variables });
    expect(body.errors).toBeUndefined();
    expect(specProblems(ORDERS, variables, body.data)).toEqual([]);
    const { edges, pageInfo } = body.data!.customer.orders;
    seen.push(...edges.map((e) => e.node.id));
    if (!pageInfo.hasNextPage) break;
    after = pageInfo.endCursor;
  }
  return seen;
}

describe('Shopify sandbox: Customer.orders(query:) with created_at', () => {
  const all = ordersOf(busiest.id);
  // The bound is an order's createdAt as Shopify serves it (to the second): that order is within it.
  const middle = all[Math.floor(all.length / 2)]!;
  const bound = shopifySecond(middle.createdAt);

  it('keeps only the orders created at or before the bound, newest first, paging within it', async () => {
    expect(all.length).toBeGreaterThan(4);
    const within = all.filter((o) => shopifySecond(o.createdAt) <= bound).map((o) => o.id);
    expect(within).toContain(middle.id);
    expect(within.length).toBeLessThan(all.length);
    expect(await crawl(`created_at:<=${bound}`, 2)).toEqual(within);
    expect(await crawl(`created_at:<=${bound}`, 250)).toEqual(within);
  });

  it('honours the other comparators and a bound combined with AND, and the whole list without a query', async () => {
    const later = all.filter((o) => shopifySecond(o.createdAt) > bound).map((o) => o.id);
    expect(await crawl(`created_at:>${bound}`, 3)).toEqual(later);
    expect(await crawl(`created_at:<${bound}`, 3)).toEqual(all.filter((o) => shopifySecond(o.createdAt) < bound).map((o) => o.id));
    expect(await crawl(`created_at:<=${bound} AND created_at:>=${bound}`, 3)).toEqual([middle.id]);
    expect(await crawl(null, 3)).toEqual(all.map((o) => o.id));
  });

  it('ignores an order field it does not know, with a search warning in extensions, as Shopify does', async () => {
    const variables = { id: busiest.id, first: 250, after: null, query: `sku:ABC created_at:<=${bound}` };
    const { body } = await sandbox.post<{ customer: { orders: Conn } }>({ query: ORDERS, variables });
    expect(body.data?.customer.orders.edges.map((e) => e.node.id)).toEqual(all.filter((o) => shopifySecond(o.createdAt) <= bound).map((o) => o.id));
    expect(body.extensions?.search).toEqual([
      { path: ['customer', 'orders'], query: variables.query, warnings: [{ field: 'sku', message: 'Invalid search field for this query.' }] },
    ]);
  });
});

describe('Shopify sandbox: Order.refunds', () => {
  type Refunded = { id: string; displayFinancialStatus: string; totalRefundedSet: { shopMoney: { amount: string } };
    refunds: { id: string; createdAt: string; totalRefundedSet: { shopMoney: { amount: string; currencyCode: string } } }[] };
  const REFUNDS = `query($id: ID!) { order(id: $id) { id displayFinancialStatus totalRefundedSet { shopMoney { amount currencyCode } }
    refunds { id createdAt totalRefundedSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } } } } }`;

  it('serves each world refund with its time and amount, oldest first, adding up to totalRefundedSet', async () => {
    const refunded = world.shopify.orders.filter((o) => o.refunds !== undefined);
    expect(refunded.length).toBeGreaterThan(5);
    for (const order of refunded) {
      const { body } = await sandbox.post<{ order: Refunded }>({ query: REFUNDS, variables: { id: order.id } });
      expect(specProblems(REFUNDS, { id: order.id }, body.data, 'project')).toEqual([]);
      const served = body.data!.order;
      const minor = (amount: string) => parseDecimalMoney(amount, order.currency).minor;
      expect(served.refunds.map((r) => [r.createdAt, r.totalRefundedSet.shopMoney.currencyCode])).toEqual(
        order.refunds!.map((r) => [shopifySecond(r.createdAt), order.currency]),
      );
      expect(served.refunds.map((r) => minor(r.totalRefundedSet.shopMoney.amount))).toEqual(order.refunds!.map((r) => r.amountMinor));
      expect(minor(served.totalRefundedSet.shopMoney.amount)).toBe(order.refunds!.reduce((s, r) => s + r.amountMinor, 0));
      expect(served.refunds.every((r) => /^gid:\/\/shopify\/Refund\/\d+$/.test(r.id))).toBe(true);
    }
  });

  it('serves an order without refunds an empty list, and one from a world file without them the refund its status says', async () => {
    const paid = world.shopify.orders.find((o) => o.financialStatus === 'PAID')!;
    const { body } = await sandbox.post<{ order: Refunded }>({ query: REFUNDS, variables: { id: paid.id } });
    expect(body.data?.order.refunds).toEqual([]);
    // A file's REFUNDED order that lists no refunds was refunded in full at its updatedAt.
    const { refunds: _omitted, ...fromFile } = world.shopify.orders.find((o) => o.financialStatus === 'REFUNDED')!;
    expect(shopifyRefundsOf(fromFile)).toEqual([{ createdAt: fromFile.updatedAt, amountMinor: fromFile.totalMinor }]);
  });
});
