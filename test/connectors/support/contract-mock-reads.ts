import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { ContactConnector } from '../../../src/model/index.js';
import type { ConnectorContractSubject } from './contract-subject.js';
import { described, type MockVendor } from './mock-vendor.js';
import { expectProvenance, timed } from './provenance.js';

/** The sizes of the batches `n` ids fall into, largest first. */
export const batchSizes = (n: number, limit: number) =>
  Array.from({ length: Math.ceil(n / limit) }, (_, i) => Math.min(limit, n - i * limit));

/** The cursor of the page after the one `after` named: c1, c2, … */
const nextCursor = (after: string | null) => `c${after === null ? 1 : Number(after.slice(1)) + 1}`;

/** Batching, paging and provenance of the contact reads, against the vendor's own payloads. */
export function describeMockReads<C extends ContactConnector>(subject: ConnectorContractSubject<C>, vendor: MockVendor): void {
  const { batch, list } = subject.mock;
  const connector = subject.mock.create();

  describe('getContacts', () => {
    const { limit } = batch;
    it.each([1, limit, limit + 1, Math.ceil(limit * 2.5)])(
      `reads %i ids, each asked twice among ids it cannot hold, in ⌈n / ${limit}⌉ batch reads of at most ${limit}`,
      async (n) => {
        vendor.use(batch.serve());
        const ids = batch.ids(n);
        const found = await connector.getContacts([...ids, ...batch.impossible, ...ids]);
        expect([...found.keys()].sort()).toEqual([...ids].sort());
        expect([...found].every(([id, record]) => record.provenance.recordId === id)).toBe(true);
        expect(vendor.requests).toHaveLength(Math.ceil(n / limit));
        const asked = await described(vendor.requests, batch.idsOf);
        expect(asked.map((b) => b.length).sort((a, b) => b - a)).toEqual(batchSizes(n, limit));
        expect(asked.flat().sort()).toEqual([...ids].sort());
      },
    );

    it('spends no request on an empty id list or on ids the vendor cannot hold', async () => {
      expect((await connector.getContacts([])).size).toBe(0);
      expect((await connector.getContacts(batch.impossible)).size).toBe(0);
      expect(vendor.requests).toHaveLength(0);
    });

    it('leaves the ids the vendor does not hold out of the map', async () => {
      const ids = batch.ids(4);
      const held = new Set(ids.slice(0, 2));
      vendor.use(batch.serve((id) => held.has(id)));
      expect([...(await connector.getContacts(ids)).keys()].sort()).toEqual([...held].sort());
    });
  });

  describe('listContacts', () => {
    it('lists from the cursor it is given, with the vendor cursor as Page.next while there are more and null after the last page', async () => {
      vendor.use(list.serve((after) => (after === 'c1' ? 'c2' : null)));
      const first = await connector.listContacts({ first: 1, after: 'c1' });
      expect(first).toMatchObject({ next: 'c2', totalCount: list.totalCount });
      expect(first.items).toHaveLength(1);
      expect((await connector.listContacts({ first: 1, after: 'c2' })).next).toBeNull();
      expect(await described(vendor.requests, list.pageOf)).toEqual([{ size: 1, after: 'c1' }, { size: 1, after: 'c2' }]);
    });

    it(`asks for further pages of at most ${list.limit} until the window is full, each resuming where the last ended`, async () => {
      vendor.use(list.serve(nextCursor));
      const first = list.limit + Math.ceil(list.limit / 5);
      const page = await connector.listContacts({ first });
      expect(page.items).toHaveLength(first);
      expect(page.next).toBe('c2');
      expect(await described(vendor.requests, list.pageOf)).toEqual([{ size: list.limit, after: null }, { size: first - list.limit, after: 'c1' }]);
    });

    it(`follows at most ${list.maxPages} pages however many records the window asks for, and says where to resume`, async () => {
      vendor.use(list.serve(nextCursor));
      const page = await connector.listContacts({ first: list.limit * (list.maxPages + 3) });
      expect(vendor.requests).toHaveLength(list.maxPages);
      expect(page.items).toHaveLength(list.limit * list.maxPages);
      expect(page.next).toBe(`c${list.maxPages}`);
    });

    it('answers a window of nothing without a request, keeping the cursor', async () => {
      expect(await connector.listContacts({ first: 0, after: 'c7' })).toEqual({ items: [], next: 'c7', totalCount: null });
      expect(vendor.requests).toHaveLength(0);
    });
  });

  it('puts source, system, recordId, updatedAt and fetchedAt on every record of every read', async () => {
    for (const read of subject.mock.reads) {
      vendor.use(read.on(() => HttpResponse.json(read.ok() as Record<string, unknown>)));
      const { result, from, to } = await timed(() => read.run(connector));
      expectProvenance(result, subject, { from, to });
    }
  });
}
