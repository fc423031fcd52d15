import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type Service } from '../../bench/processes.js';
import { SYSTEMS, sandboxSettings, startSandboxes } from '../../connectors/index.js';
import type { RunningSandbox } from '../../connectors/sandbox-kit/index.js';
import { issueToken } from '../../src/auth/index.js';
import { createCacheLayer, type CacheLayer } from '../../src/cache/index.js';
import { loadSettings } from '../../src/settings.js';
import type { System } from '../../src/model/index.js';
import { requireRedis } from '../support/services.js';
import type { GqlResponse } from '../support/stack.js';
import { personEverywhere, testWorld } from '../support/world.js';
import { FAST_PRIVACY } from '../privacy/support.js';
import { cacheKeysFor, until } from './support.js';

const service = await requireRedis();
const SECRET = 'replicas-test-jwt-secret-0123456789abcdef';
const GATEWAY_SECRET = 'replicas-test-gateway-secret';
const QUERY = `query($email: String) { findCustomers(email: $email) {
  id emails crm { lifecycleStage }
  orders(first: 3) { totalCount } tickets(first: 3) { totalCount } posTransactions(first: 3) { totalCount }
  sourceRecords { system recordId }
} }`;
type Row = { id: string; emails: string[]; sourceRecords: { system: string; recordId: string }[] };

describe.skipIf(!service.available)(`two gateway processes sharing one Redis (${service.reason})`, () => {
  const prefix = `c360:test:${randomUUID()}:`;
  let sandboxes: Map<System, RunningSandbox>;
  const gateways: { url: string; service: Service }[] = [];
  let invalidator: CacheLayer;
  let redis: Redis;
  let token: string;

  const stats = async () => Object.fromEntries(await Promise.all(SYSTEMS.map(async (s) =>
    [s, ((await (await fetch(`${sandboxes.get(s)?.url}/__sandbox/stats`)).json()) as { total: number }).total] as const))) as Record<System, number>;
  const delta = (before: Record<System, number>, after: Record<System, number>) =>
    Object.fromEntries(SYSTEMS.map((s) => [s, after[s] - before[s]])) as Record<System, number>;
  const query = async (url: string, email: string) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: QUERY, variables: { email } }) });
    return (await res.json()) as GqlResponse<{ findCustomers: Row[] }>;
  };

  beforeAll(async () => {
    sandboxes = await startSandboxes({ seed: 42, people: 300, latencyMs: 0 });
    const env = (): Record<string, string> => ({
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? tmpdir(),
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'c360-replica-')),
      LOG_LEVEL: 'silent',
      AUTH_JWT_SECRET: SECRET,
      GATEWAY_SECRET,
      REDIS_URL: service.url,
      CACHE_REDIS_PREFIX: prefix,
      CACHE_TTL_SECONDS: '120',
      ...FAST_PRIVACY,
      ...sandboxSettings(sandboxes),
    });
    const startGateway = async () => {
      const service = await startService('gateway', 'src/main.ts', { env: env(), pattern: /^GraphQL: (http:\/\/\S+)$/, count: 1 });
      return { url: service.announced[0]?.[1] as string, service };
    };
    gateways.push(...(await Promise.all([startGateway(), startGateway()])));
    // A third replica, in this process: the RecordInvalidator a webhook on any replica calls.
    invalidator = createCacheLayer({ ...loadSettings({ REDIS_URL: service.url, CACHE_REDIS_PREFIX: prefix, CACHE_TTL_SECONDS: '120' }).cache, ...cacheKeysFor(GATEWAY_SECRET) });
    expect(await invalidator.ready()).toBe(true);
    redis = new Redis(service.url);
    token = await issueToken(SECRET, { sub: 'replicas-admin', roles: ['admin'] });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.service.stop()));
    await invalidator?.close();
    if (redis) {
      const left = await redis.keys(`${prefix}*`);
      if (left.length) await redis.del(...left);
      await redis.quit();
    }
    await Promise.all([...(sandboxes?.values() ?? [])].map((s) => s.close()));
  });

  it('serves B what A read, then B asks the CRM again, and only the CRM, once the record is invalidated', async () => {
    const [a, b] = [gateways[0], gateways[1]] as [{ url: string }, { url: string }];
    const person = personEverywhere(testWorld(), 0);

    const viaA = await query(a.url, person.email);
    expect(viaA.errors).toBeUndefined();
    const crmId = viaA.data?.findCustomers[0]?.sourceRecords.find((r) => r.system === 'hubspot')?.recordId as string;
    expect(crmId).toEqual(expect.any(String));
    // A writes to Redis off the request path: wait until its CRM record is there.
    // Redis holds it under a keyed hash: ask through a replica that has the same keys (it answers from Redis).
    await until(async () => (await invalidator.records.entries('CRM', 'r', [crmId])).size === 1, 'A’s CRM record in Redis: does src/app.ts wire createCacheLayer from src/cache?');

    const start = await stats();
    const viaB = await query(b.url, person.email);
    expect(viaB.data).toEqual(viaA.data);
    expect(viaB.extensions?.sources?.map((s) => s.cached), 'B answers from the cache A filled (wire createCacheLayer into src/app.ts)')
      .toEqual(viaB.extensions?.sources?.map(() => true));
    expect(delta(start, await stats())).toEqual({ hubspot: 0, shopify: 0, zendesk: 0, square: 0 });

    await invalidator.invalidator.invalidate('CRM', [crmId]);
    // B drops its copy when the message arrives: ask B until it goes to the CRM again (bounded, no fixed sleep).
    const before = await stats();
    let again: GqlResponse<{ findCustomers: Row[] }> | undefined;
    await until(async () => {
      again = await query(b.url, person.email);
      return (await stats()).hubspot > before.hubspot;
    }, 'B to ask the CRM again after the invalidation', 10_000);
    expect(again?.data).toEqual(viaA.data);
    expect(again?.extensions?.sources?.find((s) => s.source === 'CRM')?.cached).toBe(false);
    const spent = delta(before, await stats());
    expect(spent.hubspot).toBeGreaterThan(0);
    expect({ shopify: spent.shopify, zendesk: spent.zendesk, square: spent.square }).toEqual({ shopify: 0, zendesk: 0, square: 0 });
  });

  it('forgets an erased person on every replica: B stops serving what it cached once A has erased them', async () => {
    const [a, b] = [gateways[0], gateways[1]] as [{ url: string }, { url: string }];
    const person = personEverywhere(testWorld(), 1);
    const cached = await query(b.url, person.email);
    expect(cached.data?.findCustomers).toHaveLength(1);
    expect((await query(b.url, person.email)).extensions?.sources?.every((s) => s.cached)).toBe(true);

    const privacy = await issueToken(SECRET, { sub: 'replicas-officer', roles: ['privacy'] });
    type Job = { id: string; status: string };
    const gql = async (query: string, variables: object) =>
      (await (await fetch(a.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${privacy}` }, body: JSON.stringify({ query, variables }) })).json()) as GqlResponse<Record<string, Job>>;
    const job = await gql('mutation($s: DataSubjectInput!) { requestErasure(subject: $s) { id status } }', { s: { email: person.email } });
    const id = job.data?.requestErasure?.id as string;
    await until(async () => (await gql('query($id: ID!) { erasureRequest(id: $id) { id status } }', { id })).data?.erasureRequest?.status === 'COMPLETED', 'the erasure to complete on A', 30_000);
    // B cached the search for two minutes; the erasure's purge reached it through Redis.
    const after = await query(b.url, person.email);
    expect(after.data?.findCustomers).toEqual([]);
  }, 60_000);
});
