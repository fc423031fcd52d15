import type { RequestContext } from '../context/index.js';
import { SourceFailure } from '../errors/index.js';
import { fitInsightsModel, latestNps, populationNps, summarizePurchases, type CustomerSummary } from '../insights/index.js';
import type { Logger } from '../logging/index.js';
import { crawlCustomers, CRAWL_PAGE_SIZE } from './crawl-customers.js';
import { serialised } from './jobs.js';
import { readNps } from './read-nps.js';
import { countedPurchases, readPurchases } from './read-purchases.js';
import type { InsightsModelStore, StoredInsightsModel } from './store.js';

/** Customers per crawl page: the `customers` query's largest page. */
export const REFIT_PAGE_SIZE = CRAWL_PAGE_SIZE;

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


/** What the crawl keeps of each unified customer: a purchase summary (with purchases) and a latest NPS score (with answers). */
interface Crawled {
  readonly summaries: CustomerSummary[];
  readonly latestScores: number[];
}

/**
 * Every unified customer's purchase summary and latest NPS score at `asOf`, crawled page by page through identity
 * resolution (`crawlCustomers`, as the `customers` query resolves them: a person's Shopify and Square purchases, and the
 * answers of all their HubSpot contacts, count together). Summaries and scores only: no customer id outlives the crawl, and each
 * page's records go when the page is summarised. A silo failing a read fails the refit with its error
 * (SourceFailure): a model fitted on the rest would be biased, so none is kept.
 */
async function crawlSummaries(deps: RefitDeps, asOf: Date): Promise<Crawled> {
  const summaries: CustomerSummary[] = [];
  const latestScores: number[] = [];
  await crawlCustomers(deps.context, async (customers, ctx) => {
    // Every customer of the page asked in one tick: one batched read per silo and facet, the NPS answers included.
    const reads = await Promise.all(customers.map((customer) => Promise.all([readPurchases(customer, ctx.loaders, asOf), readNps(customer, ctx.loaders)])));
    for (const [[orders, sales], answers] of reads) {
      const failure = orders.failure ?? sales.failure ?? answers.failure;
      if (failure) throw new SourceFailure(failure);
      const summary = summarizePurchases(countedPurchases(orders, sales).purchases, asOf);
      if (summary) summaries.push(summary);
      const latest = latestNps(answers.items, asOf);
      if (latest) latestScores.push(latest.score);
    }
  });
  return { summaries, latestScores };
}

/** Crawls, fits and keeps one model at `asOf`; refits run one after another, never two at once. */
export function createRefit(deps: RefitDeps) {
  const run = async (asOf: Date): Promise<StoredInsightsModel> => {
    await deps.ready();
    const clock = deps.clock ?? (() => performance.now());
    const started = clock();
    const { summaries, latestScores } = await crawlSummaries(deps, asOf);
    const fitted = fitInsightsModel(summaries, { asOf, clock });
    // The duration covers the crawl as well as the fit: what a refit costs.
    const model = { ...fitted, nps: populationNps(latestScores), diagnostics: { ...fitted.diagnostics, durationMs: clock() - started } };
    const stored = await deps.store.save(model, new Date(deps.now()));
    const d = stored.diagnostics;
    deps.logger.info({ asOf: d.asOf, customers: d.customers, customersFitted: d.customersFitted, durationMs: Math.round(d.durationMs) }, 'insights model refitted');
    return stored;
  };
  const once = serialised(run);
  return (asOf: Date = new Date(deps.now())): Promise<StoredInsightsModel> => once(asOf);
}
