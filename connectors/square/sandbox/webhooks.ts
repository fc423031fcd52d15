import { randomUUID } from 'node:crypto';
import { changedFields, hmacSha256Base64, type SandboxWebhooks } from '../../sandbox-kit/index.js';
import { renderCustomer } from './render.js';
import type { SquareStore } from './store.js';

const MERCHANT_ID = 'MLSANDBOX360';
const toSecond = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Square's webhooks for the sandbox's customers: `customer.updated` with the customer in `data.object.customer`,
 * `event_id` its idempotency key, signed as base64(HMAC-SHA256(signature key, notification URL + body)).
 */
export function squareWebhooks(store: SquareStore): SandboxWebhooks {
  return {
    change(id, changes, now) {
      const customer = store.customer(id);
      if (!customer) return null;
      const changed = changedFields(changes).filter(([field, value]) => customer[field] !== value);
      if (changed.length === 0) return [];
      for (const [field, value] of changed) customer[field] = value;
      customer.updatedAt = new Date(now).toISOString();
      store.changed(customer);
      const eventId = randomUUID();
      // Key order as in Square's own example events.
      const body = JSON.stringify({
        created_at: toSecond(now),
        data: { id: customer.id, object: { customer: renderCustomer(customer) }, type: 'customer' },
        event_id: eventId,
        merchant_id: MERCHANT_ID,
        type: 'customer.updated',
      });
      return [{
        eventIds: [eventId],
        body: () => body,
        headers: ({ url, secret, body: sent }) => ({
          'x-square-hmacsha256-signature': hmacSha256Base64(secret, url, sent),
          'square-environment': 'Sandbox',
        }),
      }];
    },
  };
}
