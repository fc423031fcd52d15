import { randomInt } from 'node:crypto';
import { changedFields, hmacSha256Base64, type SandboxWebhooks, type WebhookNotification } from '../../sandbox-kit/index.js';
import { calculatedPhone, type ContactStore } from './store.js';

// The sandbox portal and app, as HubSpot's documented sample numbers them.
const PORTAL_ID = 62515;
const APP_ID = 54321;
const SUBSCRIPTION_ID = 12345;

const PROPERTY = { email: 'email', phone: 'phone', firstName: 'firstname', lastName: 'lastname' } as const;

/**
 * HubSpot's webhooks for the sandbox's contacts: one POST per change carrying an ARRAY of `contact.propertyChange`
 * events (one per changed property, each with its own `eventId`; `attemptNumber` counts retries), signed with
 * signature v3 over `POST` + the configured URL + body + timestamp (ms).
 */
export function hubspotWebhooks(store: ContactStore): SandboxWebhooks {
  return {
    change(id, changes, now) {
      const contact = store.find(id);
      if (!contact) return null;
      const changed = changedFields(changes).filter(([field, value]) => contact.properties[PROPERTY[field]] !== value);
      if (changed.length === 0) return [];
      const at = new Date(now).toISOString();
      for (const [field, value] of changed) contact.properties[PROPERTY[field]] = value;
      if (changes.phone !== undefined) contact.properties.hs_calculated_phone_number = calculatedPhone(changes.phone, contact.properties.hs_country_region_code ?? null);
      contact.properties.lastmodifieddate = at;
      contact.updatedAt = at;
      const events = changed.map(([field, value]) => ({
        eventId: randomInt(1, 2 ** 47),
        subscriptionId: SUBSCRIPTION_ID,
        portalId: PORTAL_ID,
        appId: APP_ID,
        occurredAt: now,
        subscriptionType: 'contact.propertyChange',
        attemptNumber: 0,
        objectId: Number(contact.id),
        propertyName: PROPERTY[field],
        propertyValue: value ?? '',
        changeSource: 'CRM_UI',
      }));
      const notification: WebhookNotification = {
        eventIds: events.map((e) => String(e.eventId)),
        body: (attempt) => JSON.stringify(events.map((e) => ({ ...e, attemptNumber: attempt }))),
        headers: ({ url, secret, body, now: sentAt }) => ({
          'X-HubSpot-Signature-v3': hmacSha256Base64(secret, 'POST', url, body, String(sentAt)),
          'X-HubSpot-Request-Timestamp': String(sentAt),
        }),
      };
      return [notification];
    },
  };
}
