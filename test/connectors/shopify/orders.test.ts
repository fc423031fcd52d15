import { describe, expect, it } from 'vitest';
import { createShopifyConnector } from '../../../connectors/shopify/index.js';
import { CONFIG, fixture } from './support.js';
import { useShopifyMock, type SeenCall } from './support-mock.js';

type OrdersExample = { data: { customer: { id: string; orders: { edges: { node: Record<string, unknown> }[]; pageInfo: { endCursor: string } } } } };

const mock = useShopifyMock();
const connector = createShopifyConnector(CONFIG);
const example = () => fixture<OrdersExample>('customer-orders.response.json').data.customer;
const BOB = 'gid://shopify/Customer/544365967';
/** The example customer's orders as every asked-for customer's, plus the numberOfOrders the connector also selects. */
const ordersOf = (call: SeenCall, hasNextPage?: boolean) => ({
  json: {
    data: {
      nodes: (call.variables.ids as string[]).map((id) => {
        const customer = example();
        if (hasNextPage !== undefined) Object.assign(customer.orders.pageInfo, { hasNextPage });
        return { ...customer, id, numberOfOrders: '25' };
      }),
    },
  },
});
const orderNode = (changes: Record<string, unknown> = {}) => ({
  ...(example().orders.edges[1]?.node as Record<string, unknown>),
  updatedAt: '2025-10-04T08:00:00Z',
  customer: { id: BOB },
  ...changes,
});

describe('Shopify ordersFor against the customer-orders example', () => {
  it('maps orders newest first in exact minor units, with line items, the end cursor as Page.next and numberOfOrders as totalCount', async () => {
    mock.answer((call) => ordersOf(call));
    const page = (await connector.ordersFor([BOB], { first: 20 })).get(BOB);
    expect(page?.totalCount).toBe(25);
    expect(page?.next).toBe(example().orders.pageInfo.endCursor);
    expect(page?.items.map((o) => [o.name, o.total])).toEqual([
      ['#1002', { minor: 19999, currency: 'USD' }],
      ['#1001', { minor: 6150, currency: 'USD' }],
    ]);
    expect(page?.items[1]).toMatchObject({
      provenance: { source: 'ECOMMERCE', system: 'shopify', recordId: 'gid://shopify/Order/148977776', updatedAt: null },
      customerRecordId: BOB,
      createdAt: '2025-10-03T17:41:29Z',
      financialStatus: 'PAID',
      fulfillmentStatus: 'FULFILLED',
      cancelledAt: null,
      lineItems: [
        { title: 'IPod Nano - 8gb - green', quantity: '1', sku: 'IPOD2008GREEN', unitPrice: { minor: 4900, currency: 'USD' }, total: { minor: 4900, currency: 'USD' } },
        { title: 'Gift wrap', quantity: '1', sku: null, unitPrice: { minor: 250, currency: 'USD' }, total: { minor: 250, currency: 'USD' } },
      ],
    });
    expect(mock.calls[0]).toMatchObject({ operation: 'OrdersOfCustomers', variables: { ids: [BOB], first: 20, after: null } });
    expect(mock.calls[0]?.query).toMatch(/orders\(first: \$first, after: \$after, sortKey: CREATED_AT, reverse: true\)/);
  });

  it('reads the orders of 250 customers in one nodes call and of 251 in two', async () => {
    mock.answer((call) => ordersOf(call));
    const ids = Array.from({ length: 251 }, (_, i) => `gid://shopify/Customer/${5000 + i}`);
    expect((await connector.ordersFor(ids.slice(0, 250), { first: 5 })).size).toBe(250);
    expect(mock.calls).toHaveLength(1);
    mock.calls.length = 0;
    expect((await connector.ordersFor(ids, { first: 5 })).size).toBe(251);
    expect(mock.calls.map((c) => (c.variables.ids as string[]).length)).toEqual([250, 1]);
  });

  it('resumes each customer after a cursor with a query of its own', async () => {
    mock.answer((call) => ordersOf(call));
    const pages = await connector.ordersFor([BOB, 'gid://shopify/Customer/7'], { first: 2, after: 'CURSOR' });
    expect(pages.size).toBe(2);
    expect(mock.calls.map((c) => c.variables).sort((a, b) => String(a.ids).localeCompare(String(b.ids)))).toEqual([
      { ids: [BOB], first: 2, after: 'CURSOR' },
      { ids: ['gid://shopify/Customer/7'], first: 2, after: 'CURSOR' },
    ]);
  });

  it('continues past 250 orders for the customers that have more, one query each', async () => {
    mock.answer((call) => ordersOf(call, call.variables.after === null));
    const page = (await connector.ordersFor([BOB], { first: 300 })).get(BOB);
    expect(page?.items).toHaveLength(4);
    expect(page?.next).toBeNull();
    expect(mock.calls.map((c) => [c.variables.first, c.variables.after])).toEqual([[250, null], [250, example().orders.pageInfo.endCursor]]);
  });

  it('leaves out customers Shopify does not know and never sends ids that are not customer gids', async () => {
    mock.answer(() => ({ json: { data: { nodes: [null] } } }));
    expect((await connector.ordersFor([BOB, '123'], { first: 3 })).size).toBe(0);
    expect(mock.calls.map((c) => c.variables.ids)).toEqual([[BOB]]);
  });
});

