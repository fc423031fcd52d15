import { describe, expect, it } from 'vitest';
import {
  hubspotRequestUri,
  parseJsonKeepingBigIds,
  verifyHubSpotV3,
  verifyShopifyHmac,
  verifySquareSignature,
  verifyZendeskSignature,
} from '../../src/webhooks/index.js';
import { fixture, hmac } from './support.js';

const MINUTE = 60_000;

describe('HubSpot signature v3, with the vendor vector', () => {
  const vector = fixture<{ body: string; clientSecret: string; v3: { method: string; uri: string; timestamp: string; expected: string } }>(
    'hubspot',
    'webhook-signature-vectors.json',
  );
  const input = {
    method: vector.v3.method,
    uri: vector.v3.uri,
    body: Buffer.from(vector.body),
    signature: vector.v3.expected,
    timestamp: vector.v3.timestamp,
    clientSecret: vector.clientSecret,
    now: Number(vector.v3.timestamp) + 1000,
  };

  it('accepts the vector at its own timestamp (injected clock)', () => {
    expect(verifyHubSpotV3(input)).toEqual({ ok: true });
    expect(verifyHubSpotV3({ ...input, body: vector.body })).toEqual({ ok: true });
  });

  it('rejects a tampered body, a wrong secret, another URI or method, and missing headers', () => {
    expect(verifyHubSpotV3({ ...input, body: vector.body.replace('"objectId":123', '"objectId":124') }).ok).toBe(false);
    expect(verifyHubSpotV3({ ...input, clientSecret: 'not-the-secret' }).ok).toBe(false);
    expect(verifyHubSpotV3({ ...input, uri: 'https://gateway.example.com/webhooks/other' }).ok).toBe(false);
    expect(verifyHubSpotV3({ ...input, method: 'PUT' }).ok).toBe(false);
    expect(verifyHubSpotV3({ ...input, signature: undefined })).toEqual({ ok: false, reason: 'missing X-HubSpot-Signature-v3 header' });
    expect(verifyHubSpotV3({ ...input, timestamp: undefined })).toEqual({ ok: false, reason: 'missing X-HubSpot-Request-Timestamp header' });
  });

  it('rejects a signature made with the timestamp changed afterwards, and timestamps outside five minutes', () => {
    expect(verifyHubSpotV3({ ...input, timestamp: String(Number(vector.v3.timestamp) + 1) }).ok).toBe(false);
    const stale = { ...input, now: Number(vector.v3.timestamp) + 5 * MINUTE + 1 };
    expect(verifyHubSpotV3(stale)).toEqual({ ok: false, reason: 'X-HubSpot-Request-Timestamp is outside the 5-minute window', code: 'WEBHOOK_STALE' });
    expect(verifyHubSpotV3({ ...input, now: Number(vector.v3.timestamp) + 5 * MINUTE }).ok).toBe(true);
    expect(verifyHubSpotV3({ ...input, now: Number(vector.v3.timestamp) - 6 * MINUTE }).ok).toBe(false);
    expect(verifyHubSpotV3({ ...input, timestamp: '1732000000' + 'x' }).ok).toBe(false);
  });

  it('does not accept the legacy v1 signature in place of v3', () => {
    const v1 = fixture<{ v1: { expected: string } }>('hubspot', 'webhook-signature-vectors.json').v1.expected;
    expect(verifyHubSpotV3({ ...input, signature: v1 }).ok).toBe(false);
  });

  it('signs the public URL plus path and query, with the percent-escapes HubSpot decodes decoded', () => {
    expect(hubspotRequestUri('https://gateway.example.com/', '/webhooks/hubspot')).toBe(vector.v3.uri);
    expect(hubspotRequestUri('https://g.example.com', '/webhooks/hubspot?a=%3A%2f%40&b=%20')).toBe('https://g.example.com/webhooks/hubspot?a=:/@&b=%20');
  });
});

