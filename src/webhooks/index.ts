/**
 * Signed vendor webhooks: `POST /webhooks/{hubspot,shopify,zendesk,square}` verify each vendor's real signature
 * over the raw body and invalidate the cached records an event names, once per event: de-duplicated on what the
 * signature covers (a fixed-size digest of it kept), and refused when the time the vendor signed is too old.
 */
export { registerWebhooks, WEBHOOK_VENDORS, type WebhookLogger, type WebhookOptions } from './register-webhooks.js';
export { withSandboxSecrets, type WebhookSecrets } from './secrets.js';
export { createMemoryEventIdStore, EVENT_MEMORY_TTL_MS, type EventIdStore, type MemoryEventIdStore, type MemoryEventIdStoreOptions } from './event-id-store.js';
export { createRedisEventIdStore, type RedisEventIdStoreOptions } from './redis-event-id-store.js';
export { applyEvents, InvalidationTimeout, type Applied, type ApplyOptions } from './apply-events.js';
export { HUBSPOT_TIMESTAMP_WINDOW_MS, hubspotRequestUri, hubspotWebhook, verifyHubSpotV3, type HubSpotV3Input } from './hubspot.js';
export { shopifyWebhook, verifyShopifyHmac } from './shopify.js';
export { ZENDESK_TIMESTAMP_WINDOW_MS, verifyZendeskSignature, zendeskWebhook, type ZendeskSignatureInput } from './zendesk.js';
export { SQUARE_EVENT_MAX_AGE_MS, squareNotificationUrl, squareWebhook, verifySquareSignature, type SquareSignatureInput } from './square.js';
export { digestOf, hmacBase64, isFresh, isSameSignature, parseJsonKeepingBigIds } from './signing.js';
export type { Delivery, Parsed, Verdict, VerifyContext, WebhookEvent, WebhookVendor } from './types.js';
