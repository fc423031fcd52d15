import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisEventIdStore } from '../../src/webhooks/index.js';
import { requireRedis } from '../support/services.js';
import { startTestStack } from '../support/stack.js';
import { hmac, SECRETS, startWebhookApp } from './support.js';

const service = await requireRedis();

describe.skipIf(!service.available)(`the replay memory shared by replicas through Redis (${service.reason})`, () => {
  const prefix = `test:${randomUUID()}:`;
  const keySecret = Buffer.from('redis-replay-test-key-secret');
  const stores = [0, 1].map(() => createRedisEventIdStore({ url: service.url, prefix, keySecret }));
  const redis = new Redis(service.url);
  let replicas: Awaited<ReturnType<typeof startWebhookApp>>[] = [];

  beforeAll(async () => {
    for (const store of stores) expect(await store.ready()).toBe(true);
    replicas = await Promise.all(stores.map((seen) => startWebhookApp({ seen })));
  });
  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.close()));
    await Promise.all(stores.map((store) => store.close()));
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('makes a Shopify body replayed to another replica (with a fresh webhook id) a duplicate there, and keeps only bounded keyed hashes', async () => {
    const body = `{"id":5550100,"email":"shared@example.com","huge":"${'y'.repeat(100_000)}"}`;
    const headers = (id: string) => ({ 'x-shopify-hmac-sha256': hmac(SECRETS.shopify, body), 'x-shopify-topic': 'customers/update', 'x-shopify-webhook-id': id });
    const [first, second] = replicas;
    expect((await first?.post('/webhooks/shopify', body, headers('a')))?.status).toBe(200);
    const replay = await second?.post('/webhooks/shopify', body, headers('fresh'));
    expect(await replay?.json()).toMatchObject({ received: 1, duplicates: 1 });
    expect(first?.calls.length).toBe(1);
    expect(second?.calls.length).toBe(0);
    const keys = await redis.keys(`${prefix}*`);
    expect(keys).toHaveLength(1);
    for (const key of keys) {
      expect(key.length).toBeLessThanOrEqual(prefix.length + 'webhook:shopify:'.length + 43);
      expect(key).not.toContain('shared');
      const ttl = await redis.pttl(key);
      expect(ttl).toBeGreaterThan(0);
    }
  });

  it('gives a claim back when the effect failed, so the retry is applied on any replica', async () => {
    const body = '{"id":5550101,"email":"retry@example.com"}';
    const headers = { 'x-shopify-hmac-sha256': hmac(SECRETS.shopify, body), 'x-shopify-topic': 'customers/update' };
    const [first, second] = replicas;
    first?.failWith(new Error('cache down'));
    expect((await first?.post('/webhooks/shopify', body, headers))?.status).toBe(503);
    first?.failWith(null);
    expect((await second?.post('/webhooks/shopify', body, headers))?.status).toBe(200);
    expect(second?.calls).toEqual([{ source: 'ECOMMERCE', ids: ['gid://shopify/Customer/5550101'] }]);
  });

  it('is what src/app.ts gives two gateways that share REDIS_URL', async () => {
    const env = { REDIS_URL: service.url, CACHE_REDIS_PREFIX: `${prefix}app:`, SHOPIFY_WEBHOOK_SECRET: 'shared-shopify-secret', SANDBOX_PEOPLE: '40' };
    const gateways = await Promise.all([startTestStack(env), startTestStack(env)]);
    try {
      const body = '{"id":5550102,"email":"app@example.com"}';
      const headers = { 'content-type': 'application/json', 'x-shopify-hmac-sha256': hmac('shared-shopify-secret', body), 'x-shopify-topic': 'customers/update' };
      const answers = [];
      for (const gateway of gateways) {
        const res = await fetch(`${gateway.stack.url}/webhooks/shopify`, { method: 'POST', body, headers });
        answers.push({ status: res.status, ...((await res.json()) as object) });
      }
      expect(answers).toEqual([
        { status: 200, received: 1, duplicates: 0, invalidated: 1 },
        { status: 200, received: 1, duplicates: 1, invalidated: 0 },
      ]);
    } finally {
      await Promise.all(gateways.map((gateway) => gateway.close()));
    }
  }, 60_000);
});
