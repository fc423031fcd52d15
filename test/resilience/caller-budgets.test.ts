import { describe, expect, it } from 'vitest';
import { createCallerBudgets } from '../../src/resilience/index.js';

describe('per-caller budgets', () => {
  it('takes a request’s units from every kind or from none: a look-up that fits is not spent when the privacy budget refuses', async () => {
    const clock = { now: 0 };
    const budgets = createCallerBudgets({ reads: 0, lookups: 2, privacy: 1 }, { now: () => clock.now });
    expect(await budgets.spend('officer', { lookups: 1, privacy: 2 })).toEqual({ granted: false, kind: 'privacy', retryAfterMs: 60_000 });
    expect(await budgets.spend('officer', { lookups: 2 })).toEqual({ granted: true });
    expect(await budgets.spend('officer', { lookups: 1 })).toEqual({ granted: false, kind: 'lookups', retryAfterMs: 30_000 });
    // reads 0: off, never refused.
    expect(await budgets.spend('officer', { reads: 10_000 })).toEqual({ granted: true });
    clock.now += 30_000;
    expect(await budgets.spend('officer', { lookups: 1 })).toEqual({ granted: true });
    await budgets.close();
  });

  it('meters in this process when Redis cannot be reached, rather than refusing or waiting', async () => {
    const budgets = createCallerBudgets({ reads: 1, lookups: 1, privacy: 1 }, { redis: { url: 'redis://127.0.0.1:1', prefix: 'c360:down:', keySecret: Buffer.from('k') }, onError: () => {} });
    expect(await budgets.ready()).toBe(false);
    expect(await budgets.spend('agent', { reads: 1 })).toEqual({ granted: true });
    expect(await budgets.spend('agent', { reads: 1 })).toMatchObject({ granted: false, kind: 'reads' });
    await budgets.close();
  });
});
