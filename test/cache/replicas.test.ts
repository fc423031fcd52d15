import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEMS, sandboxSettings, startSandboxes } from '../../connectors/index.js';
import type { RunningSandbox } from '../../connectors/sandbox-kit/index.js';
import { issueToken } from '../../src/auth/index.js';
import { cacheSettingsFromEnv, createCacheLayer, type CacheLayer } from '../../src/cache/index.js';
import type { System } from '../../src/model/index.js';
import { requireRedis } from '../support/services.js';
import type { GqlResponse } from '../support/stack.js';
import { personEverywhere, testWorld } from '../support/world.js';
import { until } from './support.js';

const service = await requireRedis();
const SECRET = 'replicas-test-jwt-secret-0123456789abcdef';
const QUERY = `query($email: String) { findCustomers(email: $email) {
  id emails crm { lifecycleStage }
  orders(first: 3) { totalCount } tickets(first: 3) { totalCount } posTransactions(first: 3) { totalCount }
  sourceRecords { system recordId }
} }`;
type Row = { id: string; emails: string[]; sourceRecords: { system: string; recordId: string }[] };

/** Starts `npx tsx src/main.ts` and resolves with its GraphQL URL once it prints it. */
function startGateway(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  // Its own process group, so the gateway under npx and tsx stops with it.
  const child = spawn('npx', ['tsx', 'src/main.ts'], { cwd: process.cwd(), env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start within 60 s: ${err.slice(-500)}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /^GraphQL: (\S+)$/m.exec(out)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ url, child });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => void (err += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${code}: ${err.slice(-500)}`));
    });
  });
}

function stopGateway(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    process.kill(-child.pid!, 'SIGTERM');
  });
}

describe.skipIf(!service.available)(`two gateway processes sharing one Redis (${service.reason})`, () => {
  const prefix = `c360:test:${randomUUID()}:`;
  let sandboxes: Map<System, RunningSandbox>;
  const gateways: { url: string; child: ChildProcess }[] = [];
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
      GATEWAY_SECRET: 'replicas-test-gateway-secret',
      REDIS_URL: service.url,
      CACHE_REDIS_PREFIX: prefix,
      CACHE_TTL_SECONDS: '120',
      ...sandboxSettings(new Map([...sandboxes].map(([system, sandbox]) => [system, sandbox.url]))),
    });
    gateways.push(...(await Promise.all([startGateway(env()), startGateway(env())])));
    // A third replica, in this process: the RecordInvalidator a webhook on any replica calls.
    invalidator = createCacheLayer(cacheSettingsFromEnv({ REDIS_URL: service.url, CACHE_REDIS_PREFIX: prefix, CACHE_TTL_SECONDS: '120' }));
    expect(await invalidator.ready()).toBe(true);
    redis = new Redis(service.url);
    token = await issueToken(SECRET, { sub: 'replicas-admin', roles: ['admin'] });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(gateways.map((g) => stopGateway(g.child)));
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
    await until(async () => (await redis.exists(`${prefix}CRM|r|${crmId}`)) === 1, 'A’s CRM record in Redis: does src/app.ts wire createCacheLayer from src/cache?');

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
});
