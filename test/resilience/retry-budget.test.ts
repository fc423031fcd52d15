import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHttpClient } from '../../connectors/shared/index.js';
import { createRetryBudget } from '../../src/resilience/index.js';
import { SourceUnavailable } from '../../src/model/index.js';

describe('retry budget', () => {
  it('allows retries up to ratio × recent first attempts plus the per-second floor, then refuses', () => {
    let now = 1_000_000;
    const budget = createRetryBudget({ ratio: 0.2, minPerSecond: 0.5, windowSeconds: 10, now: () => now });
    for (let i = 0; i < 100; i++) budget.onRequest();
    // 0.2 × 100 + 0.5 × 10 = 25 retries in the window.
    let granted = 0;
    for (let i = 0; i < 100; i++) if (budget.tryAcquire()) granted += 1;
    expect(granted).toBe(25);
    expect(budget.counts()).toEqual({ requests: 100, retries: 25, refused: 75 });
    now += 5_000;
    expect(budget.tryAcquire()).toBe(false);
    for (let i = 0; i < 10; i++) budget.onRequest();
    expect(budget.tryAcquire()).toBe(true);
  });

  it('forgets what fell out of the window', () => {
    let now = 0;
    const budget = createRetryBudget({ ratio: 0.2, minPerSecond: 0, windowSeconds: 10, now: () => now });
    for (let i = 0; i < 50; i++) budget.onRequest();
    for (let i = 0; i < 10; i++) expect(budget.tryAcquire()).toBe(true);
    expect(budget.tryAcquire()).toBe(false);
    now += 10_000;
    expect(budget.counts()).toMatchObject({ requests: 0, retries: 0 });
    expect(budget.tryAcquire()).toBe(false);
    for (let i = 0; i < 5; i++) budget.onRequest();
    expect(budget.tryAcquire()).toBe(true);
  });
});

describe('retry budget in the shared HTTP client', () => {
  let server: Server;
  let baseURL: string;
  let hits = 0;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      hits += 1;
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"down"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function hitsFor(calls: number, budget?: ReturnType<typeof createRetryBudget>) {
    const client = createHttpClient({ source: 'POS', baseURL, headers: {}, maxAttempts: 3, ...(budget ? { retryBudget: budget } : {}) });
    hits = 0;
    for (let i = 0; i < calls; i++) {
      await expect(client.request({ method: 'GET', path: '/v2/customers', schema: z.unknown() })).rejects.toBeInstanceOf(SourceUnavailable);
    }
    return hits;
  }

  it('retries every failed read up to maxAttempts without a budget', async () => {
    expect(await hitsFor(10)).toBe(30);
  });

  it('caps the load on a failing silo at first attempts plus the budget', async () => {
    // On a clock that stands still, all ten calls fall in the budget's window however slow the machine.
    const budget = createRetryBudget({ ratio: 0.2, minPerSecond: 0, now: () => 0 });
    // 10 first attempts earn 2 retries in all.
    expect(await hitsFor(10, budget)).toBe(12);
    expect(budget.counts()).toMatchObject({ requests: 10, retries: 2 });
  });
});
