import { supportedKeys, type ContactConnector, type HttpClientHooks, type OrderSource } from '../shared/index.js';
import { createShopifyClient } from './client.js';
import { parseShopifyConfig, type ShopifyConfig } from './config.js';
import { createContactReads } from './contact-reads.js';
import { createOrderReads } from './order-reads.js';

/** Observers and budgets of the connector's upstream calls. */
export type ShopifyConnectorHooks = HttpClientHooks;

/** Creates the e-commerce connector over Shopify's Admin GraphQL API: contacts (customers) and their orders. */
export function createShopifyConnector(config: ShopifyConfig, hooks: ShopifyConnectorHooks = {}): ContactConnector & OrderSource {
  const client = createShopifyClient(parseShopifyConfig(config), hooks);
  return {
    source: 'ECOMMERCE',
    system: 'shopify',
    supports: supportedKeys(['email', 'phone', 'name', 'familyName']),
    ...createContactReads(client),
    ...createOrderReads(client),
  };
}
