import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { lineTotalMinor, type WorldPosOrder } from '../../../connectors/sandbox-kit/index.js';
import { createSquareConnector, resolveSquareConfig, squareSettings } from '../../../connectors/square/index.js';
import { useSquareSilo } from './support.js';

const silo = useSquareSilo(300);
let pos: ReturnType<typeof createSquareConnector>;
const square = () => silo.world.square;
const ordersOf = (customerId: string) =>
  square().orders.filter((o) => o.customerId === customerId).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
const byEndpoint = async () => (await silo.stats()).byEndpoint;

beforeAll(() => {
  pos = createSquareConnector(resolveSquareConfig(squareSettings.parse({}), { sandboxUrl: silo.sandbox.url }));
});
beforeEach(() => silo.resetStats());

describe('Square connector against the sandbox: POS transactions', () => {
  it('returns every order of each customer newest first, totals in exact minor units, as the world has them', async () => {
    const ids = square().customers.slice(0, 25).map((c) => c.id);
    const pages = await pos.transactionsFor(ids, { first: 50 });
    for (const id of ids) {
      const expected = ordersOf(id);
      const page = pages.get(id);
      expect(page?.totalCount).toBe(expected.length);
      expect(page?.items.map((t) => [t.provenance.recordId, t.customerRecordId, t.locationId, t.state, t.total])).toEqual(
        expected.map((o: WorldPosOrder) => [o.id, id, o.locationId, o.state, { minor: o.totalMinor, currency: o.currency }]),
      );
      expect(page?.items.flatMap((t) => t.lineItems.map((l) => [l.title, l.quantity, l.unitPrice?.minor]))).toEqual(
        expected.flatMap((o) => o.lines.map((l) => [l.title, String(l.quantity), l.unitMinor])),
      );
    }
  });

  it('carries a line weighed at the till ("1.350" kg, as Square writes it) as the exact decimal "1.35", its total unit × weight', async () => {
    const sale = square().orders.find((o) => o.lines.some((l) => l.weightUnit !== undefined));
    if (!sale) throw new Error('the test world weighs no line');
    const page = (await pos.transactionsFor([sale.customerId], { first: 50 })).get(sale.customerId);
    const got = page?.items.find((t) => t.provenance.recordId === sale.id);
    expect(got?.lineItems.map((l) => [l.quantity, l.total?.minor])).toEqual(sale.lines.map((l) => [String(l.quantity), lineTotalMinor(l)]));
    expect(got?.lineItems.some((l) => /^\d+\.\d+$/.test(l.quantity))).toBe(true);
    expect(got?.total.minor).toBe(sale.totalMinor);
  });

  it('spends one locations read per connector and ceil(N / 10) order searches: 1 → 1, 25 → 3, 100 → 10', async () => {
    const fresh = createSquareConnector(resolveSquareConfig(squareSettings.parse({}), { sandboxUrl: silo.sandbox.url }));
    const counts: Array<Record<string, number>> = [];
    for (const n of [1, 25, 100]) {
      await silo.resetStats();
      await fresh.transactionsFor(square().customers.slice(0, n).map((c) => c.id), { first: 3 });
      counts.push(await byEndpoint());
    }
    expect(counts).toEqual([
      { 'GET /v2/locations': 1, 'POST /v2/orders/search': 1 },
      { 'POST /v2/orders/search': 3 },
      { 'POST /v2/orders/search': 10 },
    ]);
  });

  it('gets one transaction by order id, and null for an unknown id', async () => {
    const order = square().orders[5] as WorldPosOrder;
    expect(await pos.getTransaction(order.id)).toMatchObject({
      provenance: { recordId: order.id, updatedAt: order.updatedAt },
      customerRecordId: order.customerId,
      createdAt: order.createdAt,
      total: { minor: order.totalMinor, currency: order.currency },
    });
    expect(await pos.getTransaction('CAISENgvlJ6jLWAzERDzjyHVybY')).toBeNull();
  });
});
