import { isObjectType, type GraphQLSchema } from 'graphql';

/** What one silo call adds to a query's cost, on top of 1 per field. */
export const SILO_CALL_COST = 5;

/** The size assumed for a list field with no `first`/`limit` argument and no entry in LIST_SIZES. */
export const DEFAULT_LIST_SIZE = 10;

/**
 * Fields backed by silo calls, and how many each costs. `perItem`: the calls are made for every item the
 * field returns (each customer on a page is resolved across the silos), so they scale with its page size;
 * otherwise they are made once per parent (one orders call per customer, whatever `first` is).
 * Root queries resolve identity across all four silos; by-order and by-ticket look the record up first.
 * `crm`, `consent` and `sourceRecords` read what resolution fetched from the silos and are priced as one
 * call each, so that serving them from a per-field refresh later does not go unpriced.
 */
export const SILO_CALLS: Readonly<Record<string, { calls: number; perItem?: boolean }>> = {
  'Query.customer': { calls: 4 },
  'Query.customers': { calls: 4, perItem: true },
  'Query.findCustomers': { calls: 4, perItem: true },
  'Query.customerByOrder': { calls: 5 },
  'Query.customerByTicket': { calls: 5 },
  'Customer.orders': { calls: 1 },
  'Customer.tickets': { calls: 1 },
  'Customer.posTransactions': { calls: 1 },
  'Customer.crm': { calls: 1 },
  'Customer.consent': { calls: 1 },
  'Customer.sourceRecords': { calls: 1 },
  // Every page of the customer's orders, POS sales and tickets (the loaders share them with the facets beside it).
  'Customer.insights': { calls: 3 },
  // A window or a few of each facet (orders, POS sales, tickets) and the CRM's property history.
  'Customer.timeline': { calls: 6 },
};

/**
 * The largest page each paged field serves (its resolver refuses more with BAD_USER_INPUT naming the
 * argument; see `pageSize` in src/resolvers). A larger request is priced at this size, so the caller gets
 * that precise error rather than a cost refusal for a page that could never be served.
 */
export const MAX_PAGE_SIZES: Readonly<Record<string, number>> = {
  'Query.customers': 100,
  'Query.findCustomers': 50,
  'Query.auditEvents': 100,
  'Customer.orders': 100,
  'Customer.tickets': 100,
  'Customer.posTransactions': 100,
  'Customer.timeline': 100,
};

/** Expected sizes of lists that take no page size argument (upper ends of what the silos hold). */
export const LIST_SIZES: Readonly<Record<string, number>> = {
  'Order.lineItems': 10,
  'PosTransaction.lineItems': 10,
  'Customer.sourceRecords': 8,
  'ConsentDecision.statements': 4,
  'TimelineConnection.gaps': 4,
};

/** Throws when a weight names a field the schema does not have, so a rename cannot silently unprice a silo. */
export function assertWeightsMatchSchema(schema: GraphQLSchema): void {
  for (const key of [...Object.keys(SILO_CALLS), ...Object.keys(LIST_SIZES), ...Object.keys(MAX_PAGE_SIZES)]) {
    const [typeName = '', fieldName = ''] = key.split('.');
    const type = schema.getType(typeName);
    if (!isObjectType(type) || !type.getFields()[fieldName]) throw new Error(`query cost weights name ${key}, which the schema does not have`);
  }
}
