import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSealer } from '../../src/config/index.js';
import { requireRedis } from '../support/services.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { personEverywhere, testWorld } from '../support/world.js';
import { cacheKeysFor, until } from './support.js';

const service = await requireRedis();
// The GATEWAY_SECRET startTestStack gives its gateway (test/support/stack.ts).
const STACK_GATEWAY_SECRET = 'test-gateway-secret';
const CUSTOMER = `{ id displayName emails phones sourceRecords { system recordId }
  orders(first: 5) { edges { node { id name } } } tickets(first: 5) { edges { node { id subject } } } }`;
type Row = { displayName: string | null; emails: string[]; phones: string[]; sourceRecords: { recordId: string }[];
  orders: { edges: { node: { id: string; name: string | null } }[] }; tickets: { edges: { node: { id: string; subject: string | null } }[] } };

describe.skipIf(!service.available)(`Redis at rest, after reads through a gateway with REDIS_URL (${service.reason})`, () => {
  // A prefix of its own: everything this gateway writes to Redis, and nothing of any other suite.
  const prefix = `c360:test:${randomUUID()}:`;
  let gateway: TestStack;
  let redis: Redis;

  /** Every key under the prefix, with what it holds (strings read whole, hashes field by field). */
  async function dump(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      for (const key of keys) {
        const type = await redis.type(key);
        if (type === 'string') out.set(key, (await redis.get(key)) ?? '');
        else if (type === 'hash') out.set(key, JSON.stringify(await redis.hgetall(key)));
        else if (type !== 'none') out.set(key, `<${type}>`);
      }
    } while (cursor !== '0');
    return out;
  }

  beforeAll(async () => {
    redis = new Redis(service.url);
    gateway = await startTestStack({ REDIS_URL: service.url, CACHE_REDIS_PREFIX: prefix, CACHE_TTL_SECONDS: '120' });
  }, 60_000);
  afterAll(async () => {
    await gateway?.close();
    const left = [...(await dump()).keys()];
    if (left.length) await redis.del(...left);
    await redis.quit();
  });

  it('holds no email, phone, name or record id of the customers read, in any key or value, yet holds their records sealed', async () => {
    const world = testWorld();
    const people = [0, 1, 2].map((i) => personEverywhere(world, i));
    const rows: Row[] = [];
    for (const [i, person] of people.entries()) {
      // By email, phone and name: look-up keys of every kind reach the cache.
      const args = [{ email: person.email }, { phone: person.phone }, { name: `${person.firstName} ${person.lastName}` }][i];
      const found = await gateway.query<{ findCustomers: Row[] }>(`query($email: String, $phone: String, $name: String) {
        findCustomers(email: $email, phone: $phone, name: $name) ${CUSTOMER} }`, args);
      expect(found.errors).toBeUndefined();
      expect(found.data?.findCustomers.length).toBeGreaterThan(0);
      rows.push(...(found.data?.findCustomers ?? []));
    }
    const secrets = new Set<string>();
    for (const person of people) {
      for (const value of [person.email, person.phone, person.phone?.slice(2), person.firstName, person.lastName]) if (value) secrets.add(value);
    }
    for (const row of rows) {
      for (const value of [...row.emails, ...row.phones, row.displayName, ...row.sourceRecords.map((r) => r.recordId),
        ...row.orders.edges.flatMap((e) => [e.node.id, e.node.name]), ...row.tickets.edges.flatMap((e) => [e.node.id, e.node.subject])]) {
        if (value) secrets.add(value);
      }
    }
    expect(rows.flatMap((r) => r.sourceRecords).length).toBeGreaterThanOrEqual(4);

    // The gateway writes to Redis off the request path: wait until every person's email is there, sealed.
    const sealer = createSealer(cacheKeysFor(STACK_GATEWAY_SECRET).sealKey);
    let held = new Map<string, string>();
    await until(async () => {
      held = await dump();
      const opened = [...held.values()].map((v) => sealer.openText(v) ?? '').join('\n');
      return people.every((p) => opened.includes(p.email));
    }, 'the customers’ records in Redis, sealed under the key derived from GATEWAY_SECRET');

    expect(held.size).toBeGreaterThan(0);
    for (const [key, value] of held) {
      // Plain, and decoded: a value base64-encoded but not encrypted would show its contents here.
      const shown = [key, value, Buffer.from(value, 'base64url').toString('latin1')];
      for (const secret of secrets) {
        // Short ids (HubSpot's are 3 digits) occur by chance in random bytes: look for them as JSON strings, as plain text holds them.
        const needle = secret.length >= 6 ? secret : JSON.stringify(secret);
        for (const text of shown) expect(text.includes(needle), `${key} shows ${needle}`).toBe(false);
      }
      // Keys are made of kinds and keyed hashes: no segment of one is a value read (as `CRM|r|761` was).
      for (const segment of key.slice(prefix.length).split(/[|:]/)) expect(secrets.has(segment), `${key} names ${segment}`).toBe(false);
    }
  }, 60_000);
});