describe('Shopify HMAC, with the vendor vector', () => {
  const vector = fixture<{ clientSecret: string; rawBody: string; expected: string }>('shopify', 'webhook-signature-vector.json');
  const input = { body: Buffer.from(vector.rawBody), signature: vector.expected, secret: vector.clientSecret };

  it('accepts the vector', () => {
    expect(verifyShopifyHmac(input)).toEqual({ ok: true });
  });

  it('rejects a tampered body, a wrong secret, a missing header and a signature of the re-serialised body', () => {
    expect(verifyShopifyHmac({ ...input, body: vector.rawBody.replace('191167', '191168') }).ok).toBe(false);
    expect(verifyShopifyHmac({ ...input, secret: 'hush2' }).ok).toBe(false);
    expect(verifyShopifyHmac({ ...input, signature: undefined })).toEqual({ ok: false, reason: 'missing X-Shopify-Hmac-Sha256 header' });
    const pretty = JSON.stringify(JSON.parse(vector.rawBody), null, 2);
    expect(verifyShopifyHmac({ ...input, body: pretty }).ok).toBe(false);
  });
});

describe('Zendesk signature and timestamp, with the vendor vector', () => {
  const vector = fixture<{ signingSecret: string; timestamp: string; rawBody: string; expected: string }>('zendesk', 'webhook-signature-vector.json');
  const at = Date.parse(vector.timestamp);
  const input = { body: Buffer.from(vector.rawBody), signature: vector.expected, timestamp: vector.timestamp, secret: vector.signingSecret, now: at + 2000 };

  it('accepts the vector at its own timestamp (injected clock)', () => {
    expect(verifyZendeskSignature(input)).toEqual({ ok: true });
  });

  it('rejects a tampered body, a wrong secret, another timestamp and missing headers', () => {
    expect(verifyZendeskSignature({ ...input, body: vector.rawBody.replace('9873843001', '9873843002') }).ok).toBe(false);
    expect(verifyZendeskSignature({ ...input, secret: 'dGhpc19pc19hX3Rlc3Rfc2VjcmV1' }).ok).toBe(false);
    expect(verifyZendeskSignature({ ...input, timestamp: '2025-11-20T10:00:02Z' }).ok).toBe(false);
    expect(verifyZendeskSignature({ ...input, signature: undefined }).ok).toBe(false);
    expect(verifyZendeskSignature({ ...input, timestamp: undefined }).ok).toBe(false);
  });

  it('rejects timestamps more than five minutes away from the clock, and ones that are not times', () => {
    expect(verifyZendeskSignature({ ...input, now: at + 5 * MINUTE + 1 }).ok).toBe(false);
    expect(verifyZendeskSignature({ ...input, now: at - 5 * MINUTE - 1 }).ok).toBe(false);
    expect(verifyZendeskSignature({ ...input, now: at + 5 * MINUTE }).ok).toBe(true);
    const garbage = 'yesterday';
    expect(verifyZendeskSignature({ ...input, timestamp: garbage, signature: hmac(vector.signingSecret, garbage, vector.rawBody) }).ok).toBe(false);
  });
});

describe('Square signature over URL and body, with the vendor vector', () => {
  const vector = fixture<{ signatureKey: string; notificationUrl: string; rawBody: string; expected: string }>('square', 'webhook-signature-vector.json');
  const input = { notificationUrl: vector.notificationUrl, body: Buffer.from(vector.rawBody), signature: vector.expected, signatureKey: vector.signatureKey };

  it('accepts the vector', () => {
    expect(verifySquareSignature(input)).toEqual({ ok: true });
  });

  it('rejects a tampered body, a wrong key, another URL and a missing header', () => {
    expect(verifySquareSignature({ ...input, body: vector.rawBody.replace('customer.deleted', 'customer.updated') }).ok).toBe(false);
    expect(verifySquareSignature({ ...input, signatureKey: 'asdf12345' }).ok).toBe(false);
    expect(verifySquareSignature({ ...input, notificationUrl: 'https://gateway.example.com/webhooks/square/' }).ok).toBe(false);
    expect(verifySquareSignature({ ...input, signature: undefined }).ok).toBe(false);
  });
});

describe('parseJsonKeepingBigIds', () => {
  it('keeps integers beyond 2^53 as exact digit strings and leaves everything else as JSON.parse does', () => {
    const text = '{"id":706405506930370084,"n":42,"f":1.5e3,"s":"706405506930370084","neg":-9007199254740993,"a":[1,"x\\"9007199254740993"]}';
    expect(parseJsonKeepingBigIds(text)).toEqual({ id: '706405506930370084', n: 42, f: 1500, s: '706405506930370084', neg: '-9007199254740993', a: [1, 'x"9007199254740993'] });
    expect(() => parseJsonKeepingBigIds('{"id": 1')).toThrow(SyntaxError);
  });
});
