import { z } from 'zod';
import { hmacBase64, idString, isSameSignature, isWithinWindow } from './signing.js';
import { accepted, headerOf, rejected, stale, type Parsed, type Verdict, type WebhookEvent, type WebhookVendor } from './types.js';

/** HubSpot rejects v3 requests whose timestamp is more than five minutes old. */
export const HUBSPOT_TIMESTAMP_WINDOW_MS = 5 * 60_000;

// HubSpot's request-validation page asks to decode these percent-escapes in the URI before hashing (the exact
// list is unconfirmed in ../shared/vendor-apis; it is the one HubSpot's samples and SDK ports use).
const DECODED: Readonly<Record<string, string>> = {
  '%3A': ':', '%2F': '/', '%3F': '?', '%40': '@', '%21': '!', '%24': '$',
  '%27': "'", '%28': '(', '%29': ')', '%2A': '*', '%2C': ',', '%3B': ';',
};

/** The URI HubSpot signed: the public base URL plus the path and query it called, with HubSpot's decodings applied. */
export function hubspotRequestUri(publicUrl: string, pathAndQuery: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${pathAndQuery}`.replace(/%(?:3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (escape) => DECODED[escape.toUpperCase()] ?? escape);
}

/** The inputs of a v3 signature check. */
export interface HubSpotV3Input {
  method: string;
  uri: string;
  body: Buffer | string;
  signature: string | undefined;
  timestamp: string | undefined;
  clientSecret: string;
  now: number;
}

/**
 * Signature v3: base64(HMAC-SHA256(client secret, method + uri + body + timestamp)), timestamp (ms) within 5 minutes.
 * The timestamp is signed, so a captured request replayed later is refused (WEBHOOK_STALE); within the 5 minutes its
 * signed `eventId`s make it a duplicate.
 */
export function verifyHubSpotV3({ method, uri, body, signature, timestamp, clientSecret, now }: HubSpotV3Input): Verdict {
  if (!signature) return rejected('missing X-HubSpot-Signature-v3 header');
  if (!timestamp) return rejected('missing X-HubSpot-Request-Timestamp header');
  if (!/^\d{1,16}$/.test(timestamp)) return rejected('X-HubSpot-Request-Timestamp is not epoch milliseconds');
  const expected = hmacBase64(clientSecret, [method.toUpperCase(), uri, body, timestamp]);
  if (!isSameSignature(signature, expected)) return rejected('X-HubSpot-Signature-v3 does not match');
  // Checked after the signature, so WEBHOOK_STALE only ever names a genuine HubSpot request replayed (or delayed) too late.
  return isWithinWindow(Number(timestamp), now, HUBSPOT_TIMESTAMP_WINDOW_MS) ? accepted : stale('X-HubSpot-Request-Timestamp is outside the 5-minute window');
}

const idLike = z.union([z.number(), z.string().min(1)]);
const eventSchema = z.looseObject({
  eventId: idLike,
  subscriptionType: z.string(),
  objectId: idLike.optional(),
  // contact.merge (shape unconfirmed here): the merged-away ids and the surviving one.
  mergedObjectIds: z.array(idLike).optional(),
  primaryObjectId: idLike.optional(),
  newObjectId: idLike.optional(),
});
const payloadSchema = z.array(eventSchema).min(1).max(1000);

/** The CRM records one HubSpot event names: contact events only (company, deal, … events name no contact). */
function recordIdsOf(event: z.infer<typeof eventSchema>): string[] {
  if (!event.subscriptionType.startsWith('contact.')) return [];
  const ids = [event.objectId, ...(event.mergedObjectIds ?? []), event.primaryObjectId, event.newObjectId].map(idString);
  return [...new Set(ids.filter((id): id is string => id !== null))];
}

/** HubSpot's dialect: an array of CRM object events, each with its own `eventId`. */
export const hubspotWebhook: WebhookVendor = {
  system: 'hubspot',
  verify: (delivery, secret, { publicUrl, now }) =>
    verifyHubSpotV3({
      method: delivery.method,
      uri: hubspotRequestUri(publicUrl, delivery.url),
      body: delivery.body,
      signature: headerOf(delivery, 'x-hubspot-signature-v3'),
      timestamp: headerOf(delivery, 'x-hubspot-request-timestamp'),
      clientSecret: secret,
      now,
    }),
  events(payload): Parsed {
    const parsed = payloadSchema.safeParse(payload);
    if (!parsed.success) return { ok: false, reason: 'not a HubSpot event array (each event needs eventId and subscriptionType)' };
    const events: WebhookEvent[] = parsed.data.map((event) => ({ id: String(event.eventId), source: 'CRM', recordIds: recordIdsOf(event) }));
    return { ok: true, events };
  },
};
