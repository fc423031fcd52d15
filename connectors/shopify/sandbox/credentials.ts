/** The Admin API access token the Shopify sandbox accepts unless it is created with another. Not a secret. */
export const SHOPIFY_SANDBOX_CREDENTIALS = Object.freeze({
  accessToken: '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',
});
