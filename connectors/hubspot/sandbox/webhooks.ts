import { randomInt } from 'node:crypto';
import { changedFields, hmacSha256Base64, type SandboxWebhooks, type WebhookNotification } from '../../sandbox-kit/index.js';
import { createContact } from './routes-create.js';
import { calculatedPhone, type ContactStore } from './store.js';

// The sandbox portal and app, as HubSpot's documented sample numbers them.
const PORTAL_ID = 62515;
const APP_ID = 54321;
const SUBSCRIPTION_ID = 12345;

const PROPERTY = { email: 'email', phone: 'phone', firstName: 'firstname', lastName: 'lastname' } as const;

type HubSpotEvent = Record<string, string | number> & { eventId: number; attemptNumber: number };

/** One POST carrying an array of events, signed with v3 over `POST` + the configured URL + body + timestamp (ms). */
function notificationOf(events: HubSpotEvent[]): WebhookNotification {
  return {
    eventIds: events.map((e) => String(e.eventId)),
    body: (attempt) => JSON.stringify(events.map((e) => ({ ...e, attemptNumber: attempt }))),
    headers: ({ url, secret, body, now: sentAt }) => ({
      'X-HubSpot-Signature-v3': hmacSha256Base64(secret, 'POST', url, body, String(sentAt)),
      'X-HubSpot-Request-Timestamp': String(sentAt),
    }),
  };
}

const envelope = (objectId: string, now: number) => ({
  eventId: randomInt(1, 2 ** 47),
  subscriptionId: SUBSCRIPTION_ID,
  portalId: PORTAL_ID,
  appId: APP_ID,
  occurredAt: now,
  attemptNumber: 0,
  objectId: Number(objectId),
});

/**
 * HubSpot's webhooks for the sandbox's contacts: one POST per change carrying an ARRAY of `contact.propertyChange`
 * events (one per changed property, each with its own `eventId`; `attemptNumber` counts retries), and one
 * `contact.creation` event (HubSpot's documented sample shape) per created contact.
 */
export function hubspotWebhooks(store: ContactStore): SandboxWebhooks {
  return {
    change(id, changes, now) {
      const contact = store.find(id);
      if (!contact) return null;
      const changed = changedFields(changes).filter(([field, value]) => contact.properties[PROPERTY[field]] !== value);
      if (changed.length === 0) return [];
      for (const [field, value] of changed) contact.properties[PROPERTY[field]] = value;
      if (changes.phone !== undefined) contact.properties.hs_calculated_phone_number = calculatedPhone(changes.phone, contact.properties.hs_country_region_code ?? null);
      store.touch(contact, new Date(now).toISOString(), 'CRM_UI');
      const events = changed.map(([field, value]) => ({
        ...envelope(contact.id, now),
        subscriptionType: 'contact.propertyChange',
        propertyName: PROPERTY[field],
        propertyValue: value ?? '',
        changeSource: 'CRM_UI',
      }));
      return [notificationOf(events)];
    },

    create(fields, now) {
      const properties: Record<string, string> = {};
      for (const [field, value] of changedFields(fields)) if (value != null) properties[PROPERTY[field]] = value;
      const created = createContact(store, properties, new Date(now).toISOString(), fields.personId ?? null);
      if ('refused' in created) {
        const body = created.refused.body as { message?: string };
        return { refused: `HubSpot refuses the contact (HTTP ${created.refused.status}): ${body.message ?? 'refused'}` };
      }
      const event = { ...envelope(created.contact.id, now), subscriptionType: 'contact.creation', changeSource: 'CRM', changeFlag: 'NEW' };
      return { id: created.contact.id, notifications: [notificationOf([event])] };
    },
  };
}
