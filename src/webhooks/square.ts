import { z } from 'zod';
import { hmacBase64, isSameSignature } from './signing.js';
import { accepted, headerOf, rejected, type Parsed, type Verdict, type WebhookVendor } from './types.js';

/** The URL Square signed: exactly the subscription's notification URL, i.e. the public base URL plus the path it called. */
export function squareNotificationUrl(publicUrl: string, pathAndQuery: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${pathAndQuery}`;
}

/** The inputs of a Square signature check. */
export interface SquareSignatureInput {
  notificationUrl: string;
  body: Buffer | string;
  signature: string | undefined;
  signatureKey: string;
}

/** x-square-hmacsha256-signature: base64(HMAC-SHA256(signature key, notification URL + body)). Square signs no timestamp. */
export function verifySquareSignature({ notificationUrl, body, signature, signatureKey }: SquareSignatureInput): Verdict {
  if (!signature) return rejected('missing x-square-hmacsha256-signature header');
  const expected = hmacBase64(signatureKey, [notificationUrl, body]);
  return isSameSignature(signature, expected) ? accepted : rejected('x-square-hmacsha256-signature does not match');
}

/**
 * Square retries an unacknowledged event for up to 72 hours after it happened, keeping its `event_id` and
 * `created_at`. Both are in the signed body, so an event older than that (plus five minutes of clock skew) can only
 * be a replay: it is refused with WEBHOOK_STALE; a younger one is a duplicate of its `event_id`.
 */
export const SQUARE_EVENT_MAX_AGE_MS = 72 * 60 * 60_000 + 5 * 60_000;

const eventSchema = z.looseObject({
  event_id: z.string().min(1),
  type: z.string().min(1),
  created_at: z.string().refine((value) => Number.isFinite(Date.parse(value)), 'an RFC 3339 time'),
  data: z.looseObject({ type: z.string().optional(), id: z.string().min(1).max(255).optional() }).optional(),
});

// Customer events name the customer in data.id; order and payment events carry no customer id to act on.
const CUSTOMER_EVENT = /^customer\.(?:created|updated|deleted)$/;

/** Square's dialect: one event per delivery, `event_id` its idempotency key, `created_at` its signed time. */
export const squareWebhook: WebhookVendor = {
  system: 'square',
  maxAge: { maxAgeMs: SQUARE_EVENT_MAX_AGE_MS, skewMs: 5 * 60_000 },
  verify: (delivery, secret, { publicUrl }) =>
    verifySquareSignature({
      notificationUrl: squareNotificationUrl(publicUrl, delivery.url),
      body: delivery.body,
      signature: headerOf(delivery, 'x-square-hmacsha256-signature'),
      signatureKey: secret,
    }),
  events(payload): Parsed {
    const parsed = eventSchema.safeParse(payload);
    if (!parsed.success) return { ok: false, reason: 'not a Square event (needs event_id, type and created_at)' };
    const { event_id: id, type, data, created_at: createdAt } = parsed.data;
    const signedAt = Date.parse(createdAt);
    if (!CUSTOMER_EVENT.test(type)) return { ok: true, events: [{ id, source: 'POS', recordIds: [] }], signedAt };
    if (!data?.id) return { ok: false, reason: `${type} event has no data.id` };
    return { ok: true, events: [{ id, source: 'POS', recordIds: [data.id] }], signedAt };
  },
};
