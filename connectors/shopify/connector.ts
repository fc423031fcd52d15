import {
  supportedKeys,
  type ConnectorHooks,
  type ContactConnector,
  type OrderSource,
  type PrivacyConnector,
} from '../../src/model/index.js';
import { createShopifyClient } from './client.js';
import { parseShopifyConfig, type ShopifyConfig } from './config.js';
import { createContactReads } from './contacts.js';
import { createOrderReads } from './orders.js';
import { createPrefetchedOrderMemo } from './prefetched-orders.js';
import { createPrivacyOperations } from './privacy.js';

/** Observers and budgets of the connector's upstream calls. */
export type ShopifyConnectorHooks = ConnectorHooks;

/** The e-commerce connector: customers as contacts, their orders, and the data-subject operations on them. */
export interface ShopifyConnector extends ContactConnector, OrderSource, PrivacyConnector {}

/** Creates the e-commerce connector over Shopify's Admin GraphQL API: contacts (customers), their orders and privacy writes. */
export function createShopifyConnector(config: ShopifyConfig, hooks: ShopifyConnectorHooks = {}): ShopifyConnector {
  const client = createShopifyClient(parseShopifyConfig(config), hooks);
  // The newest orders read along with customers, kept for the rest of the request that read them.
  const prefetched = createPrefetchedOrderMemo();
  return {
    source: 'ECOMMERCE',
    system: 'shopify',
    supports: supportedKeys(['email', 'phone', 'name', 'familyName']),
    ...createContactReads(client, prefetched),
    ...createOrderReads(client, prefetched),
    ...createPrivacyOperations(client),
  };
}
