import { describe, expect, it } from 'vitest';
import { lineTotalMinor, type WorldPosOrder } from '../../../../connectors/sandbox-kit/index.js';
import { SQUARE_SANDBOX_CREDENTIALS } from '../../../../connectors/square/index.js';
import { drain, example, squareSpec, useSquareSilo } from '../support.js';

const NOW = Date.parse('2026-11-01T00:00:00Z');
const silo = useSquareSilo(200, { now: () => NOW });
const square = () => silo.world.square;
const everywhere = () => square().locations.map((l) => l.id);
const post = async (path: string, body: unknown) => {
  const res = await silo.api(path, { method: 'POST', body });
  return { status: res.status, body: (await res.json()) as any };
};
const get = async (path: string) => {
  const res = await silo.api(path);
  return { status: res.status, body: (await res.json()) as any };
};
const searchOrders = (body: Record<string, unknown>) => post('/v2/orders/search', { location_ids: everywhere(), ...body });
const ofCustomer = (customerId: string, extra: Record<string, unknown> = {}) =>
  searchOrders({ query: { filter: { customer_filter: { customer_ids: [customerId] } } }, ...extra });
const newestFirst = (orders: WorldPosOrder[]) => [...orders].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map((o) => o.id);
const busiest = () => {
  const counts = new Map<string, number>();
  for (const o of square().orders) counts.set(o.customerId, (counts.get(o.customerId) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
};
const validOrders = (body: unknown, schema = 'SearchOrdersResponse') => expect(squareSpec.orders.problems(schema, body)).toEqual([]);

describe('Square sandbox: SearchOrders', () => {
  it("returns a customer's orders newest first, spec-valid, with integer minor-unit totals", async () => {
    const customer = busiest();
    const { status, body } = await ofCustomer(customer);
    expect(status).toBe(200);
    validOrders(body);
    expect(body.orders.map((o: { id: string }) => o.id)).toEqual(newestFirst(square().orders.filter((o) => o.customerId === customer)));
    for (const order of body.orders) {
      const world = square().orders.find((o) => o.id === order.id);
      expect(order.total_money).toEqual({ amount: world?.totalMinor, currency: world?.currency });
    }
  });

  it('filters by state, answers order_entries when asked, and {} when nothing matches', async () => {
    const customer = busiest();
    const completed = await ofCustomer(customer, { query: { filter: { customer_filter: { customer_ids: [customer] }, state_filter: { states: ['COMPLETED'] } } } });
    expect(completed.body.orders.every((o: { state: string }) => o.state === 'COMPLETED')).toBe(true);
    const entries = await ofCustomer(customer, { return_entries: true });
    validOrders(entries.body);
    expect(entries.body.order_entries[0]).toEqual({ order_id: expect.any(String), location_id: expect.any(String), version: expect.any(Number) });
    expect((await ofCustomer('NOSUCHCUSTOMER')).body).toEqual({});
  });

  it('pages every order of the seller exactly once through its cursor', async () => {
    const seen = await drain(async (cursor) => {
      const { body } = await searchOrders({ limit: 40, return_entries: true, cursor });
      return { items: body.order_entries.map((e: { order_id: string }) => e.order_id), next: body.cursor };
    });
    expect(seen).toEqual(newestFirst(square().orders));
  });

  it("keeps a customer's orders created at or before a created_at end_at (inclusive), newest first, paging within it", async () => {
    const customer = busiest();
    const all = newestFirst(square().orders.filter((o) => o.customerId === customer));
    expect(all.length).toBeGreaterThan(3);
    const middle = square().orders.find((o) => o.id === all[Math.floor(all.length / 2)])!;
    const within = square().orders.filter((o) => o.customerId === customer && Date.parse(o.createdAt) <= Date.parse(middle.createdAt));
    const bounded = (cursor?: string) => ofCustomer(customer, {
      query: {
        filter: { customer_filter: { customer_ids: [customer] }, date_time_filter: { created_at: { end_at: middle.createdAt } } },
        sort: { sort_field: 'CREATED_AT', sort_order: 'DESC' },
      },
      limit: 1,
      ...(cursor ? { cursor } : {}),
    });
    const seen = await drain(async (cursor) => {
      const { status, body } = await bounded(cursor);
      expect(status).toBe(200);
      validOrders(body);
      return { items: (body.orders ?? []).map((o: { id: string }) => o.id), next: body.cursor };
    });
    expect(seen).toEqual(newestFirst(within));
    expect(seen).toContain(middle.id);
    expect(seen.length).toBeLessThan(all.length);
  });

  it("answers Square's own SearchOrders example (closed_at range sorted by CLOSED_AT) once given this seller's locations", async () => {
    const request = example('orders-search.request.json');
    request.location_ids = everywhere().slice(0, 2);
    request.query.filter.date_time_filter.closed_at = { start_at: '2021-01-01T00:00:00+00:00', end_at: '2027-01-01T00:00:00+00:00' };
    const { status, body } = await post('/v2/orders/search', request);
    expect(status).toBe(200);
    validOrders(body);
    expect(body.order_entries).toHaveLength(3);
  });

  it.each([
    [
      '11 customer ids',
      { query: { filter: { customer_filter: { customer_ids: Array.from({ length: 11 }, (_, i) => `C${i}`) } } } },
      'ARRAY_LENGTH_TOO_LONG',
      'query.filter.customer_filter.customer_ids',
    ],
    ['no location_ids', { location_ids: undefined }, 'MISSING_REQUIRED_PARAMETER', 'location_ids'],
    ['11 location_ids', { location_ids: Array.from({ length: 11 }, (_, i) => `L${i}`) }, 'ARRAY_LENGTH_TOO_LONG', 'location_ids'],
    ['a location of another seller', { location_ids: ['LNOTOURS'] }, 'INVALID_VALUE', 'location_ids'],
    ['limit 1001', { limit: 1001 }, 'VALUE_TOO_HIGH', 'limit'],
    [
      'a date filter on another field than the sort',
      { query: { filter: { date_time_filter: { closed_at: { start_at: '2024-01-01T00:00:00Z' } } } } },
      'BAD_REQUEST',
      'query.sort.sort_field',
    ],
    ['a state Square does not know', { query: { filter: { state_filter: { states: ['PAID'] } } } }, 'INVALID_ENUM_VALUE', 'query.filter.state_filter.states[0]'],
    ['a cursor of another query', { cursor: 'bm90LW91cnM' }, 'INVALID_CURSOR', 'cursor'],
  ])('rejects %s with 400 %s', async (_what, body, code, field) => {
    const { status, body: answer } = await searchOrders(body);
    expect(status).toBe(400);
    validOrders(answer);
    expect(answer.errors[0]).toMatchObject({ category: 'INVALID_REQUEST_ERROR', code, field });
  });
});

describe('Square sandbox: RetrieveOrder, BatchRetrieveOrders, payments and locations', () => {
  it('retrieves one order or answers 404 NOT_FOUND', async () => {
    const order = square().orders[0] as WorldPosOrder;
    const found = await get(`/v2/orders/${order.id}`);
    validOrders(found.body, 'RetrieveOrderResponse');
    expect(found.body.order).toMatchObject({ id: order.id, customer_id: order.customerId, location_id: order.locationId, state: order.state });
    const missing = await get('/v2/orders/CAISENgvlJ6jLWAzERDzjyHVybY');
    expect([missing.status, missing.body.errors[0].code]).toEqual([404, 'NOT_FOUND']);
  });

  it('batch-retrieves orders, silently ignoring unknown ids as Square documents', async () => {
    const ids = square().orders.slice(0, 3).map((o) => o.id);
    const { body } = await post('/v2/orders/batch-retrieve', { order_ids: [...ids, 'UNKNOWN'] });
    validOrders(body, 'BatchRetrieveOrdersResponse');
    expect(body.orders.map((o: { id: string }) => o.id).sort()).toEqual([...ids].sort());
  });

  it('lists payments of the last year by default, newest first, spec-valid, paged', async () => {
    const yearAgo = NOW - 365 * 24 * 3600 * 1000;
    const expected = square().payments.filter((p) => Date.parse(p.createdAt) >= yearAgo && Date.parse(p.createdAt) < NOW);
    const seen = await drain<string>(async (cursor) => {
      const { body } = await get(`/v2/payments?limit=10${cursor ? `&cursor=${cursor}` : ''}`);
      expect(squareSpec.payments.problems('ListPaymentsResponse', body)).toEqual([]);
      return { items: (body.payments ?? []).map((p: { id: string }) => p.id), next: body.cursor };
    });
    expect(seen).toEqual([...expected].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map((p) => p.id));
    const one = await get(`/v2/payments/${seen[0]}`);
    expect(squareSpec.payments.problems('GetPaymentResponse', one.body)).toEqual([]);
    const inverted = await get('/v2/payments?begin_time=2025-01-02T00:00:00Z&end_time=2025-01-01T00:00:00Z');
    expect([inverted.status, inverted.body.errors[0].code]).toEqual([400, 'INVALID_TIME_RANGE']);
  });

  it("lists the seller's locations", async () => {
    const { body } = await get('/v2/locations');
    expect(body.locations.map((l: { id: string; currency: string }) => [l.id, l.currency])).toEqual(square().locations.map((l) => [l.id, l.currency]));
  });
});

describe('Square sandbox: auth, bad requests and faults in Square shapes', () => {
  it.each([
    ['no Authorization header', {}],
    ['a wrong token', { authorization: 'Bearer EAAA-wrong' }],
    ['another scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
  ])("answers %s with Square's 401 body", async (_what, headers) => {
    const res = await silo.api('/v2/locations', { headers });
    expect([res.status, await res.json()]).toEqual([401, example('error.401.json')]);
  });

  it.each([
    ['unparseable JSON', '{"customer_ids": [', 'BAD_REQUEST'],
    ['an empty body', undefined, 'EXPECTED_JSON_BODY'],
    ['a JSON array', [], 'EXPECTED_OBJECT'],
  ])('answers %s with 400 in Square error shape', async (_what, body, code) => {
    const res = await silo.api('/v2/customers/bulk-retrieve', { method: 'POST', body });
    const answer = (await res.json()) as any;
    expect([res.status, answer.errors[0].category, answer.errors[0].code]).toEqual([400, 'INVALID_REQUEST_ERROR', code]);
    expect(squareSpec.customers.problems('BulkRetrieveCustomersResponse', answer)).toEqual([]);
  });

  it('rejects a Square-Version header that is not a release date', async () => {
    const res = await silo.api('/v2/locations', { headers: { authorization: `Bearer ${SQUARE_SANDBOX_CREDENTIALS.accessToken}`, 'square-version': 'latest' } });
    expect([res.status, ((await res.json()) as any).errors[0].code]).toEqual([400, 'INVALID_SQUARE_VERSION_FORMAT']);
  });

  it('writes a line weighed at the till as Square does: a decimal to its precision, with its unit, total = unit × weight', async () => {
    const sale = square().orders.find((o) => o.lines.some((l) => l.weightUnit !== undefined));
    if (!sale) throw new Error('the test world weighs no line');
    const { status, body } = await get(`/v2/orders/${sale.id}`);
    expect(status).toBe(200);
    validOrders(body, 'RetrieveOrderResponse');
    const index = sale.lines.findIndex((l) => l.weightUnit !== undefined);
    const line = body.order.line_items[index];
    const weighed = sale.lines[index]!;
    expect(line.quantity).toMatch(/^\d+\.\d{3}$/);
    expect(Number(line.quantity)).toBe(weighed.quantity);
    expect(line.quantity_unit).toEqual({ measurement_unit: { weight_unit: 'METRIC_KILOGRAM' }, precision: 3 });
    expect(line.total_money.amount).toBe(lineTotalMinor(weighed));
    expect(body.order.total_money.amount).toBe(body.order.line_items.reduce((s: number, l: { total_money: { amount: number } }) => s + l.total_money.amount, 0));
  });

  it("answers the rate-limit fault with Square's 429 body and no Retry-After, the error fault with API_ERROR", async () => {
    await silo.setFaults({ rateLimitRate: 1 });
    const limited = await silo.api('/v2/locations');
    expect([limited.status, limited.headers.get('retry-after'), await limited.json()]).toEqual([429, null, example('error.429.json')]);
    await silo.setFaults({ errorRate: 1 });
    const failed = await silo.api('/v2/locations');
    const body = await failed.json();
    expect(failed.status).toBe(500);
    expect(squareSpec.orders.problems('RetrieveOrderResponse', body)).toEqual([]);
    await silo.setFaults({});
  });

  it('counts requests per endpoint in /__sandbox/stats and serves the truth by person', async () => {
    await silo.resetStats();
    await silo.api('/v2/locations');
    await post('/v2/customers/bulk-retrieve', { customer_ids: ['X'] });
    expect(await silo.stats()).toEqual({ total: 2, byEndpoint: { 'GET /v2/locations': 1, 'POST /v2/customers/bulk-retrieve': 1 } });
    const truth = (await (await fetch(`${silo.sandbox.url}/__sandbox/truth`)).json()) as Record<string, string[]>;
    expect(Object.values(truth).flat().sort()).toEqual(square().customers.map((c) => c.id).sort());
  });
});
