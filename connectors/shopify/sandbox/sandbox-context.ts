import type { SearchWarning } from './customer-filter.js';
import type { ErasureQueue } from './erasure-queue.js';
import type { ShopifyStore } from './store.js';

/** What Shopify reports about one search it ran (`extensions.search`). */
export interface SearchReport {
  path: readonly (string | number)[];
  query: string;
  warnings: SearchWarning[];
}

/** Per-request state of the sandbox's GraphQL execution. */
export interface SandboxContext {
  store: ShopifyStore;
  erasures: ErasureQueue;
  searches: SearchReport[];
}
