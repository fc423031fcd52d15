import { SHOPIFY_VERSION_HANDLE } from '../api-versions.js';

/**
 * The version Shopify answers a request for `requested` with, given the versions it serves (oldest first): a served
 * one as asked; a stable release older than all of them falls forward to the oldest served ("Shopify falls forward
 * when your selected version becomes inaccessible", shopify.dev API versioning); anything else, such as a release
 * that never existed or is not out yet, is unknown (undefined, a 404).
 */
export function servedApiVersion(requested: string, served: readonly string[]): string | undefined {
  if (served.includes(requested)) return requested;
  const oldest = served[0];
  if (oldest === undefined || requested === 'unstable' || !SHOPIFY_VERSION_HANDLE.test(requested)) return undefined;
  // Stable handles are zero-padded dates, so string order is release order.
  return requested < oldest ? oldest : undefined;
}
