import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { lookupKeyId, SourceUnavailable, type LookupKey } from '../../../src/model/index.js';
import { createSquareConnector } from '../../../connectors/square/index.js';
import { example, SECRET_TOKEN, square, SQUARE_URL, useMockSquare } from './support.js';

const server = useMockSquare();
const connector = () => createSquareConnector({ baseUrl: SQUARE_URL, accessToken: SECRET_TOKEN, maxAttempts: 2 });
const ids = (n: number) => Array.from({ length: n }, (_, i) => `CUST${String(i).padStart(22, '0')}`);
const notFound = (id: string) => ({ errors: [{ category: 'INVALID_REQUEST_ERROR', code: 'NOT_FOUND', detail: `Customer with ID \`${id}\` not found.` }] });
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
    expect(bulk.sent[0]?.headers.get('square-version')).toBe('2025-08-20');
  });

  it.each([
    [1, 1],
    [100, 1],
    [250, 3],
  ])('de-duplicates %i ids and spends %i bulk-retrieve calls of at most 100 ids', async (n, calls) => {
    const bulk = square('post', '/v2/customers/bulk-retrieve', (sent) =>
      HttpResponse.json({ responses: Object.fromEntries(sent.body.customer_ids.map((id: string) => [id, notFound(id)])) }),
    );
    server.use(bulk.handler);
    const found = await connector().getContacts([...ids(n), ...ids(n)]);
    expect(found.size).toBe(0);
    expect(bulk.sent).toHaveLength(calls);
    expect(bulk.sent.every((s) => s.body.customer_ids.length <= 100)).toBe(true);
    expect(bulk.sent.flatMap((s) => s.body.customer_ids).sort()).toEqual(ids(n).sort());
  });

  it('makes no call for an empty id list', async () => {
    expect((await connector().getContacts([])).size).toBe(0);
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

  it('files matches under lookupKeyId, keeping only profiles whose normalised value equals the key', async () => {
    // Square's example answer holds two profiles; only one carries each key.
    server.use(searchReturns(example('customers-search.200.json')).handler);
    const keys: LookupKey[] = [
      { kind: 'email', value: 'amelia.earhart@example.com' },
      { kind: 'phone', value: '+12125554250' },
      { kind: 'xref', source: 'CRM', value: 'your_reference_id_1' },
    ];
    const found = await connector().findContacts(keys);
    expect(keys.map((k) => found.get(lookupKeyId(k))?.map((r) => r.provenance.recordId))).toEqual([
      ['A9641GZW2H7Z56YYSD41Q12HDW'],
      ['JDKYHBWT1D4F8MFH63DBMEN8Y4'],
      ['A9641GZW2H7Z56YYSD41Q12HDW'],
    ]);
  });

  it("follows Square's cursor with the same query until the last page", async () => {
    const search = searchReturns(example('customers-search.200.json'));
    server.use(search.handler);
    await connector().findContacts([{ kind: 'email', value: 'x@example.com' }]);
    expect(search.sent.map((s) => s.body.cursor)).toEqual([undefined, '9dpS093Uy12AzeE']);
    expect(search.sent[1]?.body.query).toEqual(search.sent[0]?.body.query);
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

  it('does not claim to support family-name keys: SearchCustomers has no name filter', () => {
    expect(connector().supports({ kind: 'familyName', value: 'earhart', postalCode: '10003' })).toBe(false);
  });

  it.each(['*', 'a@b.com OR email:*', '"amelia.earhart@example.com"', 'amelia\\.earhart@example.com', '(amelia.earhart@example.com)', '%'])(
    'sends %j as one exact JSON value and matches nothing with it, even if Square answered broadly',
    async (value) => {
      const search = searchReturns(example('customers-search.200.json'));
      server.use(search.handler);
      const found = await connector().findContacts([{ kind: 'email', value }]);
      expect(search.sent[0]?.body.query).toEqual({ filter: { email_address: { exact: value } } });
      expect(found.get(lookupKeyId({ kind: 'email', value }))).toEqual([]);
    },
  );

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

  it('lists every profile once, and matches locally, when the keys outnumber the pages of the customer list', async () => {
    const profiles = Array.from({ length: 150 }, (_, i) => ({ id: `CUST${String(i).padStart(22, '0')}`, email_address: `p${i}@example.com`, created_at: '2024-01-01T00:00:00Z', updated_at: '2024-01-01T00:00:00Z' }));
    const list = square('get', '/v2/customers', (sent) => {
      const limit = Number(sent.url.searchParams.get('limit'));
      const start = Number(sent.url.searchParams.get('cursor') ?? 0);
      const page = profiles.slice(start, start + limit);
      return HttpResponse.json({ customers: page, count: profiles.length, ...(start + limit < profiles.length ? { cursor: String(start + limit) } : {}) });
    });
    const search = square('post', '/v2/customers/search', () => HttpResponse.json({}));
    server.use(list.handler, search.handler);
    const keys = Array.from({ length: 30 }, (_, i): LookupKey => ({ kind: 'email', value: `p${i * 5}@example.com` }));
    const found = await connector().findContacts([...keys, { kind: 'email', value: 'nobody@example.com' }]);
    expect(keys.every((k) => found.get(lookupKeyId(k))?.length === 1)).toBe(true);
    expect(found.get('email:nobody@example.com')).toEqual([]);
    // A one-profile probe for the count, then two pages of 100: three requests instead of 31 searches.
    expect(list.sent.map((s) => s.url.searchParams.get('limit'))).toEqual(['1', '100', '100']);
    expect(list.sent.every((s) => s.url.searchParams.get('count') === 'true')).toBe(true);
    expect(search.sent).toHaveLength(0);
  });
});
