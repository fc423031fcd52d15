/** The Shopify Admin GraphQL sandbox: the imitation API the connector's tests and `npm run sandbox` serve. */
export { createShopifySandbox, type ShopifySandboxOptions } from './sandbox.js';
export { SHOPIFY_SANDBOX_CREDENTIALS } from './credentials.js';
export { refundedMinorOf } from './order-resolvers.js';
