import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createSquareConnector } from '../../../connectors/square/index.js';
import { example, SECRET_TOKEN, square, SQUARE_URL, useMockSquare } from './support.js';

const server = useMockSquare();
const connector = () => createSquareConnector({ baseUrl: SQUARE_URL, accessToken: SECRET_TOKEN });
const documentedRequest = example('orders-search-by-customer.request.json');
const locations = (ids: string[]) => square('get', '/v2/locations', () => HttpResponse.json({ locations: ids.map((id) => ({ id, name: id })) }));
const saleTemplate = example('orders-search-by-customer.200.json').orders[0];
/** A copy of Square's example order, moved to another id, customer, location and time. */
const sale = (id: string, customer: string, createdAt: string, location = '057P5VYJ4A5X1') => ({
  ...saleTemplate, id, customer_id: customer, location_id: location, created_at: createdAt, tenders: [],
});
/** A SearchOrders mock answering from a fixed order list, filtered the way Square filters. */
const ordersOf = (all: object[]) =>
  square('post', '/v2/orders/search', (sent) => {
    const { customer_ids } = sent.body.query.filter.customer_filter;
    const orders = (all as Array<{ customer_id: string; location_id: string }>).filter(
      (o) => customer_ids.includes(o.customer_id) && sent.body.location_ids.includes(o.location_id),
    );
    return HttpResponse.json(orders.length > 0 ? { orders } : {});
  });

describe('listContacts over ListCustomers', () => {
  it("asks for the oldest profiles first with a count, and passes Square's cursor on as Page.next", async () => {
    const list = square('get', '/v2/customers', () => HttpResponse.json({ ...example<object>('customers-search.200.json'), count: 7 }));
    server.use(list.handler);
    const page = await connector().listContacts({ first: 2, after: 'resume-here' });
    expect(Object.fromEntries(list.sent[0]?.url.searchParams ?? [])).toEqual({
      limit: '2', cursor: 'resume-here', sort_field: 'CREATED_AT', sort_order: 'ASC', count: 'true',
    });
    expect(page.items.map((r) => r.provenance.recordId)).toEqual(['JDKYHBWT1D4F8MFH63DBMEN8Y4', 'A9641GZW2H7Z56YYSD41Q12HDW']);
    expect([page.next, page.totalCount]).toEqual(['9dpS093Uy12AzeE', 7]);
  });

  it('collects pages of at most 100 until `first` profiles are read', async () => {
    const profile = example('customer-retrieve.200.json').customer;
    const list = square('get', '/v2/customers', (sent) => {
      const limit = Number(sent.url.searchParams.get('limit'));
      const customers = Array.from({ length: limit }, (_, i) => ({ ...profile, id: `${sent.url.searchParams.get('cursor') ?? 'p1'}-${i}` }));
      return HttpResponse.json({ customers, cursor: 'p2' });
    });
    server.use(list.handler);
    const page = await connector().listContacts({ first: 150 });
    expect(list.sent.map((s) => [s.url.searchParams.get('limit'), s.url.searchParams.get('cursor')])).toEqual([['100', null], ['50', 'p2']]);
    expect([page.items.length, page.next, page.totalCount]).toEqual([150, 'p2', null]);
  });
});

