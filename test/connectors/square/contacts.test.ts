import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { lookupKeyId, SourceUnavailable, type LookupKey } from '../../../src/model/index.js';
import { createSquareConnector } from '../../../connectors/square/index.js';
import { example, SECRET_TOKEN, square, SQUARE_URL, useMockSquare } from './support.js';
import { DEFAULT_SQUARE_VERSION } from '../../../connectors/square/index.js';

const server = useMockSquare();
const connector = () => createSquareConnector({ baseUrl: SQUARE_URL, accessToken: SECRET_TOKEN, maxAttempts: 2 });
const searchReturns = (body: object) => square('post', '/v2/customers/search', (sent) => HttpResponse.json(sent.body.cursor ? {} : body));

describe('getContacts over BulkRetrieveCustomers', () => {
  it("returns the found customers of Square's partial-success example and drops its per-id NOT_FOUND", async () => {
    const bulk = square('post', '/v2/customers/bulk-retrieve', () => HttpResponse.json(example('customers-bulk-retrieve.200.json')));
    server.use(bulk.handler);
    const wanted: string[] = example('customers-bulk-retrieve.request.json').customer_ids;
    const found = await connector().getContacts(wanted);
    expect(bulk.sent.map((s) => s.body)).toEqual([example('customers-bulk-retrieve.request.json')]);
    expect([...found.keys()].sort()).toEqual(['8DDA5NZVBZFGAX0V3HPF81HHE0', 'N18CPRVXR5214XPBBA6BZQWF3C']);
    expect(found.get('8DDA5NZVBZFGAX0V3HPF81HHE0')).toMatchObject({ emails: ['New.Amelia.Earhart@example.com'], provenance: { recordId: '8DDA5NZVBZFGAX0V3HPF81HHE0' } });
  });

  it('sends the Bearer token and the pinned Square-Version', async () => {
    const bulk = square('post', '/v2/customers/bulk-retrieve', () => HttpResponse.json({ responses: {} }));
    server.use(bulk.handler);
    await connector().getContacts(['A']);
    expect(bulk.sent[0]?.headers.get('authorization')).toBe(`Bearer ${SECRET_TOKEN}`);
    expect(bulk.sent[0]?.headers.get('square-version')).toBe(DEFAULT_SQUARE_VERSION);
  });

  it('treats a per-id error other than NOT_FOUND as the silo failing, not as an absent customer', async () => {
    const failed = { errors: [{ category: 'API_ERROR', code: 'INTERNAL_SERVER_ERROR', detail: 'jane@example.com broke' }] };
    server.use(square('post', '/v2/customers/bulk-retrieve', () => HttpResponse.json({ responses: { A: failed } })).handler);
    const error = await connector().getContacts(['A']).catch((e: Error) => e);
    expect(error).toBeInstanceOf(SourceUnavailable);
    expect((error as Error).message).not.toContain('jane@example.com');
  });
});

