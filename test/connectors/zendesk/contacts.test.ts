import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createZendeskConnector } from '../../../connectors/zendesk/index.js';
import { fixture } from './support.js';
import { BASE, CONFIG, searchPage, useMswServer } from './support-mock.js';

const { server, seen } = useMswServer();
const connector = createZendeskConnector(CONFIG);
const showMany = fixture<{ users: Array<Record<string, unknown>> }>('users-show-many.200.json');
const byEmail = fixture<{ users: Array<Record<string, unknown>> }>('users-search-by-email.200.json');

describe('getContacts (GET /api/v2/users/show_many?ids=)', () => {

  it('sends API-token basic auth: base64 of "{email}/token:{api_token}"', async () => {
    let authorization: string | null = null;
    server.use(http.get(`${BASE}/api/v2/users/show_many`, ({ request }) => {
      authorization = request.headers.get('authorization');
      return HttpResponse.json(showMany);
    }));
    await connector.getContacts(['9873843001']);
    expect(authorization).toBe(`Basic ${Buffer.from('agent@acme.example/token:zd-test-token-5f1c9a').toString('base64')}`);
  });

  // The OAS requires nothing of a user but `name`; its own show_many example sends only id and name.
  it("parses the OAS example's sparse users (id and name, nothing else) into records with what they hold", async () => {
    server.use(http.get(`${BASE}/api/v2/users/show_many`, () => HttpResponse.json(fixture('users-show-many.200.spec.json'))));
    const found = await connector.getContacts(['345678', '901234']);
    expect(found.get('345678')).toMatchObject({
      provenance: { recordId: '345678', updatedAt: null }, firstName: 'Johnny', lastName: 'Appleseed', fullName: 'Johnny Appleseed',
      emails: [], phones: [], crossRefs: [], createdAt: null,
    });
    expect(found.get('901234')?.fullName).toBe('Rupert Root');
  });

  it('returns the users Zendesk has and leaves unknown ids out of the map', async () => {
    server.use(http.get(`${BASE}/api/v2/users/show_many`, () => HttpResponse.json(showMany)));
    const found = await connector.getContacts(['9873843001', '9873843999']);
    expect([...found.keys()]).toEqual(['9873843001']);
    expect(found.get('9873843001')).toMatchObject({ fullName: 'Alex Rivera', provenance: { recordId: '9873843001' } });
  });

  // Zendesk keeps further emails and phones as user identities, sideloaded by `include=identities`.
  const withIdentities = fixture<{ users: unknown[]; identities: Array<Record<string, unknown>> }>('users-show-many-with-identities.200.json');

  it('asks for identities and reads a user\'s secondary emails and phones apart from its main ones (other identity types left out)', async () => {
    server.use(http.get(`${BASE}/api/v2/users/show_many`, () => HttpResponse.json(withIdentities)));
    const found = await connector.getContacts(['9873843001']);
    expect(seen.map((url) => url.searchParams.get('include'))).toEqual(['identities']);
    expect(found.get('9873843001')).toMatchObject({
      emails: ['alex.rivera@example.com'], phones: ['+16175550148'],
      secondaryEmails: ['arivera@northwind.example'], secondaryPhones: ['+1 (617) 555-0199'],
    });
  });

  it('skips an identity without a value, and another user\'s identities, keeping the user', async () => {
    const [first, second] = withIdentities.identities;
    const identities = [{ ...first, value: undefined }, { ...second, user_id: 42 }];
    server.use(http.get(`${BASE}/api/v2/users/show_many`, () => HttpResponse.json({ ...withIdentities, identities })));
    const found = await connector.getContacts(['9873843001']);
    expect(found.get('9873843001')).toMatchObject({ emails: ['alex.rivera@example.com'], secondaryEmails: [], secondaryPhones: [] });
  });

  it('lists users with their identities sideloaded on every cursor page', async () => {
    server.use(http.get(`${BASE}/api/v2/users`, () => HttpResponse.json({ ...withIdentities, meta: { has_more: false, after_cursor: null, before_cursor: null } })));
    const page = await connector.listContacts({ first: 10, after: null });
    expect(seen.map((url) => url.searchParams.get('include'))).toEqual(['identities']);
    expect(page.items[0]?.secondaryEmails).toEqual(['arivera@northwind.example']);
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

  it('searches emails and phones in type:user queries of their own kind', async () => {
    server.use(http.get(`${BASE}/api/v2/search`, () => HttpResponse.json(searchPage([], 'user'))));
    await connector.findContacts([
      { kind: 'email', value: 'alex.rivera@example.com' },
      { kind: 'phone', value: '+16175550148' },
    ]);
    expect(seen.map((url) => url.searchParams.get('query'))).toEqual([
      'type:user email:"alex.rivera@example.com"',
      'type:user phone:"+16175550148"',
    ]);
  });

  it('puts at most 100 terms in one search: 100 short emails cost 1 search, 101 cost 2', async () => {
    server.use(http.get(`${BASE}/api/v2/search`, () => HttpResponse.json(searchPage([], 'user'))));
    const keys = (n: number) => Array.from({ length: n }, (_, i) => ({ kind: 'email' as const, value: `${i}@x.io` }));
    expect((await connector.findContacts(keys(100))).size).toBe(100);
    expect(seen).toHaveLength(1);
    seen.length = 0;
    expect((await connector.findContacts(keys(101))).size).toBe(101);
    expect(seen).toHaveLength(2);
  });

  it('keeps the identities show_many sideloads for a cross-reference (for the same user found by search too); a search alone knows none', async () => {
    const withIdentities = fixture<object>('users-show-many-with-identities.200.json');
    server.use(
      http.get(`${BASE}/api/v2/users/show_many`, () => HttpResponse.json(withIdentities)),
      http.get(`${BASE}/api/v2/search`, () => HttpResponse.json(searchPage(byEmail.users, 'user'))),
    );
    const found = await connector.findContacts([{ kind: 'xref', source: 'CRM', value: 'hubspot-51' }, { kind: 'email', value: 'alex.rivera@example.com' }]);
    expect(found.get('xref:CRM:hubspot-51')?.[0]?.secondaryEmails).toEqual(['arivera@northwind.example']);
    expect(found.get('email:alex.rivera@example.com')?.[0]).toMatchObject({ secondaryEmails: ['arivera@northwind.example'] });
    const searched = await connector.findContacts([{ kind: 'email', value: 'alex.rivera@example.com' }]);
    expect(searched.get('email:alex.rivera@example.com')?.[0]).not.toHaveProperty('secondaryEmails');
  });

  it('looks CRM cross-references up by show_many?external_ids=', async () => {
    server.use(http.get(`${BASE}/api/v2/users/show_many`, () => HttpResponse.json(showMany)));
    await connector.findContacts([{ kind: 'xref', source: 'CRM', value: 'HUBSPOT-51' }]);
    expect(seen.map((url) => url.searchParams.get('external_ids'))).toEqual(['HUBSPOT-51']);
  });

});

describe('listContacts (GET /api/v2/users, cursor pagination)', () => {
  const page = (hasMore: boolean) => ({
    users: showMany.users,
    meta: { has_more: hasMore, after_cursor: hasMore ? 'eyJvIjoiaWQiLCJ2Ijo5ODczODQzMDAxfQ==' : null, before_cursor: null },
    links: { next: null, prev: null },
  });

  it('asks for end-users only, and returns the after_cursor of the example as the next cursor', async () => {
    server.use(http.get(`${BASE}/api/v2/users`, () => HttpResponse.json(page(true))));
    const result = await connector.listContacts({ first: 1 });
    expect(Object.fromEntries(seen[0]!.searchParams)).toEqual({ role: 'end-user', 'page[size]': '1', include: 'identities' });
    expect(result).toMatchObject({ next: 'eyJvIjoiaWQiLCJ2Ijo5ODczODQzMDAxfQ==', totalCount: null });
    expect(result.items.map((c) => c.provenance.recordId)).toEqual(['9873843001']);
  });

});
