import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeInvalidation, type CacheCallOptions, type CacheOutcome } from '../../src/cache/index.js';
import { createSealer } from '../../src/config/index.js';
import { requireRedis } from '../support/services.js';
import { cacheKeysFor, cacheRig, RIG_GATEWAY_SECRET, until, type CacheRig } from './support.js';

const service = await requireRedis();
const email = (value: string) => ({ kind: 'email' as const, value });

describe.skipIf(!service.available)(`record cache shared through Redis (${service.reason})`, () => {
  // A prefix (and so a channel) of its own, so parallel runs and other suites never meet.
  const prefix = `c360:test:${randomUUID()}:`;
  const rigs: CacheRig[] = [];
  let redis: Redis;
  const replica = async () => {
    const rig = cacheRig({ redisUrl: service.url, redisPrefix: prefix, now: Date.now });
    rigs.push(rig);
    expect(await rig.layer.ready()).toBe(true);
    return rig;
  };
  const keys = () => redis.keys(`${prefix}*`);
  // Every string key under the prefix with its value (tombstones and entries alike).
  const dump = async () => {
    const all = await keys();
    const values = all.length ? await redis.mget(all) : [];
    return new Map(all.map((key, i) => [key, values[i] ?? null] as const));
  };

  beforeAll(() => {
    redis = new Redis(service.url);
  });
  afterAll(async () => {
    await Promise.all(rigs.map((r) => r.layer.close()));
    const left = await keys();
    if (left.length) await redis.del(...left);
    await redis.quit();
  });

  it('serves replica B from what replica A read, without asking the silo', async () => {
    const a = await replica();
    const b = await replica();
    await a.silos.contacts.CRM.getContacts(['CRM-1']);
    await a.silos.contacts.CRM.findContacts([email('p1@example.com')]);
    await a.silos.orders.ordersFor(['ECOMMERCE-1'], { first: 5 });
    await until(async () => (await keys()).length >= 3, 'A’s entries in Redis');

    const outcomes: CacheOutcome[] = [];
    const opts: CacheCallOptions = { onCache: (o) => void outcomes.push(o) };
    const record = await b.silos.contacts.CRM.getContacts(['CRM-1'], opts);
    const lookup = await b.silos.contacts.CRM.findContacts([email('p1@example.com')], opts);
    const orders = await b.silos.orders.ordersFor(['ECOMMERCE-1'], { first: 5 }, opts);
    expect(b.fakes.calls).toEqual([]);
    expect(outcomes).toEqual([{ cached: true, stale: false }, { cached: true, stale: false }, { cached: true, stale: false }]);
    expect(record.get('CRM-1')?.emails).toEqual(['p1@example.com']);
    expect(lookup.get('email:p1@example.com')?.map((r) => r.provenance.recordId)).toEqual(['CRM-1']);
    expect(orders.get('ECOMMERCE-1')?.items).toHaveLength(2);
    expect(b.layer.stats()).toMatchObject({ hits: 3, misses: 0, redis: 'ready' });
  });

  it('files values under the prefix, with lifetimes, and no email, phone or name in any key', async () => {
    const all = await keys();
    expect(all.length).toBeGreaterThan(0);
    for (const key of all) expect(key).not.toMatch(/@|example\.com|Person/);
    for (const key of all) {
      const ttl = await redis.pttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual((30 + 300) * 1000);
    }
  });

  it('holds nothing readable: no record id, email or name in any key or value, and values open only under the key', async () => {
    const held = await dump();
    expect(held.size).toBeGreaterThanOrEqual(3);
    for (const [key, value] of held) {
      expect(`${key} ${value}`).not.toMatch(/CRM-|ECOMMERCE-|@|example|Person/);
      expect(value).toMatch(/^[\w-]+$/);
    }
    // What A wrote opens under the keys derived from the same GATEWAY_SECRET, and under no other.
    const opened = [...held.values()].map((v) => createSealer(cacheKeysFor(RIG_GATEWAY_SECRET).sealKey).openText(v as string));
    expect(opened.some((json) => json?.includes('p1@example.com'))).toBe(true);
    expect([...held.values()].map((v) => createSealer(cacheKeysFor('another-secret').sealKey).openText(v as string)).every((x) => x === null)).toBe(true);
  });

  it('treats entries sealed under another key as misses', async () => {
    const stranger = cacheRig({ redisUrl: service.url, redisPrefix: prefix, now: Date.now, ...cacheKeysFor('another-deployment') });
    rigs.push(stranger);
    expect(await stranger.layer.ready()).toBe(true);
    await stranger.silos.contacts.CRM.getContacts(['CRM-1']);
    expect(stranger.fakes.callsOf('CRM', 'getContacts')).toHaveLength(1);
  });

  it('drops B’s own copy when A invalidates: record, look-ups containing it and facets, here and in Redis', async () => {
    const [a, b] = rigs as [CacheRig, CacheRig];
    await b.silos.contacts.CRM.getContacts(['CRM-1', 'CRM-2']);
    const held = b.layer.stats().entries;
    const before = await dump();
    await a.layer.invalidator.invalidate('CRM', ['CRM-1']);
    await a.layer.invalidator.invalidate('ECOMMERCE', ['ECOMMERCE-1']);
    // The keys are keyed hashes: what the invalidations deleted are the records' own entries.
    const after = await dump();
    const deleted = [...before].filter(([key]) => !after.has(key));
    expect(deleted.length).toBeGreaterThan(0);
    // B drops its entries when the message arrives: wait for that, not for a fixed time.
    await until(() => b.layer.stats().entries <= held - 3, 'B to drop the record, its look-up and the facet page');

    const calls = b.fakes.calls.length;
    await b.silos.contacts.CRM.getContacts(['CRM-1', 'CRM-2']);
    await b.silos.contacts.CRM.findContacts([email('p1@example.com')]);
    await b.silos.orders.ordersFor(['ECOMMERCE-1'], { first: 5 });
    expect(b.fakes.calls.slice(calls).map((c) => `${c.source} ${c.method} ${c.ids.join(',')}`)).toEqual([
      'CRM getContacts CRM-1',
      'CRM findContacts email:p1@example.com',
      'ECOMMERCE facet ECOMMERCE-1',
    ]);

    // A copy read before the invalidation and written back late (a slow replica) is not trusted.
    for (const [key, stale] of deleted) await redis.set(key, stale as string, 'PX', 60_000);
    const c = await replica();
    await c.silos.contacts.CRM.getContacts(['CRM-1']);
    expect(c.fakes.callsOf('CRM', 'getContacts')).toHaveLength(1);
  });

  it('forgets everything it holds after its subscription drops, since invalidations may have been missed meanwhile', async () => {
    const [, b] = rigs as [CacheRig, CacheRig];
    await b.silos.contacts.CRM.getContacts(['CRM-3']);
    expect(b.layer.stats().entries).toBeGreaterThan(0);
    // Only this suite's connections carry its prefix in their name.
    const clients = String(await redis.client('LIST')).split('\n').filter((line) => line.includes(`name=c360-cache:${prefix}invalidations`));
    expect(clients.length).toBeGreaterThan(0);
    for (const line of clients) await redis.client('KILL', 'ID', /id=(\d+)/.exec(line)?.[1] as string);
    await until(() => b.layer.stats().entries === 0, 'B to clear its entries after reconnecting');
    await until(() => b.layer.stats().redis === 'ready', 'B to be subscribed again');
  });

  it('drops what a well-formed message names and ignores malformed ones', async () => {
    const [, b] = rigs as [CacheRig, CacheRig];
    await b.silos.contacts.CRM.getContacts(['CRM-2', 'CRM-3']);
    const held = b.layer.stats().entries;
    const calls = b.fakes.calls.length;
    await redis.publish(`${prefix}invalidate`, '{"source":"CRM","ids":"CRM-2"}');
    await redis.publish(`${prefix}invalidate`, 'not json');
    // Well-formed but not sealed under the deployment's key: anyone who can reach Redis could send it.
    await redis.publish(`${prefix}invalidate`, JSON.stringify({ origin: 'test', source: 'CRM', ids: ['CRM-2'] }));
    // Messages arrive in order: once this one is applied, the three before it were seen (and ignored).
    const sealer = createSealer(cacheKeysFor(RIG_GATEWAY_SECRET).sealKey);
    await redis.publish(`${prefix}invalidate`, encodeInvalidation({ origin: 'test', source: 'CRM', ids: ['CRM-3'] }, sealer));
    await until(() => b.layer.stats().entries === held - 1, 'B to drop CRM-3');
    await b.silos.contacts.CRM.getContacts(['CRM-2']);
    expect(b.fakes.calls.length).toBe(calls);
  });
});

describe('record cache with Redis unreachable', () => {
  it('reports the shared level unavailable, keeps working in-process, and says invalidation did not reach the others', async () => {
    const rig = cacheRig({ redisUrl: 'redis://127.0.0.1:1', redisPrefix: 'c360:unreachable:' });
    try {
      expect(await rig.layer.ready()).toBe(false);
      await rig.silos.contacts.CRM.getContacts(['CRM-1']);
      await rig.silos.contacts.CRM.getContacts(['CRM-1']);
      expect(rig.fakes.callsOf('CRM', 'getContacts')).toHaveLength(1);
      expect(rig.layer.stats().redis).toBe('unavailable');
      await expect(rig.layer.invalidator.invalidate('CRM', ['CRM-1'])).rejects.toThrow(/did not reach Redis/);
      await rig.silos.contacts.CRM.getContacts(['CRM-1']);
      expect(rig.fakes.callsOf('CRM', 'getContacts')).toHaveLength(2);
    } finally {
      await rig.layer.close();
    }
  });
});
