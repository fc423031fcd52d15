import { randomBytes } from 'node:crypto';
import { changedFields, hmacSha256Base64, type SandboxWebhooks, type WebhookNotification, type WorldContact } from '../../sandbox-kit/index.js';
import { displayName, zendeskTime } from './serialize.js';
import type { ZendeskStore } from './store.js';

const ACCOUNT_ID = 9_283_746;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID (Zendesk's event ids are ULIDs): 48-bit time, 80 random bits, Crockford base32. */
function ulid(now: number): string {
  let time = '';
  for (let t = now, i = 0; i < 10; i += 1, t = Math.floor(t / 32)) time = (CROCKFORD[t % 32] ?? '0') + time;
  return time + [...randomBytes(16)].map((b) => CROCKFORD[b % 32]).join('');
}

/**
 * Zendesk's event webhooks for the sandbox's users, modelled on `zen:event-type:user.*` events (body shape
 * unconfirmed in ../shared/vendor-apis): one delivery per event — `user.identity_changed` for an email or phone,
 * `user.name_changed` for the name — signed as base64(HMAC-SHA256(secret, timestamp + body)).
 */
export function zendeskWebhooks(store: ZendeskStore): SandboxWebhooks {
  return {
    change(id, changes, now) {
      const user = store.users.get(id);
      if (!user) return null;
      const changed = changedFields(changes).filter(([field, value]) => user[field] !== value);
      if (changed.length === 0) return [];
      const before = { ...user };
      for (const [field, value] of changed) user[field] = value;
      user.updatedAt = new Date(now).toISOString();
      store.changed(user);
      const events: [string, unknown][] = [];
      for (const [field, type] of [['email', 'email'], ['phone', 'phone_number']] as const) {
        if (changed.some(([f]) => f === field)) {
          events.push(['user.identity_changed', { previous: { type, value: before[field] }, current: { type, value: user[field] } }]);
        }
      }
      if (changed.some(([f]) => f === 'firstName' || f === 'lastName')) {
        events.push(['user.name_changed', { previous: displayName(before), current: displayName(user) }]);
      }
      return events.map(([type, event]) => notification(user, type, event, now));
    },
  };
}

function notification(user: WorldContact, type: string, event: unknown, now: number): WebhookNotification {
  const id = ulid(now);
  const body = JSON.stringify({
    account_id: ACCOUNT_ID,
    detail: { created_at: zendeskTime(user.createdAt), email: user.email, external_id: user.xref, id: user.id, organization_id: null, role: 'end-user', updated_at: zendeskTime(user.updatedAt) },
    event,
    id,
    subject: `zen:user:${user.id}`,
    time: zendeskTime(new Date(now).toISOString()),
    type: `zen:event-type:${type}`,
    zendesk_event_version: '2022-11-06',
  });
  return {
    eventIds: [id],
    body: () => body,
    headers: ({ secret, body: sent, now: sentAt }) => {
      const timestamp = zendeskTime(new Date(sentAt).toISOString());
      return { 'X-Zendesk-Webhook-Signature': hmacSha256Base64(secret, timestamp, sent), 'X-Zendesk-Webhook-Signature-Timestamp': timestamp };
    },
  };
}
