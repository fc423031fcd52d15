import { z } from 'zod';
import { digestOf, hmacBase64, idString, isSameSignature } from './signing.js';
import { accepted, headerOf, rejected, type Parsed, type Verdict, type WebhookVendor } from './types.js';

/** X-Shopify-Hmac-Sha256: base64(HMAC-SHA256(app client secret, raw body)). Shopify signs no timestamp. */
export function verifyShopifyHmac({ body, signature, secret }: { body: Buffer | string; signature: string | undefined; secret: string }): Verdict {
  if (!signature) return rejected('missing X-Shopify-Hmac-Sha256 header');
  return isSameSignature(signature, hmacBase64(secret, [body])) ? accepted : rejected('X-Shopify-Hmac-Sha256 does not match');
}

const CUSTOMER_GID = /^gid:\/\/shopify\/Customer\/\d{1,30}$/;

/** A customer's gid from a REST-shaped webhook object (`admin_graphql_api_id`, else its numeric `id`). */
function customerGid(value: unknown, idField = 'id'): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  const gid = record.admin_graphql_api_id;
  if (typeof gid === 'string' && CUSTOMER_GID.test(gid)) return gid;
  const id = idString(record[idField]);
  return id === null ? null : `gid://shopify/Customer/${id}`;
}

const objectPayload = z.record(z.string(), z.unknown());

/** The customer a topic's payload names; undefined for topics the gateway does not act on. */
function customerOf(topic: string, payload: Record<string, unknown>): string | null | undefined {
  // customers/create, update, delete, enable, disable: the payload is the customer.
  if (/^customers\/(?:create|update|delete|enable|disable)$/.test(topic)) return customerGid(payload);
  // Compliance webhooks: { customer: { id, email, phone }, ... }. Only the cache is touched; nothing is recorded.
  if (topic === 'customers/redact' || topic === 'customers/data_request') return customerGid(payload.customer);
  if (/^customers_(?:email_)?marketing_consent\/update$/.test(topic)) return customerGid(payload, 'customer_id');
  // orders/create, updated, cancelled, paid, fulfilled, delete, …: the order's customer (guest orders have none).
  if (topic.startsWith('orders/')) return payload.customer == null ? null : customerGid(payload.customer);
  return undefined;
}

/**
 * Shopify's dialect: one event per delivery, its topic in a header. Shopify signs only the body: its
 * `X-Shopify-Webhook-Id` (and `X-Shopify-Triggered-At`) are not covered, so a captured body resent with fresh ids
 * would pass as new. A delivery is therefore de-duplicated on a digest of the signed body and its topic, for as long
 * as the replay memory keeps it (EVENT_MEMORY_TTL_MS, beyond Shopify's 48 hours of retries). A replay after that
 * is applied once more: it drops the named customer's cached records again (the next read goes to Shopify) and has
 * the suppression list look at the customer again. It changes no data, and the body it carries is never stored.
 * The topic header is not signed either: the same body under another topic is another key, so it can be applied
 * once per topic, with the same harmless effect on the customer it names.
 */
export const shopifyWebhook: WebhookVendor = {
  system: 'shopify',
  verify: (delivery, secret) => verifyShopifyHmac({ body: delivery.body, signature: headerOf(delivery, 'x-shopify-hmac-sha256'), secret }),
  events(payload, delivery): Parsed {
    const topic = headerOf(delivery, 'x-shopify-topic');
    if (!topic) return { ok: false, reason: 'missing X-Shopify-Topic header' };
    const parsed = objectPayload.safeParse(payload);
    if (!parsed.success) return { ok: false, reason: 'a Shopify webhook body is a JSON object' };
    const customer = customerOf(topic, parsed.data);
    if (customer === null && !topic.startsWith('orders/')) return { ok: false, reason: `${topic} payload names no customer id` };
    const id = digestOf([topic, delivery.body]);
    return { ok: true, events: [{ id, source: 'ECOMMERCE', recordIds: customer ? [customer] : [] }] };
  },
};
