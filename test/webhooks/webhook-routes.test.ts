import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixture, fixtureText, hmac, SECRETS, startWebhookApp } from './support.js';

type App = Awaited<ReturnType<typeof startWebhookApp>>;

const hubspotVector = fixture<{ body: string; clientSecret: string; v3: { uri: string; timestamp: string; expected: string } }>('hubspot', 'webhook-signature-vectors.json');
const shopifyVector = fixture<{ clientSecret: string; rawBody: string; expected: string; otherHeaders: Record<string, string> }>('shopify', 'webhook-signature-vector.json');
const zendeskVector = fixture<{ signingSecret: string; timestamp: string; rawBody: string; expected: string }>('zendesk', 'webhook-signature-vector.json');
const squareVector = fixture<{ signatureKey: string; notificationUrl: string; rawBody: string; expected: string }>('square', 'webhook-signature-vector.json');

const PUBLIC_URL = 'https://gateway.example.com';
const clock = { now: Date.parse('2025-11-20T10:00:03Z') };

// Signed the way each vendor documents it, with the secrets of SECRETS.
const hubspotHeaders = (body: string, timestamp = clock.now, path = '/webhooks/hubspot') => ({
  'x-hubspot-signature-v3': hmac(SECRETS.hubspot, 'POST', `${PUBLIC_URL}${path}`, body, String(timestamp)),
  'x-hubspot-request-timestamp': String(timestamp),
});
const shopifyHeaders = (body: string, topic: string, webhookId: string) => ({
  'x-shopify-hmac-sha256': hmac(SECRETS.shopify, body),
  'x-shopify-topic': topic,
  'x-shopify-webhook-id': webhookId,
  'x-shopify-shop-domain': 'sandbox.myshopify.com',
});
const zendeskHeaders = (body: string, timestamp = new Date(clock.now).toISOString().replace(/\.\d+Z$/, 'Z')) => ({
  'x-zendesk-webhook-signature': hmac(SECRETS.zendesk, timestamp, body),
  'x-zendesk-webhook-signature-timestamp': timestamp,
});
const squareHeaders = (body: string, url = `${PUBLIC_URL}/webhooks/square`) => ({ 'x-square-hmacsha256-signature': hmac(SECRETS.square, url, body) });

/** The signed time of a Square event body. */
const createdAtOf = (body: string) => Date.parse((JSON.parse(body) as { created_at: string }).created_at);

const hubspotEvent = (eventId: number, objectId: number, subscriptionType = 'contact.propertyChange') =>
  ({ eventId, subscriptionId: 1, portalId: 62515, appId: 54321, occurredAt: clock.now, subscriptionType, attemptNumber: 0, objectId, changeSource: 'CRM', propertyName: 'email', propertyValue: 'x@example.com' });

let app: App;
beforeAll(async () => {
  app = await startWebhookApp({ publicUrl: PUBLIC_URL, now: () => clock.now });
});
afterAll(() => app.close());
afterEach(() => {
  app.calls.length = 0;
  app.failWith(null);
  clock.now = Date.parse('2025-11-20T10:00:03Z');
});

