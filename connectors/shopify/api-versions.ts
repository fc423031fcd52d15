// The Admin API versions the connector has been checked against, oldest first. Shopify releases one each quarter and
// supports it for at least twelve months; a version it no longer serves falls forward to the oldest one it does.
// Moving on is one line here (drop the expired, add the new) plus the sandbox SDL's header note and the tests.

/** The Admin API versions the connector supports and its sandbox serves, oldest first (the last is the default). */
export const SHOPIFY_API_VERSIONS = ['2026-01', '2026-04', '2026-07', '2026-10'] as const;

/** One of the Admin API versions the connector supports. */
export type ShopifyApiVersion = (typeof SHOPIFY_API_VERSIONS)[number];

/** The version the connector asks for unless SHOPIFY_API_VERSION says otherwise: the newest supported. */
export const DEFAULT_SHOPIFY_API_VERSION: ShopifyApiVersion = SHOPIFY_API_VERSIONS[SHOPIFY_API_VERSIONS.length - 1] ?? '2026-10';

/** A stable release handle (`YYYY-01|04|07|10`) or `unstable`, the shapes Shopify names its versions by. */
export const SHOPIFY_VERSION_HANDLE = /^(?:\d{4}-(?:01|04|07|10)|unstable)$/;
