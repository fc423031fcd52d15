import type { Order, Page } from '../../src/model/index.js';
import { createRequestMemo, type RequestMemo } from '../shared/index.js';
import { toOrder } from './mapping.js';
import { PREFETCHED_ORDERS } from './queries.js';
import type { ShopifyCustomerWithOrders } from './schemas.js';

/** A customer's newest orders as they came with the customer: each with its cursor, whether more follow, and the count. */
export interface PrefetchedOrders {
  orders: { order: Order; cursor: string }[];
  endCursor: string | null;
  more: boolean;
  totalCount: number;
}

/** The orders read along with customers in one request, by customer gid. */
export type PrefetchedOrderMemo = RequestMemo<PrefetchedOrders>;

/** Creates the per-request memo of prefetched orders. */
export const createPrefetchedOrderMemo = (): PrefetchedOrderMemo => createRequestMemo<PrefetchedOrders>();

/** Keeps the orders a customer came with for the rest of the request (nothing when they did not come). */
export function keepPrefetchedOrders(memo: PrefetchedOrderMemo, scope: object | undefined, customer: ShopifyCustomerWithOrders, fetchedAt: string): void {
  if (!scope || customer.orders === undefined || customer.numberOfOrders === undefined) return;
  const { edges, pageInfo } = customer.orders;
  memo.keep(scope, customer.id, {
    orders: edges.map((edge) => ({ order: toOrder(edge.node, customer.id, fetchedAt), cursor: edge.cursor })),
    endCursor: pageInfo.endCursor,
    more: pageInfo.hasNextPage,
    totalCount: Number(customer.numberOfOrders),
  });
}

/**
 * The first page of `first` newest orders, cut from what was prefetched (with `bound`, of those created at or before
 * it); undefined when the prefetch cannot answer it (more orders asked for than it holds, while the customer has
 * more). The page's cursor resumes right after its last order. Orders come newest first, so once one prefetched order
 * is within the bound every later one is too: a bounded page is the prefetch from its first order within the bound.
 */
export function prefetchedPage(entry: PrefetchedOrders, first: number, bound: string | null = null): Page<Order> | undefined {
  if (first < 1 || (first > PREFETCHED_ORDERS && entry.more)) return undefined;
  let start = 0;
  if (bound !== null) {
    const limit = Math.floor(Date.parse(bound) / 1000) * 1000;
    start = entry.orders.findIndex((o) => Date.parse(o.order.createdAt) <= limit);
    // None prefetched is within the bound, or fewer than asked for while the customer has more: a read of its own.
    if (start < 0 ? entry.more : entry.orders.length - start < first && entry.more) return undefined;
  }
  const within = start < 0 ? [] : entry.orders.slice(start);
  const items = within.slice(0, first);
  const cut = within.length > first;
  const next = cut ? (items.at(-1)?.cursor ?? null) : entry.more ? entry.endCursor : null;
  // Shopify's order count is of all the customer's orders: a bounded page has no total.
  return { items: items.map((o) => o.order), next, totalCount: bound === null ? entry.totalCount : null };
}
