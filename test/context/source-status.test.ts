import { describe, expect, it } from 'vitest';
import { createSourceTracker, MAX_SKIPPED_REPORTED } from '../../src/context/index.js';
import { SourceTimeout, SourceUnavailable } from '../../src/model/index.js';

// What `extensions.sources` reports per silo for one request, from the calls the request made.
describe('createSourceTracker', () => {
  it('reports only the silos a request asked, in the fixed silo order, OK when every call answered', async () => {
    const tracker = createSourceTracker();
    await tracker.track('POS', async () => 1);
    await tracker.track('CRM', async () => 2);
    expect(tracker.report().map((r) => [r.source, r.status])).toEqual([['CRM', 'OK'], ['POS', 'OK']]);
  });

  it('names the failure when every call to a silo failed, and PARTIAL when only some did', async () => {
    const tracker = createSourceTracker();
    await expect(tracker.track('SUPPORT', () => Promise.reject(new SourceTimeout('SUPPORT', 'no answer')))).rejects.toBeInstanceOf(SourceTimeout);
    await tracker.track('ECOMMERCE', async () => 'ok');
    await expect(tracker.track('ECOMMERCE', () => Promise.reject(new SourceUnavailable('ECOMMERCE', 'down')))).rejects.toThrow();
    await expect(tracker.track('POS', () => Promise.reject(new Error('not a silo error')))).rejects.toThrow();
    expect(Object.fromEntries(tracker.report().map((r) => [r.source, r.status]))).toEqual({ ECOMMERCE: 'PARTIAL', SUPPORT: 'TIMEOUT', POS: 'UNAVAILABLE' });
  });

  it('says cached only when every answered call came from the cache, and stale when any did so past its lifetime', async () => {
    const tracker = createSourceTracker();
    await tracker.track('CRM', async (note) => note({ cached: true, stale: false }));
    await tracker.track('CRM', async (note) => note({ cached: true, stale: true }));
    await tracker.track('POS', async (note) => note({ cached: true, stale: false }));
    await tracker.track('POS', async () => 'from the silo');
    // A failed call never counts as answered by the cache.
    await expect(tracker.track('SUPPORT', async (note) => {
      note({ cached: true, stale: true });
      throw new SourceUnavailable('SUPPORT', 'down');
    })).rejects.toThrow();
    const byName = Object.fromEntries(tracker.report().map((r) => [r.source, r]));
    expect(byName.CRM).toMatchObject({ cached: true, stale: true });
    expect(byName.POS).toMatchObject({ cached: false, stale: false });
    expect(byName.SUPPORT).toMatchObject({ cached: false, stale: false, status: 'UNAVAILABLE' });
  });

  it('reports the slowest call of a silo as its latency, not the last', async () => {
    const tracker = createSourceTracker();
    // A load can only make the slow call slower, so "at least" holds on any machine.
    const slow = tracker.track('CRM', () => new Promise<void>((resolve) => setTimeout(resolve, 20)));
    await tracker.track('CRM', async () => undefined);
    await slow;
    await tracker.track('CRM', async () => undefined);
    expect(tracker.report()[0]?.latencyMs).toBeGreaterThanOrEqual(15);
  });

  it('names each record left out once, in the order they came, and at most MAX_SKIPPED_REPORTED of them', () => {
    const tracker = createSourceTracker();
    tracker.skip({ source: 'SUPPORT', recordId: '1', field: 'id' });
    tracker.skip({ source: 'SUPPORT', recordId: '1', field: 'id' });
    tracker.skip({ source: 'POS', recordId: null, field: 'id' });
    expect(tracker.skipped()).toEqual([{ source: 'SUPPORT', recordId: '1', field: 'id' }, { source: 'POS', recordId: null, field: 'id' }]);
    for (let i = 0; i < 2 * MAX_SKIPPED_REPORTED; i += 1) tracker.skip({ source: 'CRM', recordId: String(i), field: 'properties.email' });
    expect(tracker.skipped()).toHaveLength(MAX_SKIPPED_REPORTED);
    expect(tracker.report()).toEqual([]);
  });
});
