import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHttpClient } from '../../connectors/shared/index.js';
import {
  createLocalBucketStore,
  createSiloBudgets,
  createRequestBudget,
  rateRules,
  takeToken,
  type BucketRule,
  type SiloRateRule,
} from '../../src/resilience/index.js';
import { SourceRateLimited, type BudgetRequest } from '../../src/model/index.js';
import { loadSettings } from '../../src/settings.js';

/** A clock that only moves when the budget sleeps, so every wait is exact and instant. */
function fakeClock(start = 1_000_000) {
  const clock = { now: start, slept: [] as number[] };
  return {
    clock,
    now: () => clock.now,
    sleep: async (ms: number) => {
      clock.slept.push(ms);
      clock.now += ms;
    },
  };
}

const RULE: BucketRule = { capacity: 4, refillPerSecond: 10, bulkReserve: 2 };
const single: SiloRateRule = { buckets: { requests: RULE }, bucketFor: () => 'requests' };
const ask = (priority: BudgetRequest['priority'], deadline: number): BudgetRequest => ({ method: 'GET', path: '/v2/customers', priority, deadline });

describe('request budget (token bucket)', () => {
  it('with a nearly empty bucket, lets an interactive call go at once and makes a bulk call wait for the reserve', async () => {
    const t = fakeClock();
    const budget = createRequestBudget('POS', single, createLocalBucketStore(t.now), t);
    // Spend the bucket down to its reserve (2 of 4 tokens).
    await budget.acquire(ask('interactive', t.now() + 1000));
    await budget.acquire(ask('interactive', t.now() + 1000));
    expect(t.clock.slept).toEqual([]);

    await budget.acquire(ask('interactive', t.now() + 1000));
    expect(t.clock.slept).toEqual([]);

    // One token left, reserve 2: bulk waits until two tokens are back (2 × 100 ms at 10/s).
    await budget.acquire(ask('bulk', t.now() + 1000));
    expect(t.clock.slept.reduce((a, b) => a + b, 0)).toBe(200);
  });

  it('lets interactive calls reserve tokens ahead, in order, while bulk calls wait behind them', async () => {
    const t = fakeClock();
    const store = createLocalBucketStore(t.now);
    const budget = createRequestBudget('POS', single, store, t);
    for (let i = 0; i < 4; i++) await budget.acquire(ask('interactive', t.now() + 1000));
    // Empty bucket: the next interactive call reserves the token 100 ms away.
    await budget.acquire(ask('interactive', t.now() + 1000));
    expect(t.clock.slept).toEqual([100]);
    // A bulk call must see the bucket back above its reserve: 3 tokens, 300 ms.
    t.clock.slept.length = 0;
    await budget.acquire(ask('bulk', t.now() + 1000));
    expect(t.clock.slept.reduce((a, b) => a + b, 0)).toBe(300);
  });

  it('fails with SourceRateLimited when no token comes before the deadline, without waiting for nothing', async () => {
    const t = fakeClock();
    const budget = createRequestBudget('CRM', single, createLocalBucketStore(t.now), t);
    for (let i = 0; i < 4; i++) await budget.acquire(ask('interactive', t.now() + 1000));
    const interactive = await budget.acquire(ask('interactive', t.now() + 50)).catch((e: unknown) => e);
    expect(interactive).toBeInstanceOf(SourceRateLimited);
    expect(interactive).toMatchObject({ source: 'CRM', code: 'SOURCE_RATE_LIMITED' });
    expect(t.clock.slept).toEqual([]);

    const bulk = await budget.acquire(ask('bulk', t.now() + 250)).catch((e: unknown) => e);
    expect(bulk).toBeInstanceOf(SourceRateLimited);
    expect(t.clock.slept).toEqual([]);
  });

  it('never waits longer than maxWaitMs for a token, however far the deadline', async () => {
    const t = fakeClock();
    // Concurrent callers: time stands still while they wait.
    const slept: number[] = [];
    const budget = createRequestBudget('SUPPORT', single, createLocalBucketStore(t.now), { now: t.now, sleep: async (ms) => void slept.push(ms), maxWaitMs: 150 });
    for (let i = 0; i < 4; i++) await budget.acquire(ask('interactive', t.now() + 10_000));
    // The next tokens are 100 ms and 200 ms away: the first fits the cap, the second does not.
    await budget.acquire(ask('interactive', t.now() + 10_000));
    expect(slept).toEqual([100]);
    await expect(budget.acquire(ask('interactive', t.now() + 10_000))).rejects.toBeInstanceOf(SourceRateLimited);
    await expect(budget.acquire(ask('bulk', t.now() + 10_000))).rejects.toBeInstanceOf(SourceRateLimited);
    expect(slept).toEqual([100]);
  });

  it('draws HubSpot search from its own per-second bucket and leaves association batch reads unmetered', async () => {
    const crm = rateRules(loadSettings({}).resilience).CRM as SiloRateRule;
    expect(crm.bucketFor({ method: 'POST', path: '/crm/v3/objects/contacts/search' })).toBe('search');
    expect(crm.bucketFor({ method: 'POST', path: '/crm/v3/objects/contacts/batch/read' })).toBe('general');
    expect(crm.bucketFor({ method: 'GET', path: '/crm/v3/objects/contacts/51' })).toBe('general');
    expect(crm.bucketFor({ method: 'POST', path: '/crm/v4/associations/contacts/companies/batch/read' })).toBeNull();

    const t = fakeClock();
    const budget = createRequestBudget('CRM', crm, createLocalBucketStore(t.now), t);
    const search = { method: 'POST', path: '/crm/v3/objects/contacts/search', priority: 'interactive' as const };
    for (let i = 0; i < 20; i++) await budget.acquire({ ...search, deadline: t.now() + 10_000 });
    // 4/s documented: 1 at once, then 3 per second.
    expect(t.now() - 1_000_000).toBeGreaterThanOrEqual(6000);
    const before = t.now();
    for (let i = 0; i < 10; i++) await budget.acquire({ method: 'GET', path: '/crm/v3/objects/contacts', priority: 'interactive', deadline: t.now() + 10_000 });
    expect(t.now()).toBe(before);
  });

  /** The most tokens a greedy caller (asking every millisecond, never reserving ahead) gets in any `windowMs`. */
  function worstWindow(rule: BucketRule, windowMs: number): number {
    let state: Parameters<typeof takeToken>[0];
    const granted: number[] = [];
    for (let now = 0; now < 3 * windowMs; now += 1) {
      const taken = takeToken(state, { rule, bulk: false, maxWaitMs: 0 }, now);
      state = taken.state;
      if (taken.result.granted) granted.push(now);
    }
    let worst = 0;
    for (let i = 0, j = 0; i < granted.length; i++) {
      while ((granted[i] as number) - (granted[j] as number) >= windowMs) j++;
      worst = Math.max(worst, i - j + 1);
    }
    return worst;
  }

  it.each([
    ['CRM', 'general', 100, 10_000],
    ['CRM', 'search', 4, 1_000],
    ['SUPPORT', 'requests', 400, 60_000],
  ] as const)('keeps %s %s under its documented %d per %d ms in any window, using most of it', (source, bucket, limit, windowMs) => {
    const rule = rateRules(loadSettings({}).resilience)[source]?.buckets[bucket] as BucketRule;
    const worst = worstWindow(rule, windowMs);
    expect(worst).toBeLessThanOrEqual(limit);
    expect(worst).toBeGreaterThanOrEqual(Math.floor(limit * 0.85));
  });

  it('keeps Shopify inside its cost bucket: points spent in any window stay within bucket + restore × window', () => {
    const settings = loadSettings({}).resilience;
    const rule = rateRules(settings).ECOMMERCE?.buckets.requests as BucketRule;
    for (const windowMs of [1_000, 10_000]) {
      const points = worstWindow(rule, windowMs) * settings.SHOPIFY_POINTS_PER_REQUEST;
      expect(points).toBeLessThanOrEqual(settings.SHOPIFY_BUCKET_POINTS + (settings.SHOPIFY_RESTORE_POINTS_PER_SECOND * windowMs) / 1000);
    }
  });

  it('leaves embedded sandboxes unmetered (they enforce nothing unless asked) unless RATE_BUDGET_SANDBOXES is set', async () => {
    const sandboxed = ['hubspot', 'square'] as const;
    const off = createSiloBudgets(loadSettings({}).resilience, { sandboxed });
    expect(off.hooks('CRM').requestBudget).toBeUndefined();
    expect(off.hooks('POS').requestBudget).toBeUndefined();
    expect(off.hooks('SUPPORT').requestBudget).toBeDefined();
    expect(off.hooks('CRM').retryBudget).toBeDefined();
    const on = createSiloBudgets(loadSettings({ RATE_BUDGET_SANDBOXES: 'true' }).resilience, { sandboxed });
    expect(on.hooks('CRM').requestBudget).toBeDefined();
    await Promise.all([off.close(), on.close()]);
  });

  it('takes the plan limits from the settings, and 0 turns a silo budget off', () => {
    const rules = rateRules(loadSettings({ ZENDESK_RATE_LIMIT_PER_MINUTE: '700', SQUARE_RATE_LIMIT_PER_SECOND: '0' }).resilience);
    expect(worstWindow(rules.SUPPORT?.buckets.requests as BucketRule, 60_000)).toBeGreaterThan(600);
    expect(rules.POS).toBeUndefined();
  });
});

