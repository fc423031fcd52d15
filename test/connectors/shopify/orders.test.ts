import { readFileSync } from 'node:fs';
import { buildSchema, graphql, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { customerSearches } from '../../../connectors/shopify/queries.js';
import { SEARCHES_PER_CALL } from '../../../connectors/shopify/limits.js';
import { analyseQuery } from '../../../connectors/shopify/sandbox/query-cost.js';
import { sandboxSchema } from '../../../connectors/shopify/sandbox/sandbox-schema.js';
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
    expect(mock.calls[0]).toMatchObject({ operation: 'OrdersOfCustomers', variables: { ids: [BOB], first: 20, after: null, query: null } });
    expect(mock.calls[0]?.query).toMatch(/orders\(first: \$first, after: \$after, sortKey: CREATED_AT, reverse: true, query: \$query\)/);
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
      { ids: [BOB], first: 2, after: 'CURSOR', query: null },
      { ids: ['gid://shopify/Customer/7'], first: 2, after: 'CURSOR', query: null },
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

// Shopify's examples select no refunds: this payload is the customer-orders example with `totalRefundedSet` and
// `refunds` added in the shape of shopify.dev's Refund reference (its three refunds out of order, one at a -05:00
// offset, one of nothing); the first test checks it against the sandbox's copy of the Admin schema.
const withRefunds = () => fixture<OrdersExample>('customer-orders-refunds.response.json').data.customer;

describe('Shopify refunds with their times (Order.refunds)', () => {
  it('is a payload the Admin schema admits: Order.refunds a list of Refund { createdAt, totalRefundedSet }', async () => {
    const schema = buildSchema(readFileSync(new URL('../../../connectors/shopify/sandbox/admin-graphql.subset.graphql', import.meta.url), 'utf8'));
    const source = `{ customer(id: "${BOB}") { id orders(first: 2) { edges { node {
      id name createdAt processedAt cancelledAt displayFinancialStatus displayFulfillmentStatus currencyCode
      totalPriceSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }
      totalRefundedSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }
      refunds { id createdAt totalRefundedSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } } }
      lineItems(first: 50) { edges { node { id name sku quantity originalUnitPriceSet { shopMoney { amount currencyCode } }
        discountedTotalSet { shopMoney { amount currencyCode } } } } pageInfo { hasNextPage endCursor } }
    } } pageInfo { hasNextPage endCursor } } } }`;
    const customer = withRefunds();
    const result = await graphql({ schema, source, rootValue: { customer } });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ customer });
  });

  it('maps each refund that paid money back with its time in UTC, oldest first, and an order without any to []', async () => {
    mock.answer((call) => ({ json: { data: { nodes: (call.variables.ids as string[]).map((id) => ({ ...withRefunds(), id, numberOfOrders: '2' })) } } }));
    const page = (await connector.ordersFor([BOB], { first: 5 })).get(BOB);
    expect(page?.items.map((o) => [o.name, o.refunded, o.refunds])).toEqual([
      ['#1002', { minor: 6000, currency: 'USD' }, [
        { createdAt: '2025-11-14T15:26:56.000Z', amount: { minor: 1000, currency: 'USD' } },
        { createdAt: '2025-11-20T14:00:00.000Z', amount: { minor: 5000, currency: 'USD' } },
      ]],
      ['#1001', { minor: 0, currency: 'USD' }, []],
    ]);
    expect(mock.calls[0]?.query).toContain('refunds(first: 20) { createdAt totalRefundedSet { shopMoney { amount currencyCode } } }');
  });

  it('keeps refunds null where the payload carries none (a read that did not ask), and drops one without a time', async () => {
    mock.answer(() => ({ json: { data: { order: orderNode() } } }));
    expect((await connector.getOrder('gid://shopify/Order/1'))?.refunds).toBeNull();
    const untimed = { createdAt: null, totalRefundedSet: { shopMoney: { amount: '5.0', currencyCode: 'USD' } } };
    mock.answer(() => ({ json: { data: { order: orderNode({ refunds: [untimed] }) } } }));
    expect((await connector.getOrder('gid://shopify/Order/1'))?.refunds).toEqual([]);
  });
});

