import { describe, expect, it } from 'vitest';
import { createRequestContext, type GatewayServices } from '../../src/context/index.js';
import type { MemoizedResolution, ResolvedCustomer } from '../../src/identity/index.js';
import type { ContactRecord } from '../../src/model/index.js';
import { applyEvents, createMemoryEventIdStore } from '../../src/webhooks/index.js';
import { cacheRig, type CacheRig } from '../cache/support.js';
import { testGatewayServices } from '../support/gateway-services.js';
import { memoryAuditTrail } from '../support/memory-audit-trail.js';

// Kept resolutions (the derived cache of src/cache, used by src/identity's service through src/context): a customer
// resolved from record-cache answers alone is kept, and served while every answer it rests on is unchanged.

const trail = memoryAuditTrail();

const recordCacheReads = (rig: CacheRig) => rig.layer.stats().hits + rig.layer.stats().misses;

function stack(rig: CacheRig = cacheRig()) {
  const base = testGatewayServices({ silos: rig.tracked, auditTrail: trail, secret: 'resolution-memo-secret' });
  const resolutions = rig.layer.derived<MemoizedResolution>();
  const withMemo: GatewayServices = { ...base, resolutions };
  const request = (services: GatewayServices = withMemo) => createRequestContext(services, { sub: 'memo-test', roles: ['support'] });
  /** The customer as a resolution without the memo makes it, over the same record cache. */
  const unkept = (recordId: string) => request(base).identity.byRecord('SUPPORT', recordId);
  /** Views the customer until it is kept: the view after it reads only its seed from the record cache. */
  async function keep(recordId: string): Promise<void> {
    await request().identity.byRecord('SUPPORT', recordId);
    await request().identity.byRecord('SUPPORT', recordId);
    const reads = recordCacheReads(rig);
    await request().identity.byRecord('SUPPORT', recordId);
    expect(recordCacheReads(rig) - reads).toBe(1);
  }
  return { rig, resolutions, request, unkept, keep };
}

const linked = (c: ResolvedCustomer | null) => c?.records.map((r) => `${r.record.provenance.source}:${r.record.provenance.recordId}:${r.matchedOn.join('+')}`);