describe('findContacts over SearchCustomers (one exact search per key: Square cannot OR filters)', () => {
  it("sends Square's documented exact-email and exact-phone request bodies byte for byte", async () => {
    const search = searchReturns({});
    server.use(search.handler);
    await connector().findContacts([{ kind: 'email', value: 'amelia.earhart@example.com' }]);
    await connector().findContacts([{ kind: 'phone', value: '+12125559238' }]);
    expect(search.sent.map((s) => JSON.stringify(s.body))).toEqual([
      JSON.stringify(example('customers-search-by-email.request.json')),
      JSON.stringify(example('customers-search-by-phone.request.json')),
    ]);
  });

  it("answers every key: [] for Square's empty {} and, without a call, for keys Square cannot hold", async () => {
    const search = square('post', '/v2/customers/search', () => HttpResponse.json(example('customers-search.200.empty.json')));
    server.use(search.handler);
    const keys: LookupKey[] = [
      { kind: 'email', value: 'nobody@example.com' },
      { kind: 'email', value: 'nobody@example.com' },
      { kind: 'xref', source: 'ECOMMERCE', value: '7208455000123' },
      { kind: 'name', value: 'Amelia' },
      { kind: 'familyName', value: 'earhart', postalCode: '10003' },
      { kind: 'phone', value: '212 555 9238' },
    ];
    const found = await connector().findContacts(keys);
    expect([...found.entries()]).toEqual(keys.slice(1).map((k) => [lookupKeyId(k), []]));
    expect(search.sent).toHaveLength(1);
  });

  it('runs the searches of many keys with bounded concurrency when the customer list is longer than the keys', async () => {
    server.use(square('get', '/v2/customers', () => HttpResponse.json({ customers: [], cursor: 'more', count: 250_000 })).handler);
    let inFlight = 0;
    let peak = 0;
    server.use(square('post', '/v2/customers/search', async () => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
      return HttpResponse.json({});
    }).handler);
    const keys = Array.from({ length: 30 }, (_, i): LookupKey => ({ kind: 'email', value: `p${i}@example.com` }));
    expect((await connector().findContacts(keys)).size).toBe(30);
    expect(peak).toBeLessThanOrEqual(8);
  });

  it('reads every profile once, in creation-time windows searched side by side, and matches locally, when the keys outnumber the pages of the customer list', async () => {
    // 150 profiles created evenly from 2024 until an hour ago, oldest first.
    const first = Date.parse('2024-01-01T00:00:00Z');
    const step = (Date.now() - 3_600_000 - first) / 149;
    const profiles = Array.from({ length: 150 }, (_, i) => {
      const created = new Date(first + Math.round(i * step)).toISOString();
      return { id: `CUST${String(i).padStart(22, '0')}`, email_address: `p${i}@example.com`, created_at: created, updated_at: created };
    });
    const list = square('get', '/v2/customers', (sent) => {
      const limit = Number(sent.url.searchParams.get('limit'));
      return HttpResponse.json({ customers: profiles.slice(0, limit), count: profiles.length, cursor: String(limit) });
    });
    const search = square('post', '/v2/customers/search', (sent) => {
      const body = sent.body as { query: { filter: { created_at?: { start_at?: string; end_at?: string } } }; limit: number; cursor?: string };
      const range = body.query.filter.created_at ?? {};
      const inWindow = profiles.filter((p) => (!range.start_at || p.created_at >= range.start_at) && (!range.end_at || p.created_at <= range.end_at));
      const start = Number(body.cursor ?? 0);
      const page = inWindow.slice(start, start + body.limit);
      return HttpResponse.json({ customers: page, ...(start + body.limit < inWindow.length ? { cursor: String(start + body.limit) } : {}) });
    });
    server.use(list.handler, search.handler);
    const keys = Array.from({ length: 30 }, (_, i): LookupKey => ({ kind: 'email', value: `p${i * 5}@example.com` }));
    const found = await connector().findContacts([...keys, { kind: 'email', value: 'nobody@example.com' }]);
    expect(keys.every((k) => found.get(lookupKeyId(k))?.length === 1)).toBe(true);
    expect(found.get('email:nobody@example.com')).toEqual([]);
    // A one-profile probe (oldest first) for the count and the oldest creation time, then two windows of about 90
    // profiles, each one search: three requests instead of 31 searches.
    expect(list.sent.map((s) => s.url.searchParams.get('limit'))).toEqual(['1']);
    expect(list.sent.every((s) => s.url.searchParams.get('count') === 'true' && s.url.searchParams.get('sort_field') === 'CREATED_AT')).toBe(true);
    const windows = search.sent.map((s) => (s.body as { query: { filter: { created_at: { start_at?: string; end_at?: string } } } }).query.filter.created_at);
    expect(windows).toHaveLength(2);
    // The first window is open before, the last open after, and they meet.
    expect(windows[0]?.start_at).toBeUndefined();
    expect(windows[1]?.end_at).toBeUndefined();
    expect(windows[0]?.end_at).toBe(windows[1]?.start_at);
  });

  it('answers a later look-up of the same request from the listing it read, however few its keys, and another request by search', async () => {
    const created = '2024-01-01T00:00:00Z';
    const profiles = Array.from({ length: 20 }, (_, i) => ({ id: `CUST${String(i).padStart(22, '0')}`, email_address: `p${i}@example.com`, phone_number: `+1617555${String(1000 + i)}`, created_at: created, updated_at: created }));
    const list = square('get', '/v2/customers', () => HttpResponse.json({ customers: profiles.slice(0, 1), count: profiles.length, cursor: '1' }));
    const search = square('post', '/v2/customers/search', (sent) => {
      const filter = (sent.body as { query: { filter: { created_at?: object; phone_number?: { exact: string } } } }).query.filter;
      if (filter.created_at) return HttpResponse.json({ customers: profiles });
      return HttpResponse.json({ customers: profiles.filter((p) => p.phone_number === filter.phone_number?.exact) });
    });
    server.use(list.handler, search.handler);
    const square1 = connector();
    const request = { scope: {} };
    const round0 = Array.from({ length: 10 }, (_, i): LookupKey => ({ kind: 'email', value: `p${i}@example.com` }));
    await square1.findContacts(round0, request);
    const listing = search.sent.length;
    expect(listing).toBe(1);
    // Round 1 of the same request: two keys, which alone would cost two searches.
    const phone: LookupKey = { kind: 'phone', value: '+16175551012' };
    const round1 = await square1.findContacts([phone, { kind: 'email', value: 'p15@example.com' }], request);
    expect(round1.get(lookupKeyId(phone))?.map((r) => r.provenance.recordId)).toEqual([profiles[12]?.id]);
    expect(round1.get('email:p15@example.com')).toHaveLength(1);
    expect(search.sent).toHaveLength(listing);
    // Another request holds no listing: its single key is one search.
    const other = await square1.findContacts([phone], { scope: {} });
    expect(other.get(lookupKeyId(phone))).toHaveLength(1);
    expect(search.sent).toHaveLength(listing + 1);
  });

  it('asks nothing more than the probe when Square holds no profile at all', async () => {
    const list = square('get', '/v2/customers', () => HttpResponse.json({ count: 0 }));
    const search = square('post', '/v2/customers/search', () => HttpResponse.json({}));
    server.use(list.handler, search.handler);
    const keys = Array.from({ length: 30 }, (_, i): LookupKey => ({ kind: 'email', value: `p${i}@example.com` }));
    const found = await connector().findContacts(keys);
    expect([...found.values()].every((records) => records.length === 0)).toBe(true);
    expect(list.sent).toHaveLength(1);
    expect(search.sent).toHaveLength(0);
  });
});