describe('HubSpot webhooks', () => {
  it("accepts the vendor's v3 vector at the URL and timestamp it was signed for, and invalidates the contact it names", async () => {
    const vectorApp = await startWebhookApp({ publicUrl: PUBLIC_URL, secrets: { hubspot: hubspotVector.clientSecret }, now: () => Number(hubspotVector.v3.timestamp) + 1000 });
    try {
      const headers = { 'x-hubspot-signature-v3': hubspotVector.v3.expected, 'x-hubspot-request-timestamp': hubspotVector.v3.timestamp };
      const res = await vectorApp.post('/webhooks/hubspot', hubspotVector.body, headers);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ received: 1, duplicates: 0, invalidated: 1 });
      expect(vectorApp.calls).toEqual([{ source: 'CRM', ids: ['123'] }]);
      // The documented sample payload is the vector's body.
      expect(JSON.parse(hubspotVector.body)).toEqual(fixture('hubspot', 'webhook-contact-events.json'));
    } finally {
      await vectorApp.close();
    }
  });

  it('handles every event of the array once per eventId: contact events only, one invalidation for the delivery', async () => {
    const body = JSON.stringify([hubspotEvent(11, 501), hubspotEvent(12, 502, 'contact.deletion'), hubspotEvent(11, 501), hubspotEvent(13, 9, 'company.propertyChange')]);
    const res = await app.post('/webhooks/hubspot', body, hubspotHeaders(body));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: 4, duplicates: 1, invalidated: 2 });
    expect(app.calls).toEqual([{ source: 'CRM', ids: ['501', '502'] }]);
  });

  it('acknowledges a redelivery (same eventIds, new attempt and signature) with 200 and no second effect', async () => {
    const first = JSON.stringify([hubspotEvent(21, 601)]);
    expect((await app.post('/webhooks/hubspot', first, hubspotHeaders(first))).status).toBe(200);
    clock.now += 60_000;
    const retry = JSON.stringify([{ ...hubspotEvent(21, 601), attemptNumber: 1 }]);
    const res = await app.post('/webhooks/hubspot', retry, hubspotHeaders(retry));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: 1, duplicates: 1, invalidated: 0 });
    expect(app.calls).toEqual([{ source: 'CRM', ids: ['601'] }]);
  });

  it('answers 401 UNAUTHENTICATED for a missing or wrong signature, 401 WEBHOOK_STALE for a stale one, and changes nothing', async () => {
    const body = JSON.stringify([hubspotEvent(31, 701)]);
    const stale = clock.now - 5 * 60_000 - 1;
    const attempts = [
      {},
      { ...hubspotHeaders(body), 'x-hubspot-signature-v3': hmac('wrong', 'POST', `${PUBLIC_URL}/webhooks/hubspot`, body, String(clock.now)) },
      hubspotHeaders(body.replace('701', '702')),
      hubspotHeaders(body, clock.now, '/webhooks/hubspot-elsewhere'),
    ];
    for (const headers of attempts) {
      const res = await app.post('/webhooks/hubspot', body, headers);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED', message: expect.any(String) } });
    }
    const old = await app.post('/webhooks/hubspot', body, hubspotHeaders(body, stale));
    expect(old.status).toBe(401);
    expect(await old.json()).toMatchObject({ error: { code: 'WEBHOOK_STALE', message: expect.any(String) } });
    expect(app.calls).toEqual([]);
    // Nothing was claimed either: the genuine delivery still takes effect.
    expect((await app.post('/webhooks/hubspot', body, hubspotHeaders(body))).status).toBe(200);
    expect(app.calls).toEqual([{ source: 'CRM', ids: ['701'] }]);
  });

  it('answers 400 BAD_REQUEST for a validly signed body that is not JSON, or not an event array', async () => {
    for (const body of ['[{"eventId": 1,', '{"eventId":1,"subscriptionType":"contact.creation","objectId":1}']) {
      const res = await app.post('/webhooks/hubspot', body, hubspotHeaders(body));
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    }
    expect(app.calls).toEqual([]);
  });
});

