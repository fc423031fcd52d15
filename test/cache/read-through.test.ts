import { describe, expect, it } from 'vitest';
import type { CacheCallOptions } from '../../src/cache/index.js';
import { cacheRig, noted, until } from './support.js';

const email = (value: string) => ({ kind: 'email' as const, value });

describe('record cache: hits, batching and shared reads', () => {
  it('answers a repeated read from the cache and says so', async () => {
    const { silos, fakes, layer } = cacheRig();
    const first = noted();
    const second = noted();
    const a = await silos.contacts.CRM.getContacts(['CRM-1', 'CRM-2'], first.opts);
    const b = await silos.contacts.CRM.getContacts(['CRM-2', 'CRM-1'], second.opts);
    expect(fakes.callsOf('CRM', 'getContacts')).toHaveLength(1);
    expect(b).toEqual(a);
    expect(first.outcomes).toEqual([{ cached: false, stale: false }]);
    expect(second.outcomes).toEqual([{ cached: true, stale: false }]);
    expect(layer.stats()).toMatchObject({ hits: 2, misses: 2, staleServed: 0, entries: 2 });
  });

  it('passes the caller’s deadline, signal and priority to the silo, and none of the cache’s own fields', async () => {
    const { silos, fakes } = cacheRig();
    const signal = new AbortController().signal;
    const opts: CacheCallOptions = { deadline: 123, signal, priority: 'bulk', ...noted().opts };
    await silos.contacts.CRM.getContacts(['CRM-1'], opts);
    expect(fakes.callsOf('CRM', 'getContacts')[0]?.opts).toEqual({ deadline: 123, signal, priority: 'bulk' });
  });

  it('lets no caller change what the next one gets: the records it hands out are frozen', async () => {
    const { silos } = cacheRig();
    const first = await silos.contacts.CRM.getContacts(['CRM-1']);
    expect(() => (first.get('CRM-1') as { emails: string[] }).emails.push('mutated@example.com')).toThrow(TypeError);
    const again = await silos.contacts.CRM.getContacts(['CRM-1']);
    expect(again.get('CRM-1')?.emails).toEqual(['p1@example.com']);
  });

  it('fetches only the missing ids, all in one upstream call', async () => {
    const { silos, fakes } = cacheRig();
    await silos.contacts.CRM.getContacts(['CRM-1', 'CRM-2']);
    const found = await silos.contacts.CRM.getContacts(['CRM-1', 'CRM-2', 'CRM-3', 'CRM-4', 'missing']);
    expect(fakes.callsOf('CRM', 'getContacts').map((c) => c.ids)).toEqual([['CRM-1', 'CRM-2'], ['CRM-3', 'CRM-4', 'missing']]);
    expect([...found.keys()].sort()).toEqual(['CRM-1', 'CRM-2', 'CRM-3', 'CRM-4']);
    // An id the silo does not know is remembered as absent: no second request for it.
    await silos.contacts.CRM.getContacts(['missing']);
    expect(fakes.callsOf('CRM', 'getContacts')).toHaveLength(2);
  });

  it('passes only the missing look-up keys and facet customers upstream', async () => {
    const { silos, fakes } = cacheRig();
    await silos.contacts.SUPPORT.findContacts([email('p1@example.com')]);
    const found = await silos.contacts.SUPPORT.findContacts([email('p1@example.com'), email('p2@example.com'), email('nobody@example.com')]);
    expect(fakes.callsOf('SUPPORT', 'findContacts').map((c) => c.ids)).toEqual([['email:p1@example.com'], ['email:p2@example.com', 'email:nobody@example.com']]);
    expect(found.get('email:p2@example.com')?.map((r) => r.provenance.recordId)).toEqual(['SUPPORT-2']);
    expect(found.get('email:nobody@example.com')).toEqual([]);

    await silos.orders.ordersFor(['ECOMMERCE-1'], { first: 5 });
    const pages = await silos.orders.ordersFor(['ECOMMERCE-1', 'ECOMMERCE-2'], { first: 5 });
    await silos.orders.ordersFor(['ECOMMERCE-1'], { first: 1 });
    expect(fakes.callsOf('ECOMMERCE', 'facet').map((c) => c.ids)).toEqual([['ECOMMERCE-1'], ['ECOMMERCE-2'], ['ECOMMERCE-1']]);
    expect(pages.get('ECOMMERCE-2')?.items.map((o) => o.provenance.recordId)).toEqual(['ECOMMERCE-2-a', 'ECOMMERCE-2-b']);
  });

  it('serves a look-up from the record entries it names, which getContacts then also hits', async () => {
    const { silos, fakes } = cacheRig();
    await silos.contacts.POS.findContacts([email('p3@example.com')]);
    await silos.contacts.POS.getContacts(['POS-3']);
    expect(fakes.callsOf('POS', 'getContacts')).toHaveLength(0);
  });

  it('lets concurrent misses for the same key share one upstream request', async () => {
    const { silos, fakes } = cacheRig();
    const release = fakes.hold();
    const reads = [
      silos.contacts.CRM.getContacts(['CRM-1', 'CRM-2']),
      silos.contacts.CRM.getContacts(['CRM-2', 'CRM-3']),
      silos.contacts.CRM.getContacts(['CRM-1']),
    ];
    await until(() => fakes.calls.length === 2, 'both upstream calls to start');
    release();
    const [a, b, c] = await Promise.all(reads);
    expect(fakes.callsOf('CRM', 'getContacts').map((call) => call.ids)).toEqual([['CRM-1', 'CRM-2'], ['CRM-3']]);
    expect(b?.get('CRM-2')).toEqual(a?.get('CRM-2'));
    expect(c?.get('CRM-1')?.provenance.recordId).toBe('CRM-1');
  });

  it('shares the failure of an in-flight request with the callers that joined it', async () => {
    const { silos, fakes } = cacheRig();
    fakes.failing.add('CRM');
    const release = fakes.hold();
    const reads = [silos.contacts.CRM.getContacts(['CRM-1']), silos.contacts.CRM.getContacts(['CRM-1'])];
    release();
    for (const read of reads) await expect(read).rejects.toMatchObject({ code: 'SOURCE_UNAVAILABLE', source: 'CRM' });
    expect(fakes.callsOf('CRM', 'getContacts')).toHaveLength(1);
  });

  it('caches contact list pages and single orders, sales and tickets too', async () => {
    const { silos, fakes } = cacheRig();
    const first = await silos.contacts.CRM.listContacts({ first: 2, after: null });
    expect(await silos.contacts.CRM.listContacts({ first: 2, after: null })).toEqual(first);
    expect(first.next).toBe('2');
    await silos.tickets.getTicket('SUPPORT-1-a');
    expect(await silos.tickets.getTicket('SUPPORT-1-a')).toMatchObject({ customerRecordId: 'SUPPORT-1' });
    expect(await silos.pos.getTransaction('nope')).toBeNull();
    expect(await silos.pos.getTransaction('nope')).toBeNull();
    expect(fakes.calls.map((c) => `${c.source}.${c.method}`)).toEqual(['CRM.listContacts', 'SUPPORT.item', 'POS.item']);
  });

  it('leaves no rejection unhandled when a caller that joined a shared read gives up because its silo is offline', async () => {
    const { silos, fakes } = cacheRig();
    const unhandled: unknown[] = [];
    const listen = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', listen);
    try {
      const release = fakes.hold();
      fakes.failing.add('CRM');
      // A starts a read of CRM-1 that will fail; B joins it for CRM-1, needs CRM-2 too, and its request already
      // knows the CRM is down, so B gives up at once.
      const a = silos.contacts.CRM.getContacts(['CRM-1']).catch((error: unknown) => error);
      const offline = new Error('CRM is down in this request');
      const joining: CacheCallOptions = { offline };
      await expect(silos.contacts.CRM.getContacts(['CRM-1', 'CRM-2'], joining)).rejects.toBe(offline);
      release();
      expect(await a).toBeInstanceOf(Error);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', listen);
    }
  });
});
