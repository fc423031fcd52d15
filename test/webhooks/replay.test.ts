import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryEventIdStore } from "../../src/webhooks/index.js"; const EVENT_MEMORY_TTL_MS = 73*3600000, SQUARE_EVENT_MAX_AGE_MS = 72*3600000+300000; type MemoryEventIdStore = any; import {} from '../../src/webhooks/index.js';
import { hmac, SECRETS, startWebhookApp } from './support.js';

// Replays of captured deliveries, per vendor: an attacker holds a genuine signed request (body and headers) but not
// the secret, so can resend it as it is, with its unsigned headers changed, or later.

const PUBLIC_URL = 'https://gateway.example.com';
const START = Date.parse('2025-11-20T10:00:03Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let clock = START;
let store: MemoryEventIdStore;
let app: Awaited<ReturnType<typeof startWebhookApp>>;

beforeAll(async () => {
  store = createMemoryEventIdStore({ now: () => clock });
  app = await startWebhookApp({ publicUrl: PUBLIC_URL, now: () => clock, seen: store });
});
afterAll(() => app.close());

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

/** Sends a captured delivery again, and says what the gateway did with it. */
async function send(path: string, body: string, headers: Record<string, string>) {
  const before = app.calls.length;
  const res = await app.post(path, body, headers);
  const answer = (await res.json()) as { duplicates?: number; error?: { code: string } };
  return { status: res.status, code: answer.error?.code, duplicates: answer.duplicates, applied: app.calls.length - before };
}

describe('HubSpot: a captured request', () => {
  const body = JSON.stringify([{ eventId: 9001, subscriptionType: 'contact.propertyChange', objectId: 801, occurredAt: START }]);
  const signed = (at: number, text = body) => ({
    'x-hubspot-signature-v3': hmac(SECRETS.hubspot, 'POST', `${PUBLIC_URL}/webhooks/hubspot`, text, String(at)),
    'x-hubspot-request-timestamp': String(at),
  });

  it('is a duplicate when resent within the 5 minutes, refused when its eventId is changed, and WEBHOOK_STALE after', async () => {
    clock = START;
    const captured = signed(START);
    expect(await send('/webhooks/hubspot', body, captured)).toMatchObject({ status: 200, applied: 1 });
    clock = START + 4 * MINUTE;
    expect(await send('/webhooks/hubspot', body, captured)).toMatchObject({ status: 200, duplicates: 1, applied: 0 });
    // A fresh event id means another body, which the captured signature does not cover.
    expect(await send('/webhooks/hubspot', body.replace('9001', '9002'), captured)).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', applied: 0 });
    clock = START + 5 * MINUTE + 1;
    expect(await send('/webhooks/hubspot', body, captured)).toMatchObject({ status: 401, code: 'WEBHOOK_STALE', applied: 0 });
    clock = START;
  });
});

describe('Zendesk: a captured request', () => {
  const body = JSON.stringify({ type: 'zen:event-type:user.identity_changed', id: '01JD00000000000000000REPLAY', subject: 'zen:user:9873843099', detail: { id: '9873843099' }, event: {} });
  const signed = (at: string, text = body) => ({ 'x-zendesk-webhook-signature': hmac(SECRETS.zendesk, at, text), 'x-zendesk-webhook-signature-timestamp': at });

  it('is a duplicate when resent within the 5 minutes, refused when its id is changed, and WEBHOOK_STALE after', async () => {
    clock = START;
    const captured = signed(iso(START));
    expect(await send('/webhooks/zendesk', body, captured)).toMatchObject({ status: 200, applied: 1 });
    clock = START + 4 * MINUTE;
    expect(await send('/webhooks/zendesk', body, captured)).toMatchObject({ status: 200, duplicates: 1, applied: 0 });
    expect(await send('/webhooks/zendesk', body.replace('REPLAY', 'REPLAZ'), captured)).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', applied: 0 });
    clock = START + 6 * MINUTE;
    expect(await send('/webhooks/zendesk', body, captured)).toMatchObject({ status: 401, code: 'WEBHOOK_STALE', applied: 0 });
    // Zendesk redelivers an event with a new timestamp and signature: still the same event id, so no second effect.
    expect(await send('/webhooks/zendesk', body, signed(iso(clock)))).toMatchObject({ status: 200, duplicates: 1, applied: 0 });
    clock = START;
  });
});

describe('Square: a captured request', () => {
  const event = (eventId: string, createdAt: number) =>
    JSON.stringify({ created_at: iso(createdAt), data: { id: 'REPLAYCUSTOMER000000000001', type: 'customer' }, event_id: eventId, merchant_id: 'M1', type: 'customer.updated' });
  const signed = (text: string) => ({ 'x-square-hmacsha256-signature': hmac(SECRETS.square, `${PUBLIC_URL}/webhooks/square`, text) });

  it('is a duplicate while Square could still retry it, refused when its event_id is changed, and WEBHOOK_STALE after 72 hours', async () => {
    clock = START;
    const body = event('7c0c5d1e-replay-0001', START);
    const captured = signed(body);
    expect(await send('/webhooks/square', body, captured)).toMatchObject({ status: 200, applied: 1 });
    clock = START + 71 * HOUR;
    expect(await send('/webhooks/square', body, captured)).toMatchObject({ status: 200, duplicates: 1, applied: 0 });
    expect(await send('/webhooks/square', body.replace('replay-0001', 'replay-0002'), captured)).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', applied: 0 });
    clock = START + SQUARE_EVENT_MAX_AGE_MS + 1;
    expect(await send('/webhooks/square', body, captured)).toMatchObject({ status: 401, code: 'WEBHOOK_STALE', applied: 0 });
    clock = START;
  });

  it('keeps every event it accepts in memory for longer than it accepts it', () => {
    expect(EVENT_MEMORY_TTL_MS).toBeGreaterThanOrEqual(SQUARE_EVENT_MAX_AGE_MS);
  });

  it('refuses an event signed with a time far ahead of the clock, and one without created_at', async () => {
    clock = START;
    const future = event('7c0c5d1e-future-0001', START + 10 * MINUTE);
    expect(await send('/webhooks/square', future, signed(future))).toMatchObject({ status: 401, code: 'WEBHOOK_STALE', applied: 0 });
    const timeless = JSON.stringify({ data: { id: 'REPLAYCUSTOMER000000000001', type: 'customer' }, event_id: 'timeless-1', type: 'customer.updated' });
    expect(await send('/webhooks/square', timeless, signed(timeless))).toMatchObject({ status: 400, code: 'BAD_REQUEST', applied: 0 });
  });
});

describe('Shopify: a captured body (Shopify signs nothing else)', () => {
  const body = '{"id":5550001,"email":"replayed@example.com","updated_at":"2025-11-20T10:00:00Z"}';
  const headers = (webhookId?: string, topic = 'customers/update') => ({
    'x-shopify-hmac-sha256': hmac(SECRETS.shopify, body),
    'x-shopify-topic': topic,
    ...(webhookId ? { 'x-shopify-webhook-id': webhookId } : {}),
  });

  it('is a duplicate when resent with fresh X-Shopify-Webhook-Ids, or with none', async () => {
    clock = START;
    expect(await send('/webhooks/shopify', body, headers('original-id'))).toMatchObject({ status: 200, applied: 1 });
    for (const id of ['fresh-1', 'fresh-2', 'fresh-3']) {
      expect(await send('/webhooks/shopify', body, headers(id))).toMatchObject({ status: 200, duplicates: 1, applied: 0 });
    }
    expect(await send('/webhooks/shopify', body, headers())).toMatchObject({ status: 200, duplicates: 1, applied: 0 });
  });

  it('de-duplicates a delivery without X-Shopify-Webhook-Id too', async () => {
    const compliance = '{"shop_id":954889,"shop_domain":"s.myshopify.com","customer":{"id":5550002,"email":"c@example.com","phone":null},"orders_to_redact":[]}';
    const bare = { 'x-shopify-hmac-sha256': hmac(SECRETS.shopify, compliance), 'x-shopify-topic': 'customers/redact' };
    expect(await send('/webhooks/shopify', compliance, bare)).toMatchObject({ status: 200, applied: 1 });
    expect(await send('/webhooks/shopify', compliance, bare)).toMatchObject({ status: 200, duplicates: 1, applied: 0 });
  });

  it('is applied once more after the replay memory forgot it (EVENT_MEMORY_TTL_MS): only a cache drop of that customer', async () => {
    clock = START + EVENT_MEMORY_TTL_MS + 1;
    const again = await send('/webhooks/shopify', body, headers('after-the-window'));
    expect(again).toMatchObject({ status: 200, applied: 1 });
    expect(app.calls.at(-1)).toEqual({ source: 'ECOMMERCE', ids: ['gid://shopify/Customer/5550001'] });
    clock = START;
  });
});

describe('what the replay memory keeps', () => {
  const HUGE = 200_000;

  it('stays bounded by count and a fixed size per id for 150 signed deliveries with huge ids', async () => {
    clock = START;
    const bounded = createMemoryEventIdStore({ max: 100, now: () => clock });
    const own = await startWebhookApp({ publicUrl: PUBLIC_URL, now: () => clock, seen: bounded });
    const unbounded = createMemoryEventIdStore({ now: () => clock });
    const other = await startWebhookApp({ publicUrl: PUBLIC_URL, now: () => clock, seen: unbounded });
    try {
      for (let i = 0; i < 150; i += 1) {
        const eventId = `${i}-${'x'.repeat(HUGE)}`;
        const body = JSON.stringify([{ eventId, subscriptionType: 'contact.propertyChange', objectId: 900 + i }]);
        const headers = { 'x-hubspot-signature-v3': hmac(SECRETS.hubspot, 'POST', `${PUBLIC_URL}/webhooks/hubspot`, body, String(clock)), 'x-hubspot-request-timestamp': String(clock) };
        expect((await own.post('/webhooks/hubspot', body, headers)).status).toBe(200);
        const square = JSON.stringify({ created_at: iso(clock), data: { id: `C${i}`, type: 'customer' }, event_id: eventId, type: 'customer.updated' });
        expect((await other.post('/webhooks/square', square, { 'x-square-hmacsha256-signature': hmac(SECRETS.square, `${PUBLIC_URL}/webhooks/square`, square) })).status).toBe(200);
      }
      expect(bounded.size).toBe(100);
      expect(unbounded.size).toBe(150);
      for (const key of [...bounded.keys(), ...unbounded.keys()]) expect(key.length).toBeLessThanOrEqual(64);
      const held = unbounded.keys().reduce((sum, key) => sum + key.length, 0);
      expect(held).toBeLessThan(150 * 64);
      // Nothing was lost by hashing: each huge id is still recognised.
      const again = `7-${'x'.repeat(HUGE)}`;
      const square = JSON.stringify({ created_at: iso(clock), data: { id: 'C7', type: 'customer' }, event_id: again, type: 'customer.updated' });
      const res = await other.post('/webhooks/square', square, { 'x-square-hmacsha256-signature': hmac(SECRETS.square, `${PUBLIC_URL}/webhooks/square`, square) });
      expect(await res.json()).toMatchObject({ duplicates: 1 });
    } finally {
      await own.close();
      await other.close();
    }
  });
});
