import { z } from 'zod';
import { hmacBase64, idString, isSameSignature, isWithinWindow } from './signing.js';
import { accepted, headerOf, rejected, stale, type Parsed, type Verdict, type WebhookVendor } from './types.js';

/**
 * Zendesk documents no tolerance for its signature timestamp (it only says to use it against replays). The
 * gateway accepts five minutes either side of its clock, as HubSpot prescribes for its own: wide enough for
 * delivery delay and clock skew, narrow enough that a captured request cannot be replayed later.
 */
export const ZENDESK_TIMESTAMP_WINDOW_MS = 5 * 60_000;

/** The inputs of a Zendesk signature check. */
export interface ZendeskSignatureInput {
  body: Buffer | string;
  signature: string | undefined;
  /** X-Zendesk-Webhook-Signature-Timestamp as sent, e.g. `2025-11-20T10:00:01Z`. */
  timestamp: string | undefined;
  secret: string;
  now: number;
}

/**
 * base64(HMAC-SHA256(signing secret, timestamp + body)), the timestamp within ZENDESK_TIMESTAMP_WINDOW_MS (else
 * WEBHOOK_STALE). Within the window, the event `id` of the signed body makes a replay a duplicate.
 */
export function verifyZendeskSignature({ body, signature, timestamp, secret, now }: ZendeskSignatureInput): Verdict {
  if (!signature) return rejected('missing X-Zendesk-Webhook-Signature header');
  if (!timestamp) return rejected('missing X-Zendesk-Webhook-Signature-Timestamp header');
  const at = Date.parse(timestamp);
  if (!Number.isFinite(at)) return rejected('X-Zendesk-Webhook-Signature-Timestamp is not a time');
  if (!isSameSignature(signature, hmacBase64(secret, [timestamp, body]))) return rejected('X-Zendesk-Webhook-Signature does not match');
  // After the signature: WEBHOOK_STALE only names a genuine Zendesk request replayed (or delayed) too late.
  return isWithinWindow(at, now, ZENDESK_TIMESTAMP_WINDOW_MS) ? accepted : stale('X-Zendesk-Webhook-Signature-Timestamp is not a time within 5 minutes');
}

/**
 * A Zendesk event-webhook body, modelled on `zen:event-type:*` events (the shape is unconfirmed in
 * ../shared/vendor-apis): `{ id, type, account_id, time, zendesk_event_version, subject, detail, event }`.
 * User events carry the user in `detail.id` (and `subject: "zen:user:<id>"`); ticket events carry the ticket in
 * `detail`, with its `requester_id`.
 */
const eventSchema = z.looseObject({
  id: z.string().min(1),
  type: z.string().startsWith('zen:event-type:'),
  subject: z.string().optional(),
  detail: z.looseObject({ id: z.unknown().optional(), requester_id: z.unknown().optional() }).optional(),
});

/** The SUPPORT user an event names: the user of a user event, the requester of a ticket event. */
function userOf(event: z.infer<typeof eventSchema>): string | null {
  if (event.type.startsWith('zen:event-type:user.')) {
    return idString(event.detail?.id) ?? /^zen:user:(\d{1,30})$/.exec(event.subject ?? '')?.[1] ?? null;
  }
  if (event.type.startsWith('zen:event-type:ticket.')) return idString(event.detail?.requester_id);
  return null;
}

/** Zendesk's dialect: one event per delivery, its id in the body. */
export const zendeskWebhook: WebhookVendor = {
  system: 'zendesk',
  verify: (delivery, secret, { now }) =>
    verifyZendeskSignature({
      body: delivery.body,
      signature: headerOf(delivery, 'x-zendesk-webhook-signature'),
      timestamp: headerOf(delivery, 'x-zendesk-webhook-signature-timestamp'),
      secret,
      now,
    }),
  events(payload): Parsed {
    const parsed = eventSchema.safeParse(payload);
    if (!parsed.success) return { ok: false, reason: 'not a Zendesk event (needs id and a zen:event-type:* type)' };
    const user = userOf(parsed.data);
    return { ok: true, events: [{ id: parsed.data.id, source: 'SUPPORT', recordIds: user ? [user] : [] }] };
  },
};