describe('transactionsFor over SearchOrders', () => {
  it('searches the way Square documents: all locations, a customer_filter, newest first, full orders', async () => {
    const search = ordersOf([]);
    server.use(locations(documentedRequest.location_ids).handler, search.handler);
    await connector().transactionsFor(['JDKYHBWT1D4F8MFH63DBMEN8Y4'], { first: 10 });
    const body = search.sent[0]?.body;
    expect(body.location_ids).toEqual(documentedRequest.location_ids);
    expect(body.query.filter.customer_filter).toEqual(documentedRequest.query.filter.customer_filter);
    expect(body.query.sort).toEqual(documentedRequest.query.sort);
    expect(body.return_entries).toBe(false);
  });

  it.each([
    [1, 1],
    [10, 1],
    [25, 3],
  ])('spends one locations read per connector and ceil(%i / 10) = %i searches', async (n, searches) => {
    const where = locations(['L1']);
    const search = ordersOf([]);
    server.use(where.handler, search.handler);
    const pos = connector();
    const customers = Array.from({ length: n }, (_, i) => `C${i}`);
    const pages = await pos.transactionsFor([...customers, ...customers], { first: 5 });
    await pos.transactionsFor(customers, { first: 5 });
    expect([where.sent.length, search.sent.length]).toEqual([1, 2 * searches]);
    expect(search.sent.every((s) => s.body.query.filter.customer_filter.customer_ids.length <= 10)).toBe(true);
    expect([...pages.values()].every((p) => p.items.length === 0 && p.totalCount === 0 && p.next === null)).toBe(true);
    expect(pages.size).toBe(n);
  });

  it('splits a seller with more than 10 locations into searches of 10 and merges them newest first', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `LOC${i}`);
    const search = ordersOf([sale('OLD', 'C1', '2024-01-01T00:00:00Z', 'LOC0'), sale('NEW', 'C1', '2025-01-01T00:00:00Z', 'LOC11')]);
    server.use(locations(ids).handler, search.handler);
    const pages = await connector().transactionsFor(['C1'], { first: 5 });
    expect(search.sent.map((s) => s.body.location_ids.length)).toEqual([10, 2]);
    expect(pages.get('C1')?.items.map((t) => t.provenance.recordId)).toEqual(['NEW', 'OLD']);
  });

  it("maps Square's order-by-customer example and follows its cursor to the end", async () => {
    const search = square('post', '/v2/orders/search', (sent) =>
      HttpResponse.json(sent.body.cursor ? {} : example('orders-search-by-customer.200.json')));
    server.use(locations(documentedRequest.location_ids).handler, search.handler);
    const pages = await connector().transactionsFor(['JDKYHBWT1D4F8MFH63DBMEN8Y4'], { first: 10 });
    expect(search.sent[1]?.body.cursor).toBe(example('orders-search-by-customer.200.json').cursor);
    expect(pages.get('JDKYHBWT1D4F8MFH63DBMEN8Y4')).toMatchObject({
      items: [{ provenance: { recordId: 'CAISENgvlJ6jLWAzERDzjyHVybY' }, total: { minor: 900, currency: 'USD' } }],
      next: null,
      totalCount: 1,
    });
  });

  it('carries a sale\'s approved refunds, each with its time, from Order.refunds over SearchOrders (the example order with a refund)', async () => {
    const body = example('orders-search-by-customer-refunded.200.json');
    server.use(locations(documentedRequest.location_ids).handler, square('post', '/v2/orders/search', () => HttpResponse.json({ orders: body.orders })).handler);
    const pages = await connector().transactionsFor(['JDKYHBWT1D4F8MFH63DBMEN8Y4'], { first: 10 });
    expect(pages.get('JDKYHBWT1D4F8MFH63DBMEN8Y4')?.items).toMatchObject([
      {
        total: { minor: 900, currency: 'USD' },
        refunded: { minor: 450, currency: 'USD' },
        refunds: [{ createdAt: '2025-10-05T09:12:43.000Z', amount: { minor: 450, currency: 'USD' } }],
      },
    ]);
  });

  it('slices each customer to `first` with an opaque per-customer `after` and that customer\'s totalCount', async () => {
    const orders = [1, 2, 3, 4, 5].map((d) => sale(`A${d}`, 'A', `2025-01-0${d}T00:00:00Z`)).concat(sale('B1', 'B', '2025-02-01T00:00:00Z'));
    server.use(locations(['057P5VYJ4A5X1']).handler, ordersOf(orders).handler);
    const pos = connector();
    const first = await pos.transactionsFor(['A', 'B'], { first: 2 });
    const a = first.get('A');
    expect([a?.items.map((t) => t.provenance.recordId), a?.totalCount]).toEqual([['A5', 'A4'], 5]);
    expect(first.get('B')).toMatchObject({ next: null, totalCount: 1 });
    const second = await pos.transactionsFor(['A'], { first: 2, after: a?.next });
    const third = await pos.transactionsFor(['A'], { first: 2, after: second.get('A')?.next });
    expect(second.get('A')?.items.map((t) => t.provenance.recordId)).toEqual(['A3', 'A2']);
    expect([third.get('A')?.items.map((t) => t.provenance.recordId), third.get('A')?.next]).toEqual([['A1'], null]);
  });

  it('bounds the search by created_at with an inclusive end_at, sorting on CREATED_AT as Square requires, and pages within the bound', async () => {
    const orders = [1, 2, 3, 4, 5].map((d) => sale(`A${d}`, 'A', `2025-01-0${d}T00:00:00Z`));
    // Square's SearchOrdersDateTimeFilter: start and end are inclusive.
    const search = square('post', '/v2/orders/search', (sent) => {
      const end = sent.body.query.filter.date_time_filter?.created_at?.end_at;
      const kept = orders.filter((o) => end === undefined || Date.parse(o.created_at) <= Date.parse(end));
      return HttpResponse.json(kept.length > 0 ? { orders: kept } : {});
    });
    server.use(locations(['057P5VYJ4A5X1']).handler, search.handler);
    const pos = connector();
    const window = { first: 2, createdAtOrBefore: '2025-01-04T01:00:00+01:00' };
    const first = (await pos.transactionsFor(['A'], window)).get('A');
    expect(search.sent[0]?.body.query).toEqual({
      filter: { customer_filter: { customer_ids: ['A'] }, date_time_filter: { created_at: { end_at: '2025-01-04T00:00:00.000Z' } } },
      sort: { sort_field: 'CREATED_AT', sort_order: 'DESC' },
    });
    expect([first?.items.map((t) => t.provenance.recordId), first?.totalCount]).toEqual([['A4', 'A3'], 4]);
    const second = (await pos.transactionsFor(['A'], { ...window, after: first?.next })).get('A');
    expect([second?.items.map((t) => t.provenance.recordId), second?.next]).toEqual([['A2', 'A1'], null]);
    // Without a bound the search is Square's documented one, with no date_time_filter.
    await pos.transactionsFor(['A'], { first: 2 });
    expect(search.sent.at(-1)?.body.query.filter).toEqual({ customer_filter: { customer_ids: ['A'] } });
  });

  it('refuses a createdAtOrBefore that is no instant with a RangeError, before any search', async () => {
    const search = ordersOf([]);
    server.use(locations(['L1']).handler, search.handler);
    await expect(connector().transactionsFor(['A'], { first: 2, createdAtOrBefore: 'soon' })).rejects.toBeInstanceOf(RangeError);
    expect(search.sent).toHaveLength(0);
  });

  it('refuses an `after` it did not issue with a RangeError', async () => {
    await expect(connector().transactionsFor(['A'], { first: 2, after: 'not-a-cursor' })).rejects.toBeInstanceOf(RangeError);
  });
});

describe('getTransaction over RetrieveOrder', () => {
  it("maps Square's RetrieveOrder example and answers null for its 404", async () => {
    server.use(square('get', '/v2/orders/:id', (sent) =>
      sent.url.pathname.endsWith('/CAISENgvlJ6jLWAzERDzjyHVybY')
        ? HttpResponse.json(example('order-retrieve.200.json'))
        : HttpResponse.json(example('error.404.json'), { status: 404 })).handler);
    const found = await connector().getTransaction('CAISENgvlJ6jLWAzERDzjyHVybY');
    expect(found).toMatchObject({ state: 'OPEN', locationId: 'D7AVYMEAPJ3A3', total: { minor: 550, currency: 'USD' } });
    expect(await connector().getTransaction('2GYD7WNXF7BJZW1PMGNXZ3Y8M8')).toBeNull();
  });

  it('answers null without calling Square for an id that cannot be a Square id', async () => {
    expect(await connector().getTransaction('../customers/JDKYHBWT1D4F8MFH63DBMEN8Y4')).toBeNull();
  });
});
