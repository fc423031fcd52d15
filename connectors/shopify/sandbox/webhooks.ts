import { randomUUID } from 'node:crypto';
import { changedFields, hmacSha256Base64, type SandboxWebhooks, type WorldContact } from '../../sandbox-kit/index.js';
import { DEFAULT_SHOPIFY_API_VERSION } from '../api-versions.js';
import { amountSpentOf } from './customer-fields.js';
import type { ShopifyStore } from './store.js';
import { legacyIdOf, shopifyDateTime } from './values.js';

const SHOP_DOMAIN = 'sandbox-360.myshopify.com';

/** The customer as Shopify's REST-shaped webhook payload carries it (a subset of the fields). */
function restCustomer(c: WorldContact, store: ShopifyStore) {
  const orders = store.ordersOf(c.id);
  const last = orders.at(-1);
  const spent = amountSpentOf(orders);
  return {
    id: Number(legacyIdOf(c.id)),
    email: c.email,
    created_at: shopifyDateTime(c.createdAt),
    updated_at: shopifyDateTime(c.updatedAt),
    first_name: c.firstName,
    last_name: c.lastName,
    orders_count: orders.length,
    state: 'enabled',
    total_spent: spent.amount,
    last_order_id: last ? Number(legacyIdOf(last.id)) : null,
    note: null,
    verified_email: c.email !== null,
    multipass_identifier: null,
    tax_exempt: false,
    tags: '',
    last_order_name: last?.name ?? null,
    currency: spent.currencyCode,
    phone: c.phone,
    addresses: [],
    tax_exemptions: [],
    admin_graphql_api_id: c.id,
  };
}

/** The customer a sandbox id names: its gid, or the numeric REST id. */
function findCustomer(store: ShopifyStore, id: string): WorldContact | undefined {
  return store.customers.get(/^\d+$/.test(id) ? `gid://shopify/Customer/${id}` : id);
}

/**
 * Shopify's webhooks for the sandbox's customers: `customers/update` with the REST-shaped customer as body,
 * `X-Shopify-Hmac-Sha256` = base64(HMAC-SHA256(secret, body)) and an `X-Shopify-Webhook-Id` kept across retries.
 */
export function shopifyWebhooks(store: ShopifyStore): SandboxWebhooks {
  return {
    change(id, changes, now) {
      const customer = findCustomer(store, id);
      if (!customer) return null;
      const changed = changedFields(changes).filter(([field, value]) => customer[field] !== value);
      if (changed.length === 0) return [];
      for (const [field, value] of changed) customer[field] = value;
      customer.updatedAt = new Date(now).toISOString();
      store.changed(customer);
      const body = JSON.stringify(restCustomer(customer, store));
      const webhookId = randomUUID();
      const triggeredAt = new Date(now).toISOString();
      return [{
        eventIds: [webhookId],
        body: () => body,
        headers: ({ secret, body: sent }) => ({
          'X-Shopify-Topic': 'customers/update',
          'X-Shopify-Hmac-Sha256': hmacSha256Base64(secret, sent),
          'X-Shopify-Shop-Domain': SHOP_DOMAIN,
          'X-Shopify-API-Version': DEFAULT_SHOPIFY_API_VERSION,
          'X-Shopify-Webhook-Id': webhookId,
          'X-Shopify-Triggered-At': triggeredAt,
        }),
      }];
    },
  };
}
