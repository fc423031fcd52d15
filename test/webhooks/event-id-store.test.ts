import { describe, expect, it } from 'vitest';
import { createMemoryEventIdStore } from '../../src/webhooks/index.js';

describe('createMemoryEventIdStore', () => {
  it('says true the first time an id is seen per vendor, false afterwards, and true again after release', async () => {
    const store = createMemoryEventIdStore();
    expect(await store.firstTime('hubspot', '1')).toBe(true);
    expect(await store.firstTime('hubspot', '1')).toBe(false);
    expect(await store.firstTime('square', '1')).toBe(true);
    await store.release?.('hubspot', '1');
    expect(await store.firstTime('hubspot', '1')).toBe(true);
  });

  it('forgets ids after its time to live, and stays within its bound', async () => {
    let now = 1_000;
    const store = createMemoryEventIdStore({ ttlMs: 60_000, max: 2, now: () => now });
    expect(await store.firstTime('zendesk', 'a')).toBe(true);
    now += 60_001;
    expect(await store.firstTime('zendesk', 'a')).toBe(true);
    await store.firstTime('zendesk', 'b');
    await store.firstTime('zendesk', 'c');
    // 'a' was the least recently claimed of three in a store of two.
    expect(await store.firstTime('zendesk', 'a')).toBe(true);
    expect(await store.firstTime('zendesk', 'c')).toBe(false);
  });
});
