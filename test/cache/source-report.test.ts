import { describe, expect, it } from 'vitest';
import { createSourceTracker } from '../../src/context/index.js';
import { createLoaders } from '../../src/context/loaders.js';
import { cacheRig } from './support.js';

const email = (value: string) => ({ kind: 'email' as const, value });

/** One request's loaders and tracker over the rig's cached silos. */
function request(rig: ReturnType<typeof cacheRig>) {
  const tracker = createSourceTracker();
  const loaders = createLoaders(rig.tracked, tracker, { deadline: Date.now() + 5000, siloTimeoutMs: 5000 });
  const report = () => Object.fromEntries(tracker.report().map((r) => [r.source, { status: r.status, cached: r.cached, stale: r.stale }]));
  return { loaders, report };
}

describe('extensions.sources with the record cache', () => {
  it('reports a silo cached only when every call to it came from the cache, and stale when any answer was stale', async () => {
    const rig = cacheRig({ ttlBySource: { SUPPORT: 10 } });
    const warm = request(rig);
    await warm.loaders.contacts.byIds('CRM', ['CRM-1']);
    await warm.loaders.contacts.byKeys('SUPPORT', [email('p1@example.com')]);
    await warm.loaders.orders.load({ recordId: 'ECOMMERCE-1', first: 3 });
    expect(warm.report()).toEqual({
      CRM: { status: 'OK', cached: false, stale: false },
      ECOMMERCE: { status: 'OK', cached: false, stale: false },
      SUPPORT: { status: 'OK', cached: false, stale: false },
    });

    rig.clock.advance(11);
    const next = request(rig);
    await next.loaders.contacts.byIds('CRM', ['CRM-1']);
    await next.loaders.contacts.byKeys('SUPPORT', [email('p1@example.com')]);
    await next.loaders.orders.load({ recordId: 'ECOMMERCE-1', first: 3 });
    await next.loaders.orders.load({ recordId: 'ECOMMERCE-2', first: 3 });
    expect(next.report()).toEqual({
      CRM: { status: 'OK', cached: true, stale: false },
      ECOMMERCE: { status: 'OK', cached: false, stale: false },
      SUPPORT: { status: 'OK', cached: true, stale: true },
    });
  });

  it('serves what the cache holds from a silo that already failed in this request, without asking it again', async () => {
    const rig = cacheRig();
    await request(rig).loaders.contacts.byIds('CRM', ['CRM-1']);
    rig.fakes.failing.add('CRM');
    const { loaders, report } = request(rig);
    await expect(loaders.contacts.byIds('CRM', ['CRM-2'])).rejects.toMatchObject({ code: 'SOURCE_UNAVAILABLE' });
    const calls = rig.fakes.calls.length;
    expect((await loaders.contacts.byIds('CRM', ['CRM-1'])).get('CRM-1')?.provenance.recordId).toBe('CRM-1');
    await expect(loaders.contacts.byIds('CRM', ['CRM-3'])).rejects.toMatchObject({ code: 'SOURCE_UNAVAILABLE' });
    expect(rig.fakes.calls.length).toBe(calls);
    expect(report().CRM).toEqual({ status: 'PARTIAL', cached: false, stale: false });
  });

  it('still fails fast without a cache: an uncached silo that failed is not asked again in the request', async () => {
    const rig = cacheRig({ ttl: 0 });
    rig.fakes.failing.add('POS');
    const { loaders, report } = request(rig);
    await expect(loaders.contacts.byIds('POS', ['POS-1'])).rejects.toMatchObject({ code: 'SOURCE_UNAVAILABLE' });
    await expect(loaders.contacts.byIds('POS', ['POS-2'])).rejects.toMatchObject({ code: 'SOURCE_UNAVAILABLE' });
    expect(rig.fakes.callsOf('POS', 'getContacts')).toHaveLength(1);
    expect(report().POS).toEqual({ status: 'UNAVAILABLE', cached: false, stale: false });
  });
});
