import type { FastifyInstance } from 'fastify';
import { INVALID_CURSOR, invalidRequest, notFound } from './answers.js';
import { check, reply } from './http.js';
import { batchRetrieveOrdersRequest, searchOrdersRequest } from './order-requests.js';
import { orderPasses, sortOrders } from './order-search.js';
import { pageOf, queryPrint } from './paging.js';
import { compact, renderOrder } from './render.js';
import type { SquareStore } from './store.js';

/** SearchOrders, RetrieveOrder and BatchRetrieveOrders. */
export function orderRoutes(app: FastifyInstance, store: SquareStore, now: () => number): void {
  const render = (order: (typeof store.orders)[number]) => renderOrder(order, store.paymentOfOrder(order.id));

  app.post('/v2/orders/search', async (request, res) => {
    const checked = check(searchOrdersRequest, request.body);
    if (!checked.ok) return reply(res, checked.answer);
    const { location_ids, query, limit = 500, cursor, return_entries = false } = checked.data;
    const unknown = location_ids.find((id) => !store.locations.some((location) => location.id === id));
    if (unknown !== undefined) {
      return reply(res, invalidRequest('INVALID_VALUE', `Location \`${unknown}\` does not belong to this seller.`, 'location_ids'));
    }
    const at = new Set(location_ids);
    const hits = store.ordersOf(query?.filter?.customer_filter?.customer_ids).filter((o) => at.has(o.locationId) && orderPasses(o, query?.filter, now()));
    const sorted = sortOrders(hits, query?.sort?.sort_field ?? 'CREATED_AT', query?.sort?.sort_order ?? 'DESC');
    const page = pageOf(sorted, limit, cursor, queryPrint({ location_ids, query, return_entries }));
    if (page === null) return reply(res, INVALID_CURSOR);
    const items = page.items.length === 0 ? null : page.items;
    return compact({
      orders: return_entries ? null : items?.map(render),
      order_entries: return_entries ? items?.map((o) => ({ order_id: o.id, location_id: o.locationId, version: o.state === 'OPEN' ? 1 : 3 })) : null,
      cursor: page.cursor,
    });
  });

  app.get<{ Params: { order_id: string } }>('/v2/orders/:order_id', async (request, res) => {
    const order = store.order(request.params.order_id);
    return order ? { order: render(order) } : reply(res, notFound('Order', request.params.order_id));
  });

  app.post('/v2/orders/batch-retrieve', async (request, res) => {
    const checked = check(batchRetrieveOrdersRequest, request.body);
    if (!checked.ok) return reply(res, checked.answer);
    const { order_ids, location_id } = checked.data;
    // Unknown ids are ignored rather than reported, as Square documents.
    const wanted = new Set(order_ids);
    const found = store.orders.filter((o) => wanted.has(o.id) && (location_id == null || o.locationId === location_id));
    return compact({ orders: found.length > 0 ? found.map(render) : null });
  });
}
