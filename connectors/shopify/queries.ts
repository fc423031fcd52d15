// The Admin GraphQL operations the connector sends. Values always travel as variables, never spliced into a document.

const MONEY = 'shopMoney { amount currencyCode }';

const CONTACT_FIELDS = `
fragment ContactFields on Customer {
  id firstName lastName displayName email phone createdAt updatedAt
  defaultAddress { zip countryCodeV2 }
  emailMarketingConsent { marketingState consentUpdatedAt }
  smsMarketingConsent { marketingState consentUpdatedAt }
}`;

/** Line items read per order; World orders hold far fewer, and more would only raise the query cost. */
export const LINE_ITEMS_PER_ORDER = 50;

const ORDER_FIELDS = `
fragment OrderFields on Order {
  id name createdAt updatedAt cancelledAt displayFinancialStatus displayFulfillmentStatus currencyCode
  totalPriceSet { ${MONEY} }
  customer { id }
  lineItems(first: ${LINE_ITEMS_PER_ORDER}) {
    edges { node { name sku quantity originalUnitPriceSet { ${MONEY} } discountedTotalSet { ${MONEY} } } }
  }
}`;

/** Customers by id: `nodes(ids:)`, up to 250 ids. */
export const CUSTOMERS_BY_IDS = `
query CustomersByIds($ids: [ID!]!) {
  nodes(ids: $ids) { ... on Customer { ...ContactFields } }
}${CONTACT_FIELDS}`;

/** One page of customers in id order, optionally filtered by a search query. */
export const CUSTOMERS_PAGE = `
query CustomersPage($first: Int!, $after: String, $query: String) {
  customers(first: $first, after: $after, query: $query, sortKey: ID) {
    edges { node { ...ContactFields } }
    pageInfo { hasNextPage endCursor }
  }
}${CONTACT_FIELDS}`;

/** Newest orders first of many customers at once, with each customer's order count. */
export const ORDERS_OF_CUSTOMERS = `
query OrdersOfCustomers($ids: [ID!]!, $first: Int!, $after: String) {
  nodes(ids: $ids) {
    ... on Customer {
      id numberOfOrders
      orders(first: $first, after: $after, sortKey: CREATED_AT, reverse: true) {
        edges { node { ...OrderFields } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}${ORDER_FIELDS}`;

/** One order by id. */
export const ORDER_BY_ID = `
query OrderById($id: ID!) {
  order(id: $id) { ...OrderFields }
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
