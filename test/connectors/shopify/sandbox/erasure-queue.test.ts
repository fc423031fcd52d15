import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateWorld } from '../../../../connectors/sandbox-kit/index.js';
import { createErasureQueue } from '../../../../connectors/shopify/sandbox/erasure-queue.js';
import { createShopifyStore } from '../../../../connectors/shopify/sandbox/store.js';

const world = generateWorld({ seed: 7, people: 40 });
const [first, second] = world.shopify.customers;
if (!first || !second) throw new Error('the test world lacks the customers these tests need');

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('Shopify sandbox erasure queue', () => {
  it('erases a customer only when its delay is over, with one timer however often it is asked', () => {
    vi.useFakeTimers();
    const store = createShopifyStore(world);
    store.emailConsent.set(first.id, { marketingState: 'SUBSCRIBED', marketingOptInLevel: 'SINGLE_OPT_IN', consentUpdatedAt: null });
    const queue = createErasureQueue(store, 1000);
    queue.request(first.id);
    queue.request(first.id);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(999);
    expect(store.customers.has(first.id)).toBe(true);
    expect(queue.isPending(first.id)).toBe(true);
    vi.advanceTimersByTime(1);
    expect(store.customers.has(first.id)).toBe(false);
    expect(store.emailConsent.has(first.id)).toBe(false);
    expect(queue.isPending(first.id)).toBe(false);
    expect(store.customers.has(second.id)).toBe(true);
  });

  it('ignores customers the store does not hold, and stops every pending erasure on close', () => {
    vi.useFakeTimers();
    const store = createShopifyStore(world);
    const queue = createErasureQueue(store, 1000);
    queue.request('gid://shopify/Customer/1');
    queue.request(first.id);
    queue.request(second.id);
    expect(vi.getTimerCount()).toBe(2);
    queue.close();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(5000);
    expect([store.customers.has(first.id), store.customers.has(second.id)]).toEqual([true, true]);
    expect(queue.isPending(first.id)).toBe(false);
  });

  it('uses timers that do not keep the process alive', () => {
    const spy = vi.spyOn(globalThis, 'setTimeout');
    const queue = createErasureQueue(createShopifyStore(world), 60_000);
    queue.request(first.id);
    const timer = spy.mock.results[0]?.value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    queue.close();
  });
});
