import type { FastifyInstance } from 'fastify';
import { INVALID_CURSOR, invalidRequest, notFound } from './answers.js';
import { check, reply } from './http.js';
import { pageOf, queryPrint } from './paging.js';
import { compact, renderLocation, renderPayment } from './render.js';
import { listPaymentsQuery } from './requests.js';
import type { SquareStore } from './store.js';

const YEAR_MS = 365 * 24 * 3600 * 1000;

/** ListPayments, GetPayment and ListLocations. */
export function paymentRoutes(app: FastifyInstance, store: SquareStore, now: () => number): void {
  app.get('/v2/payments', async (request, res) => {
    const checked = check(listPaymentsQuery, request.query);
    if (!checked.ok) return reply(res, checked.answer);
    const { begin_time, end_time, sort_order = 'DESC', cursor, location_id, total, limit = 100 } = checked.data;
    // Square's defaults: the window ends now and begins one year before its end.
    const end = end_time ? Date.parse(end_time) : now();
    const begin = begin_time ? Date.parse(begin_time) : end - YEAR_MS;
    if (begin > end) return reply(res, invalidRequest('INVALID_TIME_RANGE', 'begin_time must not be after end_time.', 'begin_time'));
    const direction = sort_order === 'ASC' ? 1 : -1;
    const hits = store.payments
      .filter((p) => {
        const at = Date.parse(p.createdAt);
        return at >= begin && at < end && (location_id === undefined || p.locationId === location_id) && (total === undefined || p.amountMinor === total);
      })
      .sort((a, b) => direction * (Date.parse(a.createdAt) - Date.parse(b.createdAt)) || (a.id < b.id ? -1 : 1));
    const page = pageOf(hits, limit, cursor, queryPrint({ begin, end, sort_order, location_id, total }));
    if (page === null) return reply(res, INVALID_CURSOR);
    return compact({ payments: page.items.length > 0 ? page.items.map(renderPayment) : null, cursor: page.cursor });
  });

  app.get<{ Params: { payment_id: string } }>('/v2/payments/:payment_id', async (request, res) => {
    const payment = store.payment(request.params.payment_id);
    return payment ? { payment: renderPayment(payment) } : reply(res, notFound('Payment', request.params.payment_id));
  });

  app.get('/v2/locations', async () => ({ locations: store.locations.map(renderLocation) }));
}