describe('kept resolutions', () => {
  it('answers the same customer a fresh resolution gives, reading only its seed from the record cache and no silo', async () => {
    const { rig, resolutions, request, unkept } = stack();
    const cold = await request().identity.byRecord('SUPPORT', 'SUPPORT-1');
    expect(linked(cold)).toEqual(['CRM:CRM-1:EMAIL', 'ECOMMERCE:ECOMMERCE-1:EMAIL', 'SUPPORT:SUPPORT-1:ANCHOR', 'POS:POS-1:EMAIL']);
    expect(resolutions.size()).toBe(1);
    // The cold view's look-ups filed its seed again (a new record object), so the first warm view resolves once more.
    expect(await request().identity.byRecord('SUPPORT', 'SUPPORT-1')).toEqual(cold);

    const upstream = rig.fakes.calls.length;
    const reads = recordCacheReads(rig);
    const warm = request();
    const kept = await warm.identity.byRecord('SUPPORT', 'SUPPORT-1');
    expect(rig.fakes.calls.length).toBe(upstream);
    // The seed's own read by id, nothing else: no identity round asked the record cache again.
    expect(recordCacheReads(rig) - reads).toBe(1);
    const fresh = await unkept('SUPPORT-1');
    expect(recordCacheReads(rig) - reads).toBeGreaterThan(2);
    expect(kept).toEqual(fresh);
    expect(kept).toEqual(cold);
    // extensions.sources still names every silo the cluster rests on, as answered from the cache.
    expect(warm.sources.report().map(({ source, status, cached, stale }) => ({ source, status, cached, stale })))
      .toEqual(['CRM', 'ECOMMERCE', 'SUPPORT', 'POS'].map((source) => ({ source, status: 'OK', cached: true, stale: false })));
  });

  it('makes the same upstream calls on a cold view as a resolution without it', async () => {
    const a = stack();
    const b = stack();
    await a.request().identity.byRecord('SUPPORT', 'SUPPORT-2');
    await b.unkept('SUPPORT-2');
    expect(a.rig.fakes.calls.map((c) => `${c.source} ${c.method} ${c.ids.join(',')}`)).toEqual(b.rig.fakes.calls.map((c) => `${c.source} ${c.method} ${c.ids.join(',')}`));
    expect(a.rig.fakes.calls.length).toBeGreaterThan(0);
  });

  it('is voided by a webhook naming any member record: the next view resolves again and links what the silo holds now', async () => {
    const { rig, request, unkept, keep } = stack();
    await keep('SUPPORT-1');
    // The POS record moves to another address, and the vendor says so.
    (rig.fakes.records.POS.get('POS-1') as { emails: string[] }).emails = ['elsewhere@example.com'];
    await applyEvents([{ id: 'evt-1', source: 'POS', recordIds: ['POS-1'] }], { system: 'square', seen: createMemoryEventIdStore(), invalidator: rig.layer.invalidator, timeoutMs: 5000 });
    const upstream = rig.fakes.calls.length;
    const after = await request().identity.byRecord('SUPPORT', 'SUPPORT-1');
    expect(rig.fakes.calls.length).toBeGreaterThan(upstream);
    expect(linked(after)).toEqual(['CRM:CRM-1:EMAIL', 'ECOMMERCE:ECOMMERCE-1:EMAIL', 'SUPPORT:SUPPORT-1:ANCHOR']);
    expect(after).toEqual(await unkept('SUPPORT-1'));
  });

  it('is voided by the invalidation an erasure makes of a member record, on any silo of the cluster', async () => {
    for (const [source, id] of [['CRM', 'CRM-3'], ['ECOMMERCE', 'ECOMMERCE-3'], ['POS', 'POS-3']] as const) {
      const { rig, request, keep } = stack();
      await keep('SUPPORT-3');
      rig.fakes.records[source].delete(id);
      await rig.layer.invalidator.invalidate(source, [id]);
      const upstream = rig.fakes.calls.length;
      const after = await request().identity.byRecord('SUPPORT', 'SUPPORT-3');
      expect(rig.fakes.calls.length).toBeGreaterThan(upstream);
      expect(linked(after)?.some((r) => r.startsWith(`${source}:${id}:`))).toBe(false);
      expect(after?.records).toHaveLength(3);
    }
  });

  it('is voided when an entry it rests on is replaced: a look-up past the record cache refiled its records', async () => {
    const { rig, request, keep, unkept } = stack();
    await keep('SUPPORT-1');
    const everyone = { seeds: (found: readonly ContactRecord[]) => [...found], customer: () => true, fresh: true };
    (rig.fakes.records.CRM.get('CRM-1') as { firstName: string | null }).firstName = 'Renamed';
    await request().identity.find({ email: 'p1@example.com' }, 10, everyone);
    const reads = recordCacheReads(rig);
    const after = await request().identity.byRecord('SUPPORT', 'SUPPORT-1');
    expect(recordCacheReads(rig) - reads).toBeGreaterThan(1);
    expect(after?.records.find((r) => r.record.provenance.source === 'CRM')?.record.firstName).toBe('Renamed');
    expect(after).toEqual(await unkept('SUPPORT-1'));
  });

  it('lives no longer than the record-cache answers it rests on are fresh', async () => {
    const { rig, request, keep } = stack();
    await keep('SUPPORT-1');
    rig.clock.advance(29);
    let reads = recordCacheReads(rig);
    await request().identity.byRecord('SUPPORT', 'SUPPORT-1');
    expect(recordCacheReads(rig) - reads).toBe(1);
    rig.clock.advance(2);
    reads = recordCacheReads(rig);
    await request().identity.byRecord('SUPPORT', 'SUPPORT-1');
    expect(recordCacheReads(rig) - reads).toBeGreaterThan(1);
  });

  it('is not consulted or filled by look-ups that must skip the record cache, nor kept when a silo failed', async () => {
    const { rig, resolutions, request } = stack();
    const everyone = { seeds: (found: readonly ContactRecord[]) => [...found], customer: () => true, fresh: true };
    const found = await request().identity.find({ email: 'p1@example.com' }, 10, everyone);
    expect(found).toHaveLength(1);
    expect(resolutions.size()).toBe(0);
    rig.fakes.failing.add('POS');
    const partial = await request().identity.byRecord('SUPPORT', 'SUPPORT-4');
    expect(partial?.failures.has('POS')).toBe(true);
    expect(resolutions.size()).toBe(0);
  });

  it('keeps nothing when the record cache is off', async () => {
    const { resolutions, request } = stack(cacheRig({ ttl: 0 }));
    await request().identity.byRecord('SUPPORT', 'SUPPORT-1');
    expect(resolutions.size()).toBe(0);
  });
});
