import {
  collectPages,
  type CallOptions,
  type ListWindow,
  type Page,
  type PosSource,
  type PosTransaction,
} from '../../src/model/index.js';
import { chunk, mapConcurrent } from '../shared/index.js';
import type { SearchOrdersBody, SquareClient } from './client.js';
import type { ResolvedSquareConfig } from './config.js';
import { customerOfOrder, toPosTransaction } from './mapping.js';
import { ORDER_CUSTOMER_LIMIT, ORDER_LOCATION_LIMIT, ORDERS_PAGE_LIMIT, isSquareOrderId } from './limits.js';
import { decodeOffset, encodeOffset } from './offset-cursor.js';
import type { SquareOrder } from './schemas.js';


const newestFirst = (a: SquareOrder, b: SquareOrder) =>
  Date.parse(b.created_at) - Date.parse(a.created_at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * A SearchOrders body for up to ten customers; with `createdAtOrBefore`, only orders created at or before it (Square's
 * date-time filter: its end is inclusive, and its field must be the sort field, CREATED_AT here).
 */
function searchBody(customerIds: string[], locationIds: string[], createdAtOrBefore: string | null, cursor: string | undefined): SearchOrdersBody {
  const customers = { customer_ids: customerIds };
  const filter = createdAtOrBefore === null
    ? { customer_filter: customers }
    : { customer_filter: customers, date_time_filter: { created_at: { end_at: createdAtOrBefore } } };
  return {
    location_ids: locationIds,
    query: { filter, sort: { sort_field: 'CREATED_AT', sort_order: 'DESC' } },
    limit: ORDERS_PAGE_LIMIT,
    return_entries: false,
    cursor,
  };
}

/** The POS half of the Square connector: orders per customer, ten customers per search. */
export function createTransactionReads(client: SquareClient, config: ResolvedSquareConfig): PosSource {
  let locations: Promise<string[]> | undefined;
  // Locations are read once per connector; a failed read is forgotten so the next call tries again.
  function locationIds(opts?: CallOptions): Promise<string[]> {
    if (locations) return locations;
    const pending = client.listLocations(opts).then(({ locations: list }) => list.map((location) => location.id));
    locations = pending;
    pending.catch(() => {
      if (locations === pending) locations = undefined;
    });
    return pending;
  }

  /**
   * Every order of the given customers (created at or before `createdAtOrBefore`, when given), grouped; customers whose
   * listing hit maxPages are marked truncated.
   */
  async function ordersOf(customerIds: string[], createdAtOrBefore: string | null, opts?: CallOptions) {
    const byCustomer = new Map(customerIds.map((id) => [id, new Map<string, SquareOrder>()]));
    const truncated = new Set<string>();
    const locationChunks = chunk(await locationIds(opts), ORDER_LOCATION_LIMIT);
    const jobs = chunk(customerIds, ORDER_CUSTOMER_LIMIT).flatMap((ids) => locationChunks.map((locs) => [ids, locs] as const));
    await mapConcurrent(jobs, 4, async ([ids, locs]) => {
      const { items, next } = await collectPages<SquareOrder, string>(
        async (cursor) => {
          const page = await client.searchOrders(searchBody(ids, locs, createdAtOrBefore, cursor), opts);
          return { items: page.orders ?? [], next: page.cursor };
        },
        { limit: Number.POSITIVE_INFINITY, maxPages: config.maxPages },
      );
      if (next !== undefined) for (const id of ids) truncated.add(id);
      for (const order of items) byCustomer.get(customerOfOrder(order) ?? '')?.set(order.id, order);
    });
    return { byCustomer, truncated };
  }

  return {
    async transactionsFor(customerIds: readonly string[], window: ListWindow, opts?: CallOptions) {
      const offset = decodeOffset(window.after);
      const ids = [...new Set(customerIds)].filter((id) => id !== '');
      const pages = new Map<string, Page<PosTransaction>>();
      if (ids.length === 0) return pages;
      const fetchedAt = new Date().toISOString();
      const bound = window.createdAtOrBefore ?? null;
      if (bound !== null && Number.isNaN(Date.parse(bound))) throw new RangeError('createdAtOrBefore is not an ISO 8601 instant');
      // The offset cursor counts within the bounded list: a resumed read passes the same bound.
      const { byCustomer, truncated } = await ordersOf(ids, bound === null ? null : new Date(bound).toISOString(), opts);
      for (const [id, orders] of byCustomer) {
        const sorted = [...orders.values()].sort(newestFirst);
        const end = offset + Math.max(0, window.first);
        pages.set(id, {
          items: sorted.slice(offset, end).map((order) => toPosTransaction(order, fetchedAt)),
          next: end < sorted.length ? encodeOffset(end) : null,
          totalCount: truncated.has(id) ? null : sorted.length,
        });
      }
      return pages;
    },

    async getTransaction(transactionId: string, opts?: CallOptions) {
      if (!isSquareOrderId(transactionId)) return null;
      const order = await client.retrieveOrder(transactionId, opts);
      return order ? toPosTransaction(order, new Date().toISOString()) : null;
    },
  };
}