describe('request budget in the shared HTTP client', () => {
  let server: Server;
  let baseURL: string;
  let status = 200;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('asks before every attempt, retries included, with the caller priority and deadline', async () => {
    const asked: BudgetRequest[] = [];
    const client = createHttpClient({ source: 'SUPPORT', baseURL, headers: {}, maxAttempts: 3, requestBudget: { acquire: async (r) => void asked.push(r) } });
    const deadline = Date.now() + 5000;
    await client.request({ method: 'GET', path: '/api/v2/users', schema: z.unknown() }, { deadline, priority: 'bulk' });
    expect(asked).toEqual([{ method: 'GET', path: '/api/v2/users', priority: 'bulk', deadline }]);
    status = 503;
    asked.length = 0;
    await expect(client.request({ method: 'GET', path: '/api/v2/users', schema: z.unknown() }, { deadline })).rejects.toMatchObject({ code: 'SOURCE_UNAVAILABLE' });
    expect(asked.map((r) => r.priority)).toEqual(['interactive', 'interactive', 'interactive']);
    status = 200;
  });

  it('fails a first attempt the budget refuses with SourceRateLimited, and a refused retry with the silo error', async () => {
    const refuse = { acquire: async () => Promise.reject(new SourceRateLimited('SUPPORT', 'request budget spent')) };
    const client = createHttpClient({ source: 'SUPPORT', baseURL, headers: {}, requestBudget: refuse });
    await expect(client.request({ method: 'GET', path: '/api/v2/users', schema: z.unknown() })).rejects.toBeInstanceOf(SourceRateLimited);

    let asked = 0;
    const once = { acquire: async () => (++asked > 1 ? Promise.reject(new SourceRateLimited('SUPPORT', 'request budget spent')) : undefined) };
    status = 503;
    const flaky = createHttpClient({ source: 'SUPPORT', baseURL, headers: {}, requestBudget: once });
    await expect(flaky.request({ method: 'GET', path: '/api/v2/users', schema: z.unknown() })).rejects.toMatchObject({ code: 'SOURCE_UNAVAILABLE', status: 503 });
    status = 200;
  });
});