describe('Shopify getOrder', () => {
  it('reads order(id:) and maps it, with the updatedAt and owner the query selects', async () => {
    mock.answer(() => ({ json: { data: { order: orderNode() } } }));
    const order = await connector.getOrder('gid://shopify/Order/148977776');
    expect(order).toMatchObject({ customerRecordId: BOB, name: '#1001', provenance: { updatedAt: '2025-10-04T08:00:00Z' } });
    expect(mock.calls[0]).toMatchObject({ operation: 'OrderById', variables: { id: 'gid://shopify/Order/148977776' } });
  });

  it('keeps money exact for currencies with no and three decimals (JPY "1200", KWD "12.345")', async () => {
    for (const [amount, currencyCode, minor] of [['1200', 'JPY', 1200], ['12.345', 'KWD', 12345]] as const) {
      const money = { shopMoney: { amount, currencyCode } };
      mock.answer(() => ({ json: { data: { order: orderNode({ currencyCode, totalPriceSet: money }) } } }));
      expect((await connector.getOrder('gid://shopify/Order/1'))?.total).toEqual({ minor, currency: currencyCode });
    }
  });

  it('reads what was refunded (totalRefundedSet) as Order.refunded, exact; null where the payload leaves it out', async () => {
    mock.answer(() => ({ json: { data: { order: orderNode({ totalRefundedSet: { shopMoney: { amount: '12.5', currencyCode: 'USD' } } }) } } }));
    expect((await connector.getOrder('gid://shopify/Order/1'))?.refunded).toEqual({ minor: 1250, currency: 'USD' });
    mock.answer(() => ({ json: { data: { order: orderNode() } } }));
    expect((await connector.getOrder('gid://shopify/Order/1'))?.refunded).toBeNull();
    expect(mock.calls[0]?.query).toContain('totalRefundedSet');
  });

  it('answers null for an unknown order, a guest order without a customer, and a non-order id (without a call)', async () => {
    mock.answer(() => ({ json: { data: { order: null } } }));
    expect(await connector.getOrder('gid://shopify/Order/404')).toBeNull();
    mock.answer(() => ({ json: { data: { order: orderNode({ customer: null }) } } }));
    expect(await connector.getOrder('gid://shopify/Order/405')).toBeNull();
    expect(await connector.getOrder('gid://shopify/Customer/1')).toBeNull();
    expect(mock.calls).toHaveLength(2);
  });
});

describe('Shopify orders read along with customers (the newest 10, for the rest of the request)', () => {
  const customers = fixture<{ data: { customers: { edges: { node: Record<string, unknown> }[] } } }>('customers-by-email.response.json');
  /** Bob as nodes(ids:) answers him, with his two example orders (edge cursors o1, o2) and whether more follow. */
  const bobWithOrders = (hasNextPage: boolean) => ({
    ...customers.data.customers.edges[0]?.node,
    id: BOB,
    numberOfOrders: '25',
    orders: {
      edges: example().orders.edges.map((edge, i) => ({ cursor: `o${i + 1}`, node: edge.node })),
      pageInfo: { hasNextPage, endCursor: 'o2' },
    },
  });

  it('answers ordersFor from the orders a read by id brought, in the same request only', async () => {
    mock.answer((call) => (call.operation === 'CustomersByIds' ? { json: { data: { nodes: [bobWithOrders(true)] } } } : ordersOf(call)));
    const scope = {};
    await connector.getContacts([BOB], { scope });
    expect(mock.calls[0]?.query).toContain('orders(first: 10, sortKey: CREATED_AT, reverse: true)');
    const page = (await connector.ordersFor([BOB], { first: 5 }, { scope })).get(BOB);
    expect(mock.calls.map((c) => c.operation)).toEqual(['CustomersByIds']);
    expect(page).toMatchObject({ totalCount: 25, next: 'o2' });
    expect(page?.items.map((o) => o.name)).toEqual(['#1002', '#1001']);
    // A shorter page resumes right after its last order.
    expect((await connector.ordersFor([BOB], { first: 1 }, { scope })).get(BOB)).toMatchObject({ next: 'o1', items: [{ name: '#1002' }] });
    // Another request, a resumed page or more than 10 orders ask Shopify.
    await connector.ordersFor([BOB], { first: 5 }, { scope: {} });
    await connector.ordersFor([BOB], { first: 5, after: 'o2' }, { scope });
    await connector.ordersFor([BOB], { first: 11 }, { scope });
    expect(mock.calls.map((c) => c.operation)).toEqual(['CustomersByIds', 'OrdersOfCustomers', 'OrdersOfCustomers', 'OrdersOfCustomers']);
  });

  it('ends the prefetched page when Shopify has no more orders, and reads only the customers not prefetched', async () => {
    const other = 'gid://shopify/Customer/2';
    mock.answer((call) => (call.operation === 'CustomersByIds' ? { json: { data: { nodes: [bobWithOrders(false)] } } } : ordersOf(call)));
    const scope = {};
    await connector.getContacts([BOB], { scope });
    const pages = await connector.ordersFor([BOB, other], { first: 5 }, { scope });
    expect(pages.get(BOB)).toMatchObject({ next: null, totalCount: 25 });
    expect(mock.calls[1]).toMatchObject({ operation: 'OrdersOfCustomers', variables: { ids: [other] } });
  });
});
