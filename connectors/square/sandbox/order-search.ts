import type { WorldPosOrder } from '../../sandbox-kit/index.js';
import { inRange } from './customer-search.js';
import type { SearchOrdersRequest } from './order-requests.js';
import { closedAtOf } from './render.js';

type OrdersFilter = NonNullable<NonNullable<SearchOrdersRequest['query']>['filter']>;
type SortField = 'CREATED_AT' | 'UPDATED_AT' | 'CLOSED_AT';

const nonEmpty = (list: readonly string[] | null | undefined): list is readonly string[] => (list?.length ?? 0) > 0;

/** Whether an order passes a SearchOrdersFilter (filters AND-ed); an open-ended time range ends `now`. */
export function orderPasses(o: WorldPosOrder, filter: OrdersFilter | null | undefined, now: number): boolean {
  if (!filter) return true;
  const customers = filter.customer_filter?.customer_ids;
  const states = filter.state_filter?.states;
  const dates = filter.date_time_filter;
  const until = (range: { start_at?: string | null; end_at?: string | null } | null | undefined) =>
    range ? { start_at: range.start_at, end_at: range.end_at ?? new Date(now).toISOString() } : undefined;
  const sources = filter.source_filter?.source_names;
  const fulfillment = filter.fulfillment_filter;
  return (
    // The world's tenders name the order's own customer, so one comparison covers both.
    (!nonEmpty(customers) || customers.includes(o.customerId)) &&
    (!nonEmpty(states) || (states as readonly string[]).includes(o.state)) &&
    inRange(o.createdAt, until(dates?.created_at)) &&
    inRange(o.updatedAt, until(dates?.updated_at)) &&
    inRange(closedAtOf(o), until(dates?.closed_at)) &&
    (!nonEmpty(sources) || sources.includes('Point of Sale')) &&
    // Counter sales have no fulfillments, so any fulfillment filter excludes them.
    !nonEmpty(fulfillment?.fulfillment_types) && !nonEmpty(fulfillment?.fulfillment_states)
  );
}

const timestampOf = (o: WorldPosOrder, field: SortField) =>
  field === 'CREATED_AT' ? o.createdAt : field === 'UPDATED_AT' ? o.updatedAt : closedAtOf(o);

/** Orders by a timestamp (orders without it last), ties by id. */
export function sortOrders(list: WorldPosOrder[], field: SortField, order: 'ASC' | 'DESC'): WorldPosOrder[] {
  const direction = order === 'ASC' ? 1 : -1;
  return [...list].sort((a, b) => {
    const [x, y] = [timestampOf(a, field), timestampOf(b, field)];
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return direction * (Date.parse(x) - Date.parse(y)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  });
}
