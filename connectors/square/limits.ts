/** What Square allows per call (Square API reference, release 2025-08-20). */

/** BulkRetrieveCustomers takes at most this many ids per call. */
export const BULK_RETRIEVE_LIMIT = 100;
/** ListCustomers pages hold at most this many profiles. */
export const LIST_PAGE_LIMIT = 100;
/** SearchCustomers pages hold at most this many profiles. */
export const SEARCH_PAGE_LIMIT = 100;
/** SearchOrders takes at most this many customer ids per `customer_filter`... */
export const ORDER_CUSTOMER_LIMIT = 10;
/** ...and at most this many `location_ids`. */
export const ORDER_LOCATION_LIMIT = 10;
/** Orders per SearchOrders page (Square's default; its maximum is 1000). */
export const ORDERS_PAGE_LIMIT = 500;

/** Whether a string can be a Square order id: they are URL-safe, and anything else must not reach the path. */
export const isSquareOrderId = (id: string) => /^[A-Za-z0-9_-]{1,192}$/.test(id);
