import type { RequestContext } from '../context/index.js';
import type { CrawlPosition, ResolvedCustomer } from '../identity/index.js';

/** Customers per crawl page: the `customers` query's largest page. */
export const CRAWL_PAGE_SIZE = 100;

/**
 * Visits every unified customer once, page by page through identity resolution as the `customers` query resolves
 * them, each page in a fresh context (`context()`: each page gets a whole deadline) that `visit` reads the page's
 * facets through. A customer whose records change mid-crawl is emitted again by identity (its crawl never loses one):
 * it is visited once. No customer id outlives the crawl but in the memory of the ids seen.
 */
export async function crawlCustomers(
  context: () => RequestContext,
  visit: (customers: readonly ResolvedCustomer[], ctx: RequestContext) => Promise<void> | void,
): Promise<void> {
  const seen = new Set<string>();
  let position: CrawlPosition | null = null;
  for (;;) {
    const ctx = context();
    const page = await ctx.identity.page(CRAWL_PAGE_SIZE, position);
    const fresh = page.customers.map(({ customer }) => customer).filter((customer) => !seen.has(customer.id));
    for (const customer of fresh) seen.add(customer.id);
    await visit(fresh, ctx);
    const last = page.customers.at(-1);
    if (!page.hasNextPage || !last) return;
    position = ctx.crawlCursors.decode(last.cursor);
    // The codec just encoded it: a cursor it cannot read back is a bug, not a caller's mistake.
    if (!position) throw new Error('the crawl could not read back its own cursor');
  }
}
