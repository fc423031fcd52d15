/** Ids one `nodes(ids:)` call takes (Shopify's limit). */
export const IDS_PER_CALL = 250;
/** Shopify's largest connection page. */
export const PAGE_SIZE = 250;
/** Lookup keys OR-ed into one customer search, keeping the query string short. */
export const KEYS_PER_SEARCH = 50;
/**
 * Customer searches sent in one call, aliased. Each asks for a page of 250 customers with their 10 newest orders,
 * 333 points of Shopify's calculated cost (2 + 250 for the page, 3 objects, 12 + ~65 for the orders, their refunds and
 * their line items), and one query may cost at most 1000 points.
 */
export const SEARCHES_PER_CALL = 3;
/** Calls in flight at once for one connector method. */
export const CONCURRENCY = 4;

/** A customer gid as `nodes(ids:)` accepts it; anything else would fail the whole call, so it is never sent. */
export const isCustomerGid = (id: string) => /^gid:\/\/shopify\/Customer\/\d+$/.test(id);

/** An order gid as `order(id:)` accepts it. */
export const isOrderGid = (id: string) => /^gid:\/\/shopify\/Order\/\d+$/.test(id);
