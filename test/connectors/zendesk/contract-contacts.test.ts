import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createZendeskConnector } from '../../../connectors/zendesk/index.js';
import { fixture } from './helpers.js';
import { BASE, CONFIG, searchPage, useMswServer } from './msw.js';

const { server, seen } = useMswServer();
const connector = createZendeskConnector(CONFIG);
const showMany = fixture<{ users: Array<Record<string, unknown>> }>('users-show-many.200.json');
const byEmail = fixture<{ users: Array<Record<string, unknown>> }>('users-search-by-email.200.json');
const alex = showMany.users[0]!;
const ids = (n: number) => Array.from({ length: n }, (_, i) => String(9_873_843_001 + i));

describe('getContacts (GET /api/v2/users/show_many?ids=)', () => {
  it.each([
    [1, 1],
    [100, 1],
    [250, 3],
  ])('asks for %i ids in %i request(s) of at most 100 ids', async (n, requests) => {
    server.use(http.get(`${BASE}/api/v2/users/show_many`, () => HttpResponse.json(showMany)));
    await connector.getContacts(ids(n));
    expect(seen).toHaveLength(requests);
    const asked = seen.flatMap((url) => url.searchParams.get('ids')!.split(','));
    expect(asked.sort()).toEqual(ids(n).sort());
    for (const url of seen) expect(url.searchParams.get('ids')!.split(',').length).toBeLessThanOrEqual(100);
  });

  it('sends API-token basic auth: base64 of "{email}/token:{api_token}"', async () => {
    let authorization: string | null = null;
    server.use(http.get(`${BASE}/api/v2/users/show_many`, ({ request }) => {
      authorization = request.headers.get('authorization');
      return HttpResponse.json(showMany);
    }));
    await connector.getContacts(['9873843001']);
    expect(authorization).toBe(`Basic ${Buffer.from('agent@acme.example/token:zd-test-token-5f1c9a').toString('base64')}`);
  });

  it('returns the users Zendesk has and leaves unknown ids out of the map', async () => {
    server.use(http.get(`${BASE}/api/v2/users/show_many`, () => HttpResponse.json(showMany)));
    const found = await connector.getContacts(['9873843001', '9873843999']);
    expect([...found.keys()]).toEqual(['9873843001']);
    expect(found.get('9873843001')).toMatchObject({ fullName: 'Alex Rivera', provenance: { recordId: '9873843001' } });
  });

  it('de-duplicates ids and never sends ids that cannot be Zendesk integers', async () => {
    server.use(http.get(`${BASE}/api/v2/users/show_many`, () => HttpResponse.json(showMany)));
    await connector.getContacts(['9873843001', '9873843001', 'gid://shopify/Customer/1', '12abc', '']);
    expect(seen.map((url) => url.searchParams.get('ids'))).toEqual(['9873843001']);
    await connector.getContacts(['not-an-id']);
    expect(seen).toHaveLength(1);
  });
});

