import type { RequestContext } from '../context/index.js';
import type { CrawlPosition } from '../identity/index.js';
import { fitInsightsModel, summarizePurchases, type CustomerSummary } from '../insights/index.js';
import type { Logger } from '../logging/index.js';
import { countedPurchases, readPurchases } from './read-purchases.js';
import type { InsightsModelStore, StoredInsightsModel } from './store.js';

/** Customers per crawl page: the `customers` query's largest page. */
export const REFIT_PAGE_SIZE = 100;

/** What the refit job is built from. */
export interface RefitDeps {
  /** A fresh context over the pipeline's live path, one per crawl page (each page gets a whole deadline). */
  context: () => RequestContext;
  store: InsightsModelStore;
  /** Makes sure the table exists; runs before each refit. */
  ready: () => Promise<unknown>;
  /** Epoch ms: the default `asOf` and the time a model is fitted at. */
  now: () => number;
  /** Milliseconds, for the fit's duration only (default: performance.now). */
  clock?: () => number;
  logger: Logger;
}

/** A silo failed during the crawl: a model fitted on the rest would be biased, so none is kept. */
export class RefitIncomplete extends Error {
  override readonly name = 'RefitIncomplete';
}

/**
 * Every unified customer's purchase summary at `asOf`, crawled page by page through identity resolution as the
 * `customers` query resolves them (a person's Shopify and Square purchases count together). Summaries only: no
 * customer id is kept, and each page's records go when the page is summarised.
 */
async function crawlSummaries(deps: RefitDeps, asOf: Date): Promise<CustomerSummary[]> {
  const summaries: CustomerSummary[] = [];
  let position: CrawlPosition | null = null;
  for (;;) {
    const ctx = deps.context();
    const page = await ctx.identity.page(REFIT_PAGE_SIZE, position);
    const reads = await Promise.all(page.customers.map(({ customer }) => readPurchases(customer, ctx.loaders, asOf)));
    for (const [orders, sales] of reads) {
      const failed = [orders.gap, sales.gap].find((gap) => gap?.reason === 'FAILED');
      if (failed) throw new RefitIncomplete(`the ${failed.source} silo failed during the crawl (${failed.code ?? 'unknown'}): no model was kept`);
      const summary = summarizePurchases(countedPurchases(orders, sales).purchases, asOf);
      if (summary) summaries.push(summary);
    }
    const last = page.customers.at(-1);
    if (!page.hasNextPage || !last) return summaries;
    position = ctx.crawlCursors.decode(last.cursor);
    if (!position) throw new RefitIncomplete('the crawl lost its place');
  }
}

/** Crawls, fits and keeps one model at `asOf`; refits run one after another, never two at once. */
export function createRefit(deps: RefitDeps) {
  let queue: Promise<unknown> = Promise.resolve();
  const run = async (asOf: Date): Promise<StoredInsightsModel> => {
    await deps.ready();
    const clock = deps.clock ?? (() => performance.now());
    const started = clock();
    const summaries = await crawlSummaries(deps, asOf);
    const fitted = fitInsightsModel(summaries, { asOf, clock });
    // The duration covers the crawl as well as the fit: what a refit costs.
    const model = { ...fitted, diagnostics: { ...fitted.diagnostics, durationMs: clock() - started } };
    const stored = await deps.store.save(model, new Date(deps.now()));
    const d = stored.diagnostics;
    deps.logger.info({ asOf: d.asOf, customers: d.customers, customersFitted: d.customersFitted, durationMs: Math.round(d.durationMs) }, 'insights model refitted');
    return stored;
  };
  return (asOf: Date = new Date(deps.now())): Promise<StoredInsightsModel> => {
    const next = queue.then(() => run(asOf));
    queue = next.catch(() => {});
    return next;
  };
}
