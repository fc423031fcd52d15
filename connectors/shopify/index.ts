/** The Shopify (e-commerce) connector, its configuration and its sandbox. */
export { DEFAULT_SHOPIFY_API_VERSION, SHOPIFY_API_VERSIONS, type ShopifyApiVersion } from './api-versions.js';
export { createShopifyConnector, type ShopifyConnector } from './connector.js';
export { resolveShopifyConfig, shopifySettings, type ShopifyConfig, type ShopifyTarget } from './config.js';
export { createShopifySandbox, SHOPIFY_SANDBOX_CREDENTIALS, type ShopifySandboxOptions } from './sandbox/index.js';
export { isCustomerGid, isOrderGid } from './limits.js';
