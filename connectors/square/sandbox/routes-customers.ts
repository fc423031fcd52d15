import type { FastifyInstance } from 'fastify';
import { jsonArray, type VendorAnswer, type WorldContact } from '../../sandbox-kit/index.js';
import { INVALID_CURSOR, invalidRequest, notFound } from './answers.js';
import { customersInOrder, searchCustomers } from './customer-search.js';
import { check, reply } from './http.js';
import { pageOf, queryPrint } from './paging.js';
import { renderCustomer } from './render.js';
import { bulkRetrieveRequest, deleteCustomerQuery, listCustomersQuery, searchCustomersRequest } from './requests.js';
import type { SquareStore } from './store.js';

const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };

/**
 * One page of profiles in Square's shape, `{ customers?, cursor?, count? }` (`{}` when there is nothing, `count` only
 * when asked), written from the profiles' kept texts.
 */
function customerPage(store: SquareStore, hits: readonly WorldContact[], limit: number, cursor: string | undefined, print: string, count?: boolean): VendorAnswer {
  const page = pageOf(hits, limit, cursor, print);
  if (page === null) return INVALID_CURSOR;
  const members = [
    ...(page.items.length > 0 ? [`"customers":${jsonArray(page.items.map((c) => store.serialised.text(c, 'customer', renderCustomer)))}`] : []),
    ...(page.cursor === undefined ? [] : [`"cursor":${JSON.stringify(page.cursor)}`]),
    ...(count ? [`"count":${hits.length}`] : []),
  ];
  return { status: 200, body: `{${members.join(',')}}`, headers: JSON_TYPE };
}

/** SearchCustomers, BulkRetrieveCustomers, RetrieveCustomer, DeleteCustomer and ListCustomers. */
export function customerRoutes(app: FastifyInstance, store: SquareStore): void {
  const byId = (id: string) => store.customer(id);

  app.post('/v2/customers/search', async (request, res) => {
    const checked = check(searchCustomersRequest, request.body);
    if (!checked.ok) return reply(res, checked.answer);
    const { query, limit = 100, cursor, count } = checked.data;
    const segment = [query?.filter?.segment_ids?.all, query?.filter?.segment_ids?.any, query?.filter?.segment_ids?.none].flat().find(Boolean);
    if (segment) return reply(res, invalidRequest('BAD_REQUEST', `Segment \`${segment}\` not found.`, 'query.filter.segment_ids'));
    return reply(res, customerPage(store, searchCustomers(store, query), limit, cursor, queryPrint(query), count));
  });

  app.post('/v2/customers/bulk-retrieve', async (request, res) => {
    const checked = check(bulkRetrieveRequest, request.body);
    if (!checked.ok) return reply(res, checked.answer);
    const responses = Object.fromEntries(
      checked.data.customer_ids.map((id) => {
        const customer = byId(id);
        return [id, customer ? { customer: renderCustomer(customer) } : (notFound('Customer', id).body as object)];
      }),
    );
    return { responses };
  });

  app.get<{ Params: { customer_id: string } }>('/v2/customers/:customer_id', async (request, res) => {
    const customer = byId(request.params.customer_id);
    return customer ? { customer: renderCustomer(customer) } : reply(res, notFound('Customer', request.params.customer_id));
  });

  app.delete<{ Params: { customer_id: string } }>('/v2/customers/:customer_id', async (request, res) => {
    // Square's spec names no version-mismatch error for DeleteCustomer, so `version` is checked for type only.
    const checked = check(deleteCustomerQuery, request.query);
    if (!checked.ok) return reply(res, checked.answer);
    // Gone from every read (retrieve, bulk-retrieve, search, list, truth). Orders and payments keep the
    // customer_id: Square keeps its transaction records, and whether it scrubs them is unconfirmed.
    if (!store.removeCustomer(request.params.customer_id)) return reply(res, notFound('Customer', request.params.customer_id));
    return {};
  });

  app.get('/v2/customers', async (request, res) => {
    const checked = check(listCustomersQuery, request.query);
    if (!checked.ok) return reply(res, checked.answer);
    const { limit = 100, cursor, sort_field = 'DEFAULT', sort_order = 'ASC', count } = checked.data;
    return reply(res, customerPage(store, customersInOrder(store, sort_field, sort_order), limit, cursor, queryPrint({ sort_field, sort_order }), count));
  });
}
