import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceRateLimited } from '../../src/model/index.js';
import { createRedisBucketStore, createRequestBudget, type BucketRule, type SiloRateRule } from '../../src/resilience/index.js';
import { requireRedis } from '../support/services.js';

const redis = await requireRedis();

// Refills one token per 1000 s: within a test, only the capacity can be handed out.
const SLOW: BucketRule = { capacity: 6, refillPerSecond: 0.001, bulkReserve: 2 };
const rule: SiloRateRule = { buckets: { requests: SLOW }, bucketFor: () => 'requests' };
const request = (priority: 'interactive' | 'bulk') => ({ method: 'GET', path: '/api/v2/users', priority, deadline: Date.now() + 200 });

describe.skipIf(!redis.available)(`request budget shared through Redis (${redis.reason})`, () => {
  // Two replicas: two connections, one key prefix of their own per run.
  const prefix = `c360-test-${randomUUID()}:`;
  const stores = [createRedisBucketStore({ url: redis.url, prefix }), createRedisBucketStore({ url: redis.url, prefix })];
  beforeAll(async () => {
    expect(await Promise.all(stores.map((s) => s.ready()))).toEqual([true, true]);
  });
  afterAll(() => Promise.all(stores.map((s) => s.close())));

  it('hands out one bucket across replicas: together they get its capacity, not twice it', async () => {
    const [a, b] = stores.map((store) => createRequestBudget('SUPPORT', rule, store)) as [ReturnType<typeof createRequestBudget>, ReturnType<typeof createRequestBudget>];
    const outcomes: string[] = [];
    for (let i = 0; i < 6; i++) {
      for (const [name, budget] of [['a', a], ['b', b]] as const) {
        outcomes.push(await budget.acquire(request('interactive')).then(() => name, (e: unknown) => (e instanceof SourceRateLimited ? '-' : 'error')));
      }
    }
    expect(outcomes.filter((o) => o !== '-')).toHaveLength(6);
    expect(outcomes).toContain('a');
    expect(outcomes).toContain('b');
    expect(outcomes).not.toContain('error');
  });

  it('keeps the reserve for interactive calls on every replica: bulk is refused first', async () => {
    const bucket: SiloRateRule = { buckets: { 'reserve-test': SLOW }, bucketFor: () => 'reserve-test' };
    const [a, b] = stores.map((store) => createRequestBudget('CRM', bucket, store)) as [ReturnType<typeof createRequestBudget>, ReturnType<typeof createRequestBudget>];
    // 6 tokens, reserve 2: four bulk calls go, the fifth would eat into the reserve.
    for (let i = 0; i < 4; i++) await (i % 2 ? a : b).acquire(request('bulk'));
    await expect(a.acquire(request('bulk'))).rejects.toBeInstanceOf(SourceRateLimited);
    await expect(b.acquire(request('bulk'))).rejects.toBeInstanceOf(SourceRateLimited);
    await a.acquire(request('interactive'));
    await b.acquire(request('interactive'));
    await expect(a.acquire(request('interactive'))).rejects.toBeInstanceOf(SourceRateLimited);
  });
});

describe('request budget when Redis is configured but unreachable', () => {
  it('paces in-process instead of failing or delaying calls', async () => {
    const store = createRedisBucketStore({ url: 'redis://127.0.0.1:1', prefix: 'unreachable:' });
    expect(await store.ready()).toBe(false);
    const budget = createRequestBudget('POS', rule, store);
    for (let i = 0; i < 6; i++) await budget.acquire(request('interactive'));
    await expect(budget.acquire(request('interactive'))).rejects.toBeInstanceOf(SourceRateLimited);
    await store.close();
  });
});
