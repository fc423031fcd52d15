import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  SourceBadResponse,
  SourceRateLimited,
  SourceTimeout,
  SourceUnavailable,
  type CallOptions,
} from '../../../src/model/index.js';
import { createSquareConnector, squareConfigFromEnv } from '../../../connectors/square/index.js';
import { useSquareSilo } from './support.js';

const silo = useSquareSilo(40);
let pos: ReturnType<typeof createSquareConnector>;
const budget = (ms: number): CallOptions => ({ deadline: Date.now() + ms });
const someIds = () => silo.world.square.customers.slice(0, 4).map((c) => c.id);

/** Every connector method, so each fault is proven on reads carried in GETs and in POSTs alike. */
const calls: Array<[string, (opts: CallOptions) => Promise<unknown>]> = [
  ['getContacts (POST bulk-retrieve)', (opts) => pos.getContacts(someIds(), opts)],
  ['findContacts (POST search)', (opts) => pos.findContacts([{ kind: 'email', value: 'someone@example.com' }], opts)],
  ['listContacts (GET customers)', (opts) => pos.listContacts({ first: 5 }, opts)],
  ['transactionsFor (GET locations + POST orders/search)', (opts) => pos.transactionsFor(someIds(), { first: 5 }, opts)],
  ['getTransaction (GET order)', (opts) => pos.getTransaction(silo.world.square.orders[0]?.id ?? 'X', opts)],
];

beforeAll(() => {
  pos = createSquareConnector(squareConfigFromEnv({}, { sandboxUrl: silo.sandbox.url }));
});
afterEach(() => silo.setFaults({}));

describe('Square connector under sandbox faults', () => {
  it.each(calls)('%s: server errors on every attempt end in SourceUnavailable after 3 attempts', async (_name, call) => {
    await silo.setFaults({ errorRate: 1 });
    await silo.resetStats();
    await expect(call(budget(3000))).rejects.toBeInstanceOf(SourceUnavailable);
    expect((await silo.stats()).total).toBe(3);
  });

  it.each(calls)('%s: permanent rate limiting ends in SourceRateLimited within the deadline', async (_name, call) => {
    await silo.setFaults({ rateLimitRate: 1 });
    await expect(call(budget(1500))).rejects.toBeInstanceOf(SourceRateLimited);
  });

  it.each(calls)('%s: truncated JSON and HTML pages end in SourceBadResponse', async (_name, call) => {
    await silo.setFaults({ malformedRate: 1 });
    await expect(call(budget(2000))).rejects.toBeInstanceOf(SourceBadResponse);
    await expect(call(budget(2000))).rejects.toBeInstanceOf(SourceBadResponse);
  });

  it.each(calls)('%s: dropped connections (outage) end in SourceUnavailable', async (_name, call) => {
    await silo.setFaults({ outage: true });
    await expect(call(budget(2000))).rejects.toBeInstanceOf(SourceUnavailable);
  });

  it.each(calls)('%s: answers slower than the deadline end in SourceTimeout', async (_name, call) => {
    await silo.setFaults({ latencyMs: 1000 });
    await expect(call(budget(150))).rejects.toBeInstanceOf(SourceTimeout);
  });

  it('still answers under jittered latency that fits the deadline', async () => {
    await silo.setFaults({ latencyMs: 20, jitterMs: 30 });
    expect((await pos.getContacts(someIds(), budget(3000))).size).toBe(4);
  });

  it('recovers on the next call once the faults are reset with PUT {}', async () => {
    await silo.setFaults({ outage: true });
    await expect(pos.getContacts(someIds(), budget(1000))).rejects.toBeInstanceOf(SourceUnavailable);
    await silo.setFaults({});
    expect((await pos.getContacts(someIds(), budget(2000))).size).toBe(4);
    expect((await pos.transactionsFor(someIds(), { first: 1 }, budget(2000))).size).toBe(4);
  });
});