describe('Shopify ordersFor with createdAtOrBefore (the order search created_at:<=)', () => {
  it('narrows every customer\'s orders with one search, to the second, still 250 customers a call, and gives no total', async () => {
    mock.answer((call) => ordersOf(call));
    const ids = Array.from({ length: 251 }, (_, i) => `gid://shopify/Customer/${5000 + i}`);
    const pages = await connector.ordersFor(ids, { first: 5, createdAtOrBefore: '2025-11-01T12:00:00.999Z' });
    expect(pages.size).toBe(251);
    expect(mock.calls.map((c) => [(c.variables.ids as string[]).length, c.variables.query])).toEqual([
      [250, 'created_at:<=2025-11-01T12:00:00Z'],
      [1, 'created_at:<=2025-11-01T12:00:00Z'],
    ]);
    expect(pages.get(ids[0]!)?.totalCount).toBeNull();
    // A resumed page carries the same search with its cursor.
    mock.calls.length = 0;
    await connector.ordersFor([BOB], { first: 2, after: 'CURSOR', createdAtOrBefore: '2025-11-01T12:00:00Z' });
    expect(mock.calls.map((c) => c.variables)).toEqual([{ ids: [BOB], first: 2, after: 'CURSOR', query: 'created_at:<=2025-11-01T12:00:00Z' }]);
  });

  it('refuses a bound that is no instant before any call', async () => {
    await expect(connector.ordersFor([BOB], { first: 2, createdAtOrBefore: 'yesterday' })).rejects.toThrow(RangeError);
    expect(mock.calls).toHaveLength(0);
  });

  it('answers a bounded first page from the prefetched orders where they hold it, else asks Shopify', async () => {
    const customers = fixture<{ data: { customers: { edges: { node: Record<string, unknown> }[] } } }>('customers-by-email.response.json');
    const bob = (hasNextPage: boolean) => ({
      ...customers.data.customers.edges[0]?.node, id: BOB, numberOfOrders: '2',
      orders: { edges: example().orders.edges.map((edge, i) => ({ cursor: `o${i + 1}`, node: edge.node })), pageInfo: { hasNextPage, endCursor: 'o2' } },
    });
    for (const more of [false, true]) {
      mock.calls.length = 0;
      mock.answer((call) => (call.operation === 'CustomersByIds' ? { json: { data: { nodes: [bob(more)] } } } : ordersOf(call)));
      const scope = {};
      await connector.getContacts([BOB], { scope });
      // #1002 was placed 2025-11-12, #1001 2025-10-03: a bound between them keeps #1001 alone.
      const page = (await connector.ordersFor([BOB], { first: 1, createdAtOrBefore: '2025-11-01T00:00:00Z' }, { scope })).get(BOB);
      expect(page).toMatchObject({ items: [{ name: '#1001' }], next: more ? 'o2' : null, totalCount: null });
      // Before both, nothing prefetched is within the bound: only a customer without more orders is answered (empty).
      const none = (await connector.ordersFor([BOB], { first: 1, createdAtOrBefore: '2025-01-01T00:00:00Z' }, { scope })).get(BOB);
      if (!more) expect(none).toEqual({ items: [], next: null, totalCount: null });
      expect(mock.calls.map((c) => c.operation)).toEqual(more ? ['CustomersByIds', 'OrdersOfCustomers'] : ['CustomersByIds']);
    }
  });
});

describe('Shopify query cost with refunds', () => {
  it('keeps the aliased customer searches with their orders (refunds included) within the 1000 points one query may cost', () => {
    const doc = parse(customerSearches(Array.from({ length: SEARCHES_PER_CALL }, () => true)));
    const operation = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
    const fragments = new Map(doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === 'FragmentDefinition').map((f) => [f.name.value, f]));
    const variables = { first: 250, ...Object.fromEntries(Array.from({ length: SEARCHES_PER_CALL }, (_, i) => [`q${i}`, 'email:a@b.example'])) };
    const { requested, errors } = analyseQuery(sandboxSchema(), operation, fragments, variables);
    expect(errors).toEqual([]);
    expect(requested).toBeLessThanOrEqual(1000);
  });
});
