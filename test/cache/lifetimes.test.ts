import { describe, expect, it } from 'vitest';
import type { CacheCallOptions } from '../../src/cache/index.js';
import { cacheRig, noted, until } from './support.js';

const email = (value: string) => ({ kind: 'email' as const, value });

describe('record cache: lifetimes', () => {
  it('asks the silo again once an entry is past its lifetime and stale window', async () => {
    const { silos, fakes, clock } = cacheRig({ ttl: 30 });
    await silos.contacts.CRM.getContacts(['CRM-1']);
    clock.advance(29);
    await silos.contacts.CRM.getContacts(['CRM-1']);
    expect(fakes.callsOf('CRM', 'getContacts')).toHaveLength(1);
    clock.advance(30 + 300);
    await silos.contacts.CRM.getContacts(['CRM-1']);
    expect(fakes.callsOf('CRM', 'getContacts')).toHaveLength(2);
  });

  it('gives each silo its own lifetime, and leaves a silo with lifetime 0 entirely uncached', async () => {
    const { silos, fakes, clock } = cacheRig({ ttl: 30, ttlBySource: { SUPPORT: 5, POS: 0 } });
    expect(silos.contacts.POS).toBe(fakes.silos.contacts.POS);
    expect(silos.pos).toBe(fakes.silos.pos);
    const release = fakes.hold();
    const both = [silos.contacts.POS.getContacts(['POS-1']), silos.contacts.POS.getContacts(['POS-1'])];
    release();
    await Promise.all(both);
    expect(fakes.callsOf('POS', 'getContacts')).toHaveLength(2);

    await silos.contacts.SUPPORT.getContacts(['SUPPORT-1']);
    await silos.contacts.CRM.getContacts(['CRM-1']);
    clock.advance(6);
    const support = noted();
    const crm = noted();
    await silos.contacts.SUPPORT.getContacts(['SUPPORT-1'], support.opts);
    await silos.contacts.CRM.getContacts(['CRM-1'], crm.opts);
    expect(support.outcomes).toEqual([{ cached: true, stale: true }]);
    expect(crm.outcomes).toEqual([{ cached: true, stale: false }]);
    expect(fakes.callsOf('SUPPORT', 'getContacts')).toHaveLength(2);
    expect(fakes.callsOf('CRM', 'getContacts')).toHaveLength(1);
  });

  it('serves a stale entry at once and refreshes it in the background, once per key', async () => {
    const { silos, fakes, clock, layer } = cacheRig({ ttl: 30 });
    await silos.contacts.CRM.getContacts(['CRM-1']);
    (fakes.records.CRM.get('CRM-1') as { fullName: string }).fullName = 'Renamed';
    clock.advance(31);
    const release = fakes.hold();
    const first = noted();
    const second = noted();
    const stale = await silos.contacts.CRM.getContacts(['CRM-1'], first.opts);
    const again = await silos.contacts.CRM.getContacts(['CRM-1'], second.opts);
    expect(stale.get('CRM-1')?.fullName).toBe('Person 1');
    expect(again.get('CRM-1')?.fullName).toBe('Person 1');
    expect(first.outcomes).toEqual([{ cached: true, stale: true }]);
    expect(second.outcomes).toEqual([{ cached: true, stale: true }]);
    // One refresh for the key, though two stale reads happened while it ran.
    expect(fakes.callsOf('CRM', 'getContacts')).toHaveLength(2);
    release();
    await until(async () => (await silos.contacts.CRM.getContacts(['CRM-1'])).get('CRM-1')?.fullName === 'Renamed', 'the refreshed record');
    const fresh = noted();
    await silos.contacts.CRM.getContacts(['CRM-1'], fresh.opts);
    expect(fresh.outcomes).toEqual([{ cached: true, stale: false }]);
    expect(layer.stats().staleServed).toBeGreaterThanOrEqual(2);
  });

  it('serves stale entries instead of the error while the silo fails, flagged stale, until the stale window ends', async () => {
    const { silos, fakes, clock } = cacheRig({ ttl: 30 });
    await silos.contacts.SUPPORT.findContacts([email('p1@example.com')]);
    await silos.tickets.ticketsFor(['SUPPORT-1'], { first: 3 });
    fakes.failing.add('SUPPORT');
    clock.advance(60);
    for (let round = 0; round < 2; round++) {
      const lookup = noted();
      const tickets = noted();
      const found = await silos.contacts.SUPPORT.findContacts([email('p1@example.com')], lookup.opts);
      const pages = await silos.tickets.ticketsFor(['SUPPORT-1'], { first: 3 }, tickets.opts);
      expect(found.get('email:p1@example.com')?.[0]?.provenance.recordId).toBe('SUPPORT-1');
      expect(pages.get('SUPPORT-1')?.items).toHaveLength(2);
      expect(lookup.outcomes).toEqual([{ cached: true, stale: true }]);
      expect(tickets.outcomes).toEqual([{ cached: true, stale: true }]);
      await until(() => fakes.callsOf('SUPPORT', 'findContacts').length === 1 + (round + 1), 'the failed refresh');
      await new Promise((resolve) => setImmediate(resolve));
    }
    clock.advance(300);
    await expect(silos.contacts.SUPPORT.findContacts([email('p1@example.com')])).rejects.toMatchObject({ code: 'SOURCE_UNAVAILABLE' });
  });

  it('answers from the cache only, and throws the known failure for the rest, once the silo is down in this request', async () => {
    const { silos, fakes } = cacheRig();
    await silos.contacts.CRM.getContacts(['CRM-1']);
    const offline = new Error('CRM: already down in this request');
    const outcome = noted();
    const opts: CacheCallOptions = { offline, deadline: 0, ...outcome.opts };
    const found = await silos.contacts.CRM.getContacts(['CRM-1'], opts);
    expect(found.get('CRM-1')?.provenance.recordId).toBe('CRM-1');
    expect(outcome.outcomes).toEqual([{ cached: true, stale: false }]);
    await expect(silos.contacts.CRM.getContacts(['CRM-1', 'CRM-2'], opts)).rejects.toBe(offline);
    expect(fakes.callsOf('CRM', 'getContacts')).toHaveLength(1);
  });
});
