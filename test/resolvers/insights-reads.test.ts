import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Order } from '../../src/model/index.js';
import { INSIGHTS_MAX_RECORDS } from '../../src/population/index.js';
import { createGatewayOverFakes, type GatewayOverFakes } from '../server/gateway-over-fakes.js';

type Value = { orderCount: number; silosCovered: string[]; partial: { source: string; reason: string; code: string | null }[] };
type Body = { data?: { findCustomers: { orders: { totalCount: number; edges: unknown[] }; insights: { value: Value } }[] } | null; errors?: unknown[] };

describe('how Customer.insights reads the facets (gateway over in-memory silos)', () => {
  let rig: GatewayOverFakes;
  beforeAll(async () => {
    rig = await createGatewayOverFakes();
    await rig.listen();
  });
  afterAll(() => rig?.close());

  const ask = async (query: string): Promise<Body> => {
    const res = await fetch(`${rig.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await rig.token()}` },
      body: JSON.stringify({ query }),
    });
    return (await res.json()) as Body;
  };
  const QUERY = `{ findCustomers(email: "p1@example.com") { orders(first: 2) { totalCount edges { cursor } }
    insights { value { orderCount silosCovered partial { source reason code } } } } }`;

  it('reads every page once for the facet and insights together: the smaller page is cut from the wider read', async () => {
    rig.fakes.calls.length = 0;
    const body = await ask(QUERY);
    expect(body.errors).toBeUndefined();
    const customer = body.data?.findCustomers[0];
    expect(customer?.orders.edges).toHaveLength(2);
    // The fakes' POS items carry no COMPLETED state, so only the two orders count as purchases.
    expect(customer?.insights.value).toMatchObject({ orderCount: 2, partial: [] });
    expect(rig.fakes.callsOf('ECOMMERCE', 'facet')).toHaveLength(1);
    expect(rig.fakes.callsOf('POS', 'facet')).toHaveLength(1);
  });

  it(`marks the value TRUNCATED for a silo holding more than ${INSIGHTS_MAX_RECORDS} records of the customer, counting the ones read`, async () => {
    const [template] = rig.fakes.items.ECOMMERCE.get('ECOMMERCE-1') as Order[];
    const many = Array.from({ length: INSIGHTS_MAX_RECORDS + 1 }, (_, i) => ({ ...(template as Order), provenance: { ...(template as Order).provenance, recordId: `many-${i}` } }));
    rig.fakes.items.ECOMMERCE.set('ECOMMERCE-1', many);
    const body = await ask(QUERY);
    const customer = body.data?.findCustomers[0];
    expect(customer?.orders.totalCount).toBe(INSIGHTS_MAX_RECORDS + 1);
    expect(customer?.insights.value.partial).toEqual([{ source: 'ECOMMERCE', reason: 'TRUNCATED', code: null }]);
    expect(customer?.insights.value.silosCovered).toEqual(['POS']);
    expect(customer?.insights.value.orderCount).toBe(INSIGHTS_MAX_RECORDS);
  });

  it('marks the value FAILED with the silo\'s code when it fails, and counts the others', async () => {
    rig.fakes.failing.add('POS');
    try {
      const body = await ask(`{ findCustomers(email: "p2@example.com") { insights { value { orderCount silosCovered partial { source reason code } } } } }`);
      expect(body.data?.findCustomers[0]?.insights.value).toEqual({
        orderCount: 2, silosCovered: ['ECOMMERCE'], partial: [{ source: 'POS', reason: 'FAILED', code: 'SOURCE_UNAVAILABLE' }],
      });
    } finally {
      rig.fakes.failing.delete('POS');
    }
  });
});