describe('Shopify webhooks', () => {
  it("accepts the vendor's vector (customers/redact): 200, the customer invalidated, nothing else recorded", async () => {
    const vectorApp = await startWebhookApp({ secrets: { shopify: shopifyVector.clientSecret } });
    try {
      const headers = { ...shopifyVector.otherHeaders, 'X-Shopify-Hmac-Sha256': shopifyVector.expected, 'X-Shopify-Webhook-Id': 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043' };
      const res = await vectorApp.post('/webhooks/shopify', shopifyVector.rawBody, headers);
      expect(res.status).toBe(200);
      expect(vectorApp.calls).toEqual([{ source: 'ECOMMERCE', ids: ['gid://shopify/Customer/191167'] }]);
    } finally {
      await vectorApp.close();
    }
  });

  it('invalidates the customer of customers/data_request and does nothing for shop/redact', async () => {
    const request = fixtureText('shopify', 'webhook-customers-data_request.json');
    expect((await app.post('/webhooks/shopify', request, shopifyHeaders(request, 'customers/data_request', 'w-1'))).status).toBe(200);
    const shop = fixtureText('shopify', 'webhook-shop-redact.json');
    expect((await app.post('/webhooks/shopify', shop, shopifyHeaders(shop, 'shop/redact', 'w-2'))).status).toBe(200);
    expect(app.calls).toEqual([{ source: 'ECOMMERCE', ids: ['gid://shopify/Customer/191167'] }]);
  });

  it('maps customers/update to the customer gid, exactly even beyond 2^53, and orders/* to the order customer', async () => {
    const update = '{"id":706405506930370084,"email":"bob@example.com","admin_graphql_api_id":"gid://shopify/Customer/706405506930370084"}';
    const bare = '{"id":706405506930370099,"email":"bob@example.com"}';
    const order = '{"id":820982911946154508,"email":"jon@example.com","customer":{"id":115310627314723954,"email":"john@example.com"}}';
    const guest = '{"id":820982911946154509,"email":"guest@example.com","customer":null}';
    expect((await app.post('/webhooks/shopify', update, shopifyHeaders(update, 'customers/update', 'w-3'))).status).toBe(200);
    expect((await app.post('/webhooks/shopify', bare, shopifyHeaders(bare, 'customers/delete', 'w-4'))).status).toBe(200);
    expect((await app.post('/webhooks/shopify', order, shopifyHeaders(order, 'orders/create', 'w-5'))).status).toBe(200);
    expect((await app.post('/webhooks/shopify', guest, shopifyHeaders(guest, 'orders/updated', 'w-6'))).status).toBe(200);
    expect(app.calls).toEqual([
      { source: 'ECOMMERCE', ids: ['gid://shopify/Customer/706405506930370084'] },
      { source: 'ECOMMERCE', ids: ['gid://shopify/Customer/706405506930370099'] },
      { source: 'ECOMMERCE', ids: ['gid://shopify/Customer/115310627314723954'] },
    ]);
  });

  it('applies a X-Shopify-Webhook-Id once, and answers 401 to a bad HMAC without effect', async () => {
    const body = '{"id":42,"email":"a@example.com"}';
    expect((await app.post('/webhooks/shopify', body, shopifyHeaders(body, 'customers/update', 'w-7'))).status).toBe(200);
    expect((await app.post('/webhooks/shopify', body, shopifyHeaders(body, 'customers/update', 'w-7'))).status).toBe(200);
    const forged = { ...shopifyHeaders(body, 'customers/update', 'w-8'), 'x-shopify-hmac-sha256': hmac('other', body) };
    expect((await app.post('/webhooks/shopify', body, forged)).status).toBe(401);
    expect(app.calls).toEqual([{ source: 'ECOMMERCE', ids: ['gid://shopify/Customer/42'] }]);
  });
});

describe('Zendesk webhooks', () => {
  it("accepts the vendor's vector at its timestamp and invalidates the user it names; a redelivery has no second effect", async () => {
    const vectorApp = await startWebhookApp({ secrets: { zendesk: zendeskVector.signingSecret }, now: () => Date.parse(zendeskVector.timestamp) + 500 });
    try {
      const headers = { 'X-Zendesk-Webhook-Signature': zendeskVector.expected, 'X-Zendesk-Webhook-Signature-Timestamp': zendeskVector.timestamp };
      expect((await vectorApp.post('/webhooks/zendesk', zendeskVector.rawBody, headers)).status).toBe(200);
      const again = await vectorApp.post('/webhooks/zendesk', zendeskVector.rawBody, headers);
      expect(again.status).toBe(200);
      expect(await again.json()).toMatchObject({ duplicates: 1 });
      expect(vectorApp.calls).toEqual([{ source: 'SUPPORT', ids: ['9873843001'] }]);
    } finally {
      await vectorApp.close();
    }
  });

  it("maps a ticket event to the ticket's requester", async () => {
    const body = JSON.stringify({ type: 'zen:event-type:ticket.status_changed', id: '01JD0000000000000000000099', subject: 'zen:ticket:35', detail: { id: '35', requester_id: '9873843007' }, event: {} });
    expect((await app.post('/webhooks/zendesk', body, zendeskHeaders(body))).status).toBe(200);
    expect(app.calls).toEqual([{ source: 'SUPPORT', ids: ['9873843007'] }]);
  });

  it('answers 401 to a stale or future timestamp, even when correctly signed', async () => {
    const body = zendeskVector.rawBody;
    const old = new Date(clock.now - 6 * 60_000).toISOString();
    const future = new Date(clock.now + 6 * 60_000).toISOString();
    expect((await app.post('/webhooks/zendesk', body, zendeskHeaders(body, old))).status).toBe(401);
    expect((await app.post('/webhooks/zendesk', body, zendeskHeaders(body, future))).status).toBe(401);
    expect(app.calls).toEqual([]);
  });
});

describe('Square webhooks', () => {
  it("accepts the vendor's vector at its notification URL and invalidates the customer it names", async () => {
    const createdAt = Date.parse((JSON.parse(squareVector.rawBody) as { created_at: string }).created_at);
    const vectorApp = await startWebhookApp({ publicUrl: new URL(squareVector.notificationUrl).origin, secrets: { square: squareVector.signatureKey }, now: () => createdAt + 60_000 });
    try {
      const res = await vectorApp.post('/webhooks/square', squareVector.rawBody, { 'x-square-hmacsha256-signature': squareVector.expected });
      expect(res.status).toBe(200);
      expect(vectorApp.calls).toEqual([{ source: 'POS', ids: ['QPTXM8PQNX3Q726ZYHPMNP46XC'] }]);
    } finally {
      await vectorApp.close();
    }
  });

  it('maps customer.updated to data.id once per event_id, and refuses a signature over another URL', async () => {
    const body = fixtureText('square', 'webhook-customer.updated.json');
    clock.now = createdAtOf(body) + 60_000;
    expect((await app.post('/webhooks/square', body, squareHeaders(body))).status).toBe(200);
    expect((await app.post('/webhooks/square', body, squareHeaders(body))).status).toBe(200);
    expect((await app.post('/webhooks/square', body, squareHeaders(body, 'https://elsewhere.example.com/webhooks/square'))).status).toBe(401);
    expect(app.calls).toEqual([{ source: 'POS', ids: ['A0AP25A6SCVTH8JES9BX01GXM4'] }]);
  });
});

describe('the webhook routes as a whole', () => {
  it('answers 404 for a vendor without a configured secret', async () => {
    const partial = await startWebhookApp({ secrets: { hubspot: 'only-hubspot' } });
    try {
      const body = fixtureText('square', 'webhook-customer.updated.json');
      const res = await partial.post('/webhooks/square', body, squareHeaders(body));
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
      expect(partial.calls).toEqual([]);
    } finally {
      await partial.close();
    }
  });

  it('verifies the raw bytes whatever the content type, and leaves JSON parsing of the other routes alone', async () => {
    const body = '{"id":43,  "email":"spaced@example.com"}';
    const headers = { ...shopifyHeaders(body, 'customers/update', 'w-9'), 'content-type': 'text/plain' };
    expect((await app.post('/webhooks/shopify', body, headers)).status).toBe(200);
    const graphql = await app.post('/graphql', '{"query":"{ __typename }"}');
    expect(await graphql.json()).toEqual({ echoed: { query: '{ __typename }' } });
    // Another body (the same body again is a replay, whatever its webhook id).
    const other = body.replace('spaced', 'untyped');
    const untyped = await fetch(`${app.url}/webhooks/shopify`, { method: 'POST', body: Buffer.from(other), headers: shopifyHeaders(other, 'customers/update', 'w-10') });
    expect(untyped.status).toBe(200);
    expect(app.calls.map((c) => c.ids)).toEqual([['gid://shopify/Customer/43'], ['gid://shopify/Customer/43']]);
  });

  it('answers 503 when invalidation fails, and applies the retry of the same event', async () => {
    const body = fixtureText('square', 'webhook-customer.deleted.json');
    clock.now = createdAtOf(body) + 60_000;
    app.failWith(new Error('redis down'));
    const failed = await app.post('/webhooks/square', body, squareHeaders(body));
    expect(failed.status).toBe(503);
    app.failWith(null);
    expect((await app.post('/webhooks/square', body, squareHeaders(body))).status).toBe(200);
    expect(app.calls).toEqual([{ source: 'POS', ids: ['QPTXM8PQNX3Q726ZYHPMNP46XC'] }]);
  });
});
