import { describe, expect, it } from 'vitest';
import { contact } from '../identity/records.js';
import { cacheRig, until } from './support.js';

const email = (value: string) => ({ kind: 'email' as const, value });

describe('record invalidation (in-process)', () => {
  it('drops the record, every look-up and list page that contained it, and its facets; nothing else', async () => {
    const { silos, fakes, layer } = cacheRig();
    const warm = async () => {
      await silos.contacts.ECOMMERCE.getContacts(['ECOMMERCE-1', 'ECOMMERCE-2']);
      await silos.contacts.ECOMMERCE.findContacts([email('p1@example.com'), email('p2@example.com')]);
      await silos.contacts.ECOMMERCE.listContacts({ first: 2 });
      await silos.contacts.ECOMMERCE.listContacts({ first: 2, after: '2' });
      await silos.orders.ordersFor(['ECOMMERCE-1', 'ECOMMERCE-2'], { first: 5 });
    };
    await warm();
    const before = fakes.calls.length;
    await warm();
    expect(fakes.calls.length).toBe(before);

    (fakes.records.ECOMMERCE.get('ECOMMERCE-1') as { emails: string[] }).emails = ['changed@example.com'];
    await layer.invalidator.invalidate('ECOMMERCE', ['ECOMMERCE-1']);
    await warm();
    expect(fakes.calls.slice(before).map((c) => `${c.method} ${c.ids.join(',')}`)).toEqual([
      'getContacts ECOMMERCE-1',
      'findContacts email:p1@example.com',
      'listContacts ',
      'facet ECOMMERCE-1',
    ]);
    const found = await silos.contacts.ECOMMERCE.findContacts([email('p1@example.com'), email('changed@example.com')]);
    expect(found.get('email:p1@example.com')).toEqual([]);
    expect(found.get('email:changed@example.com')?.[0]?.provenance.recordId).toBe('ECOMMERCE-1');
  });

  it('caches NPS answers per contact, and drops a contact\'s when the contact or one of its answers changes', async () => {
    const { silos, fakes, layer } = cacheRig();
    const feedback = silos.feedback as NonNullable<typeof silos.feedback>;
    await feedback.npsAnswersFor(['CRM-1', 'CRM-2', 'CRM-3']);
    const again = await feedback.npsAnswersFor(['CRM-1', 'CRM-2']);
    expect(fakes.callsOf('CRM', 'nps').map((c) => c.ids)).toEqual([['CRM-1', 'CRM-2', 'CRM-3']]);
    expect(again.get('CRM-2')?.map((a) => a.score)).toEqual([9]);
    await layer.invalidator.invalidate('CRM', ['CRM-1']);
    await layer.invalidator.invalidate('CRM', ['CRM-2-nps']);
    await feedback.npsAnswersFor(['CRM-1', 'CRM-2', 'CRM-3']);
    expect(fakes.callsOf('CRM', 'nps').map((c) => c.ids)).toEqual([['CRM-1', 'CRM-2', 'CRM-3'], ['CRM-1', 'CRM-2']]);
  });

  it('caches the CRM history per contact, and drops a contact\'s when the contact changes', async () => {
    const { silos, fakes, layer } = cacheRig();
    const history = silos.crmHistory as NonNullable<typeof silos.crmHistory>;
    await history.crmHistoryFor(['CRM-1', 'CRM-2', 'CRM-3']);
    const again = await history.crmHistoryFor(['CRM-1', 'CRM-2']);
    expect(fakes.callsOf('CRM', 'crm-history').map((c) => c.ids)).toEqual([['CRM-1', 'CRM-2', 'CRM-3']]);
    expect(again.get('CRM-2')?.map((c) => c.value)).toEqual(['lead']);
    await layer.invalidator.invalidate('CRM', ['CRM-3']);
    await history.crmHistoryFor(['CRM-1', 'CRM-2', 'CRM-3']);
    expect(fakes.callsOf('CRM', 'crm-history').map((c) => c.ids)).toEqual([['CRM-1', 'CRM-2', 'CRM-3'], ['CRM-3']]);
  });

  it('drops the facet pages that hold an order, sale or ticket named by id, and the item itself', async () => {
    const { silos, fakes, layer } = cacheRig();
    await silos.pos.transactionsFor(['POS-1', 'POS-2'], { first: 5 });
    await silos.pos.getTransaction('POS-2-b');
    await layer.invalidator.invalidate('POS', ['POS-2-b']);
    await silos.pos.transactionsFor(['POS-1', 'POS-2'], { first: 5 });
    await silos.pos.getTransaction('POS-2-b');
    expect(fakes.calls.map((c) => `${c.method} ${c.ids.join(',')}`)).toEqual([
      'facet POS-1,POS-2', 'item POS-2-b', 'facet POS-2', 'item POS-2-b',
    ]);
  });

  it('keeps the ids of other silos apart: invalidating CRM-1 in the CRM leaves other silos alone', async () => {
    const { silos, fakes, layer } = cacheRig();
    await silos.contacts.CRM.getContacts(['CRM-1']);
    await silos.contacts.SUPPORT.getContacts(['SUPPORT-1']);
    await layer.invalidator.invalidate('SUPPORT', ['CRM-1']);
    await silos.contacts.CRM.getContacts(['CRM-1']);
    expect(fakes.callsOf('CRM', 'getContacts')).toHaveLength(1);
  });

  it('does not let a silo read that began before an invalidation answer the callers who came after it', async () => {
    const { silos, fakes, layer } = cacheRig();
    const release = fakes.hold();
    const early = silos.contacts.CRM.getContacts(['CRM-1']);
    await until(() => fakes.calls.length === 1, 'the upstream read to begin');
    await layer.invalidator.invalidate('CRM', ['CRM-1']);
    // A read after the invalidation does not join the one in flight from before it.
    const late = silos.contacts.CRM.getContacts(['CRM-1']);
    await until(() => fakes.calls.length === 2, 'a second upstream read');
    release();
    expect((await early).get('CRM-1')).toBeDefined();
    expect((await late).get('CRM-1')).toBeDefined();
    await silos.contacts.CRM.getContacts(['CRM-1']);
    expect(fakes.callsOf('CRM', 'getContacts')).toHaveLength(2);
  });
});

describe('the byte bound', () => {
  it('evicts the least recently used entries to stay within CACHE_MAX_BYTES', async () => {
    const { silos, fakes, layer } = cacheRig({ maxBytes: 20_000 });
    for (let i = 1; i <= 200; i++) {
      fakes.records.CRM.set(`big-${i}`, contact('CRM', `big-${i}`, { fullName: 'x'.repeat(1000) }));
    }
    await silos.contacts.CRM.getContacts(['big-1']);
    for (let i = 2; i <= 200; i++) await silos.contacts.CRM.getContacts([`big-${i}`]);
    const { bytes, entries } = layer.stats();
    expect(bytes).toBeLessThanOrEqual(20_000);
    expect(entries).toBeGreaterThan(5);
    expect(entries).toBeLessThan(200);
    await silos.contacts.CRM.getContacts(['big-200']);
    await silos.contacts.CRM.getContacts(['big-1']);
    expect(fakes.callsOf('CRM', 'getContacts').map((c) => c.ids[0]).slice(-1)).toEqual(['big-1']);
    expect(fakes.callsOf('CRM', 'getContacts')).toHaveLength(201);
  });
});
