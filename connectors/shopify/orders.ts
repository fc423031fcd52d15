import { collectPages, type CallOptions, type Order, type OrderSource, type Page } from '../../src/model/index.js';
import { inBatches, mapConcurrent } from '../shared/index.js';
import type { ShopifyClient } from './client.js';
import { CONCURRENCY, IDS_PER_CALL, PAGE_SIZE, isCustomerGid, isOrderGid } from './limits.js';
import { toOrder } from './mapping.js';
import { prefetchedPage, type PrefetchedOrderMemo } from './prefetched-orders.js';
import { ORDERS_OF_CUSTOMERS, ORDER_BY_ID, ordersCreatedAtOrBefore } from './queries.js';
import { orderByIdSchema, orderNodesSchema } from './schemas.js';

const MAX_ORDER_PAGES = 20;

/**
 * The order reads of the Shopify connector. The first page of a customer read earlier in the same request comes from
 * the orders that came with it (`prefetched`), when it holds enough of them.
 */
export function createOrderReads(client: ShopifyClient, prefetched: PrefetchedOrderMemo): OrderSource {
  /**
   * One page of orders for each of up to 250 customers; customers Shopify does not know are absent. With `query` (an
   * order search) Shopify's order count is of all the customer's orders, not of those it keeps: no total then.
   */
  async function ordersPage(ids: string[], first: number, after: string | null, query: string | null, opts?: CallOptions): Promise<Map<string, Page<Order>>> {
    const { nodes } = await client.query(ORDERS_OF_CUSTOMERS, { ids, first, after, query }, orderNodesSchema, opts);
    const fetchedAt = new Date().toISOString();
    const pages = new Map<string, Page<Order>>();
    for (const node of nodes) {
      if (!node) continue;
      const { hasNextPage, endCursor } = node.orders.pageInfo;
      pages.set(node.id, {
        items: node.orders.edges.map((e) => toOrder(e.node, node.id, fetchedAt)),
        next: hasNextPage && endCursor ? endCursor : null,
        totalCount: query === null ? Number(node.numberOfOrders) : null,
      });
    }
    return pages;
  }

  /** Follows one customer's cursor until `page` holds `first` orders; only needed when `first` exceeds a Shopify page. */
  async function complete(id: string, page: Page<Order>, first: number, query: string | null, opts?: CallOptions): Promise<Page<Order>> {
    if (first <= PAGE_SIZE || page.items.length >= first || page.next === null) return page;
    const rest = await collectPages<Order, string>(async (after, wanted) => {
      const next = (await ordersPage([id], Math.min(PAGE_SIZE, wanted), after ?? null, query, opts)).get(id);
      return { items: next?.items ?? [], next: next?.next ?? undefined };
    }, { limit: first - page.items.length, start: page.next, maxPages: MAX_ORDER_PAGES });
    return { items: [...page.items, ...rest.items], next: rest.next ?? null, totalCount: page.totalCount };
  }

  return {
    async ordersFor(customerIds, window, opts) {
      const ids = [...new Set(customerIds)].filter(isCustomerGid);
      const first = Math.max(0, window.first);
      const size = Math.min(PAGE_SIZE, first);
      const after = window.after ?? null;
      const bound = window.createdAtOrBefore ?? null;
      // The same search on every customer's orders, so a bounded read still batches customers in one `nodes` call.
      const query = bound === null ? null : ordersCreatedAtOrBefore(bound);
      const known = new Map<string, Page<Order>>();
      for (const id of after ? [] : ids) {
        const entry = prefetched.get(opts?.scope, id);
        const page = entry && prefetchedPage(entry, first, bound);
        if (page) known.set(id, page);
      }
      const rest = ids.filter((id) => !known.has(id));
      // A cursor belongs to one customer's list, so a resumed read is a query of its own.
      const firstPages = after
        ? new Map((await mapConcurrent(rest, CONCURRENCY, (id) => ordersPage([id], size, after, query, opts))).flatMap((m) => [...m]))
        : await inBatches(rest, IDS_PER_CALL, (batch) => ordersPage(batch, size, null, query, opts), CONCURRENCY);
      const completed = await mapConcurrent([...firstPages], CONCURRENCY, async ([id, page]) => [id, await complete(id, page, first, query, opts)] as const);
      return new Map([...known, ...completed]);
    },

    async getOrder(orderId, opts) {
      if (!isOrderGid(orderId)) return null;
      const { order } = await client.query(ORDER_BY_ID, { id: orderId }, orderByIdSchema, opts);
      // A guest order has no customer record to belong to; the gateway reaches orders only through customers.
      if (!order?.customer) return null;
      return toOrder(order, order.customer.id, new Date().toISOString());
    },
  };
}