describe('request budget (the quota the vendor announces)', () => {
  const roomy: SiloRateRule = { buckets: { requests: { capacity: 1000, refillPerSecond: 1000, bulkReserve: 0 } }, bucketFor: () => 'requests' };
  const announced = (remaining: number, resetMs: number) => ({ limit: 100, remaining, refill: { kind: 'window' as const, resetMs, windowMs: 10_000 }, cost: 1 });

  it('waits for the window to end once only the kept-back share is left, though its own bucket is full', async () => {
    const t = fakeClock();
    const budget = createRequestBudget('CRM', roomy, createLocalBucketStore(t.now), { ...t, headroom: 0.9 });
    budget.observe?.({ method: 'GET', path: '/crm/v3/objects/contacts/1' }, announced(15, 4000));
    // 85 used of 100, 90 usable: five more go at once, the sixth waits for the window's end.
    for (let i = 0; i < 5; i += 1) await budget.acquire(ask('interactive', t.now() + 60_000));
    expect(t.clock.slept).toEqual([]);
    await budget.acquire(ask('interactive', t.now() + 60_000));
    expect(t.clock.slept).toEqual([4000]);
  });

  it('fails fast with SourceRateLimited, the wait named, when the window ends past the longest wait, and gives its place back', async () => {
    const t = fakeClock();
    const budget = createRequestBudget('CRM', roomy, createLocalBucketStore(t.now), { ...t, headroom: 0.9, maxWaitMs: 500 });
    budget.observe?.({ method: 'GET', path: '/crm/v3/objects/contacts/1' }, announced(0, 3000));
    const error = await budget.acquire(ask('interactive', t.now() + 60_000)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceRateLimited);
    expect((error as SourceRateLimited).retryAfterMs).toBe(3000);
    t.clock.now += 3000;
    await budget.acquire(ask('interactive', t.now() + 60_000));
    expect(t.clock.slept).toEqual([]);
  });

  it('paces a leaky bucket (Shopify\'s points) until the call\'s cost fits above the kept-back share', async () => {
    const t = fakeClock();
    const budget = createRequestBudget('ECOMMERCE', roomy, createLocalBucketStore(t.now), { ...t, headroom: 0.9 });
    budget.observe?.({ method: 'POST', path: '/admin/api/graphql.json' }, { limit: 1000, remaining: 120, refill: { kind: 'rate', perSecond: 50 }, cost: 40 });
    // 120 held, 100 kept back, 40 a call: (140 − 120) / 50 points a second = 400 ms.
    await budget.acquire(ask('interactive', t.now() + 60_000));
    expect(t.clock.slept).toEqual([400]);
  });
});
