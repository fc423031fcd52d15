// The Admin GraphQL operations the connector sends. Values always travel as variables, never spliced into a document.

const MONEY = 'shopMoney { amount currencyCode }';

const CONTACT_FIELDS = `
fragment ContactFields on Customer {
  id firstName lastName displayName email phone createdAt updatedAt
  defaultAddress { zip countryCodeV2 phone }
  emailMarketingConsent { marketingState consentUpdatedAt }
  smsMarketingConsent { marketingState consentUpdatedAt }
}`;

/** Line items read per order; World orders hold far fewer, and more would only raise the query cost. */
export const LINE_ITEMS_PER_ORDER = 50;

/** Refunds read per order, oldest first: more than an order plausibly gets (Shopify lists them all without `first`). */
export const REFUNDS_PER_ORDER = 20;

// An order read through its customer needs no \`customer { id }\`: the owner is known, and the point it would cost
// keeps three aliased customer searches with their orders (customerSearches) within Shopify's 1000 per query.
const ORDER_FIELDS = `
fragment OrderFields on Order {
  id name createdAt updatedAt cancelledAt displayFinancialStatus displayFulfillmentStatus currencyCode
  totalPriceSet { ${MONEY} }
  totalRefundedSet { ${MONEY} }
  refunds(first: ${REFUNDS_PER_ORDER}) { createdAt totalRefundedSet { ${MONEY} } }
  lineItems(first: ${LINE_ITEMS_PER_ORDER}) {
    edges { node { name sku quantity originalUnitPriceSet { ${MONEY} } discountedTotalSet { ${MONEY} } } }
  }
}`;

/** The newest orders read along with every customer a search, listing or read by id returns. */
export const PREFETCHED_ORDERS = 10;

// Each customer comes with its newest orders and its order count, so the orders facet of the same request needs no
// call of its own (connectors/shopify/prefetched-orders.ts). Cursors per edge let a shorter page resume mid-way.
const PREFETCH_FIELDS = `
fragment PrefetchedOrders on Customer {
  numberOfOrders
  orders(first: ${PREFETCHED_ORDERS}, sortKey: CREATED_AT, reverse: true) {
    edges { cursor node { ...OrderFields } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** Customers by id: `nodes(ids:)`, up to 250 ids, each with its newest orders. */
export const CUSTOMERS_BY_IDS = `
query CustomersByIds($ids: [ID!]!) {
  nodes(ids: $ids) { ... on Customer { ...ContactFields ...PrefetchedOrders } }
}${CONTACT_FIELDS}${PREFETCH_FIELDS}${ORDER_FIELDS}`;

const customersField = (alias: string, query: string, after: string, withOrders: boolean) =>
  `${alias}customers(first: $first, after: ${after}, query: ${query}, sortKey: ID) {
    edges { node { ...ContactFields${withOrders ? ' ...PrefetchedOrders' : ''} } }
    pageInfo { hasNextPage endCursor }
  }`;

/** The response key of the `i`-th search of `customerSearches`. */
export const searchAlias = (i: number) => `s${i}`;

/**
 * Customer pages in one operation. One is `CustomersPage` (`$query`, `$after`); more are aliased `s0`…, each with its
 * own query (`$q0`…) and cursor (`$a0`…), paging on its own. `withOrders` says, per page, whether its customers
 * come with their newest orders.
 */
export function customerSearches(withOrders: readonly boolean[]): string {
  const fragments = `${CONTACT_FIELDS}${withOrders.some(Boolean) ? `${PREFETCH_FIELDS}${ORDER_FIELDS}` : ''}`;
  if (withOrders.length === 1) {
    return `
query CustomersPage($first: Int!, $after: String, $query: String) {
  ${customersField('', '$query', '$after', withOrders[0] === true)}
}${fragments}`;
  }
  const variables = withOrders.map((_, i) => `$q${i}: String!, $a${i}: String`).join(', ');
  const fields = withOrders.map((orders, i) => customersField(`${searchAlias(i)}: `, `$q${i}`, `$a${i}`, orders)).join('\n  ');
  return `
query CustomerSearches($first: Int!, ${variables}) {
  ${fields}
}${fragments}`;
}

/** One page of customers in id order, filtered by a search query, each with its newest orders. */
export const CUSTOMERS_PAGE = customerSearches([true]);

/**
 * Newest orders first of many customers at once, with each customer's order count; `$query` narrows each customer's
 * orders with Shopify's order search syntax (`created_at:<=…`, see `ordersCreatedAtOrBefore`).
 */
export const ORDERS_OF_CUSTOMERS = `
query OrdersOfCustomers($ids: [ID!]!, $first: Int!, $after: String, $query: String) {
  nodes(ids: $ids) {
    ... on Customer {
      id numberOfOrders
      orders(first: $first, after: $after, sortKey: CREATED_AT, reverse: true, query: $query) {
        edges { node { ...OrderFields } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}${ORDER_FIELDS}`;

/**
 * The order search that keeps orders created at or before an instant: `created_at:<=2024-05-01T09:30:00Z`, the form of
 * Shopify's `created_at` filter (its examples: `created_at:2020-10-21T23:39:20Z`, `created_at:<=2024`). The instant is
 * written to the second, as Shopify keeps order times, rounded down so nothing after the bound can match.
 */
export function ordersCreatedAtOrBefore(instant: string): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError('createdAtOrBefore is not an ISO 8601 instant');
  return `created_at:<=${new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')}`;
}

/** One order by id. */
export const ORDER_BY_ID = `
query OrderById($id: ID!) {
  order(id: $id) { ...OrderFields customer { id } }
}${ORDER_FIELDS}`;

/** Asks Shopify to erase a customer's data; Shopify enqueues it and erases later (examples/customer-request-data-erasure). */
export const REQUEST_DATA_ERASURE = `
mutation customerRequestDataErasure($customerId: ID!) {
  customerRequestDataErasure(customerId: $customerId) {
    customerId
    userErrors { field message code }
  }
}`;

/** Sets a customer's email marketing consent. */
export const EMAIL_CONSENT_UPDATE = `
mutation customerEmailMarketingConsentUpdate($input: CustomerEmailMarketingConsentUpdateInput!) {
  customerEmailMarketingConsentUpdate(input: $input) {
    customer { id emailMarketingConsent { marketingState consentUpdatedAt } }
    userErrors { field message code }
  }
}`;