describe('findContacts', () => {
  it('searches emails with one type:user query of quoted terms joined by OR', async () => {
    server.use(http.get(`${BASE}/api/v2/search`, () => HttpResponse.json(searchPage(byEmail.users, 'user'))));
    const found = await connector.findContacts([
      { kind: 'email', value: 'alex.rivera@example.com' },
      { kind: 'email', value: 'nobody@example.com' },
    ]);
    expect(seen.map((url) => url.searchParams.get('query'))).toEqual(['type:user email:"alex.rivera@example.com" OR email:"nobody@example.com"']);
    expect(found.get('email:alex.rivera@example.com')?.map((c) => c.provenance.recordId)).toEqual(['9873843001']);
    expect(found.get('email:nobody@example.com')).toEqual([]);
  });

  it('escapes search syntax in a key so it cannot widen the search', async () => {
    server.use(http.get(`${BASE}/api/v2/search`, () => HttpResponse.json(searchPage([], 'user'))));
    const found = await connector.findContacts([{ kind: 'email', value: 'a@b.com OR email:*' }, { kind: 'email', value: 'x"\\)(' }]);
    expect(seen.map((url) => url.searchParams.get('query'))).toEqual(['type:user email:"a@b.com OR email:*" OR email:"x\\"\\\\)("']);
    expect([...found.values()]).toEqual([[], []]);
  });

  it('matches users back to keys by normalising the stored email and phone (national phones read as US)', async () => {
    const stored = { ...alex, email: ' Alex.Rivera@EXAMPLE.com\t', phone: '(617) 555-0148' };
    server.use(http.get(`${BASE}/api/v2/search`, () => HttpResponse.json(searchPage([stored], 'user'))));
    const found = await connector.findContacts([
      { kind: 'email', value: 'alex.rivera@example.com' },
      { kind: 'phone', value: '+16175550148' },
    ]);
    expect(seen.map((url) => url.searchParams.get('query'))).toEqual([
      'type:user email:"alex.rivera@example.com"',
      'type:user phone:"+16175550148"',
    ]);
    expect(found.get('email:alex.rivera@example.com')?.[0]?.emails).toEqual([' Alex.Rivera@EXAMPLE.com\t']);
    expect(found.get('phone:+16175550148')?.[0]?.phones).toEqual(['(617) 555-0148']);
  });

  it('puts at most 30 terms in one search: 31 emails cost 2 searches', async () => {
    server.use(http.get(`${BASE}/api/v2/search`, () => HttpResponse.json(searchPage([], 'user'))));
    const keys = Array.from({ length: 31 }, (_, i) => ({ kind: 'email' as const, value: `p${i}@example.com` }));
    const found = await connector.findContacts(keys);
    expect(seen).toHaveLength(2);
    expect(found.size).toBe(31);
  });

  it('follows next_page with the page parameter until the last page', async () => {
    server.use(http.get(`${BASE}/api/v2/search`, ({ request }) => {
      const page = new URL(request.url).searchParams.get('page');
      return HttpResponse.json(page === '1' ? searchPage([alex], 'user', `${BASE}/api/v2/search.json?page=2`, 2) : searchPage([{ ...alex, id: 9873843002 }], 'user'));
    }));
    const found = await connector.findContacts([{ kind: 'email', value: 'alex.rivera@example.com' }]);
    expect(seen.map((url) => [url.searchParams.get('page'), url.searchParams.get('per_page')])).toEqual([['1', '100'], ['2', '100']]);
    expect(found.get('email:alex.rivera@example.com')?.map((c) => c.provenance.recordId)).toEqual(['9873843001', '9873843002']);
  });

  it('looks CRM cross-references up by show_many?external_ids= and matches them case-insensitively', async () => {
    server.use(http.get(`${BASE}/api/v2/users/show_many`, () => HttpResponse.json(showMany)));
    const found = await connector.findContacts([{ kind: 'xref', source: 'CRM', value: 'HUBSPOT-51' }]);
    expect(seen.map((url) => url.searchParams.get('external_ids'))).toEqual(['HUBSPOT-51']);
    expect(found.get('xref:CRM:HUBSPOT-51')?.map((c) => c.provenance.recordId)).toEqual(['9873843001']);
  });

  it('finds nothing, without a request, for cross-references of other silos', async () => {
    const found = await connector.findContacts([{ kind: 'xref', source: 'POS', value: 'hubspot-51' }]);
    expect(seen).toHaveLength(0);
    expect(found.get('xref:POS:hubspot-51')).toEqual([]);
  });

  it('answers family-name keys with [] and no request, and does not claim to support them: users hold no address', async () => {
    const key = { kind: 'familyName', value: 'rivera', postalCode: '02139' } as const;
    const found = await connector.findContacts([key, key]);
    expect(seen).toHaveLength(0);
    expect(Object.fromEntries(found)).toEqual({ 'familyName:rivera|02139': [] });
    expect(connector.supports(key)).toBe(false);
  });
});

describe('listContacts (GET /api/v2/users, cursor pagination)', () => {
  const page = (hasMore: boolean) => ({
    users: showMany.users,
    meta: { has_more: hasMore, after_cursor: hasMore ? 'eyJvIjoiaWQiLCJ2Ijo5ODczODQzMDAxfQ==' : null, before_cursor: null },
    links: { next: null, prev: null },
  });

  it('asks for end-users with page[size] and returns the after_cursor as the next cursor', async () => {
    server.use(http.get(`${BASE}/api/v2/users`, () => HttpResponse.json(page(true))));
    const result = await connector.listContacts({ first: 1 });
    expect(Object.fromEntries(seen[0]!.searchParams)).toEqual({ role: 'end-user', 'page[size]': '1' });
    expect(result).toMatchObject({ next: 'eyJvIjoiaWQiLCJ2Ijo5ODczODQzMDAxfQ==', totalCount: null });
    expect(result.items.map((c) => c.provenance.recordId)).toEqual(['9873843001']);
  });

  it('resumes from page[after] and ends when has_more is false', async () => {
    server.use(http.get(`${BASE}/api/v2/users`, () => HttpResponse.json(page(false))));
    const result = await connector.listContacts({ first: 50, after: 'CURSOR' });
    expect(seen[0]!.searchParams.get('page[after]')).toBe('CURSOR');
    expect(seen[0]!.searchParams.get('page[size]')).toBe('50');
    expect(result.next).toBeNull();
  });
});
