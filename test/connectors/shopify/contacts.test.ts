import { describe, expect, it } from 'vitest';
import { createShopifyConnector } from '../../../connectors/shopify/index.js';
import { CONFIG, TOKEN, fixture } from './support.js';
import { customersAnswer, searchQueriesOf, useShopifyMock, type SeenCall } from './support-mock.js';

type Customers = { data: { customers: { edges: { cursor: string; node: Record<string, unknown> }[]; pageInfo: Record<string, unknown> } } };

const mock = useShopifyMock();
const connector = createShopifyConnector(CONFIG);
const bobNode = () => fixture<Customers>('customers-by-email.response.json').data.customers.edges[0]?.node as Record<string, unknown>;
/** The example customer under other ids and values, answered the way `nodes(ids:)` answers. */
const nodesOf = (call: SeenCall) => ({
  json: { data: { nodes: (call.variables.ids as string[]).map((id) => ({ ...bobNode(), id })) } },
});
const page = (nodes: Record<string, unknown>[], next: string | null = null) => ({
  json: { data: { customers: { edges: nodes.map((node) => ({ cursor: 'c', node })), pageInfo: { hasNextPage: next !== null, endCursor: next } } } },
});

describe('Shopify findContacts against the vendor examples', () => {
  it('maps the customers-by-email example into a contact record with provenance, consent and address', async () => {
    mock.answer(() => ({ json: fixture('customers-by-email.response.json') }));
    const found = await connector.findContacts([{ kind: 'email', value: 'bob@example.com' }]);
    const [record] = found.get('email:bob@example.com') ?? [];
    expect(record).toMatchObject({
      provenance: { source: 'ECOMMERCE', system: 'shopify', recordId: 'gid://shopify/Customer/544365967', updatedAt: '2005-06-16T15:57:11Z' },
      firstName: 'Bob', lastName: 'Bobsen', fullName: 'Bob Bobsen',
      emails: ['bob@example.com'], phones: ['+13125551212'], postalCode: 'K2P0V6', countryCode: 'CA',
      crossRefs: [], createdAt: '2005-06-15T15:57:11Z',
      consent: [
        { channel: 'EMAIL', state: 'GRANTED', updatedAt: '2005-06-16T15:00:11Z' },
        { channel: 'SMS', state: 'GRANTED', updatedAt: '2021-06-16T17:31:44Z' },
      ],
    });
    expect(Date.parse(record?.provenance.fetchedAt ?? '')).not.toBeNaN();
    expect(mock.calls).toHaveLength(1);
    expect(mock.calls[0]).toMatchObject({ operation: 'CustomersPage', token: TOKEN, variables: { query: 'email:"bob@example.com"', first: 250, after: null } });
  });

  it('asks for the default address\'s phone and reads it as a secondary phone, apart from the customer\'s own', async () => {
    const bob = bobNode();
    const address = { ...(bob.defaultAddress as Record<string, unknown>), phone: '+16135550199' };
    mock.answer(() => page([{ ...bob, defaultAddress: address }, { ...bob, id: 'gid://shopify/Customer/2', phone: null, defaultAddress: address }]));
    const found = await connector.findContacts([{ kind: 'email', value: 'bob@example.com' }]);
    expect(mock.calls[0]?.query).toMatch(/defaultAddress \{ zip countryCodeV2 phone \}/);
    const phones = Object.fromEntries((found.get('email:bob@example.com') ?? []).map((r) => [r.provenance.recordId, [r.phones, r.secondaryPhones]]));
    expect(phones).toEqual({
      'gid://shopify/Customer/544365967': [['+13125551212'], ['+16135550199']],
      'gid://shopify/Customer/2': [[], ['+16135550199']],
    });
  });

  it('gives the empty customers-by-phone answer and every xref key an empty entry, searching only for the phone', async () => {
    mock.answer(() => ({ json: fixture('customers-by-phone.empty.response.json') }));
    const found = await connector.findContacts([{ kind: 'phone', value: '+18005550100' }, { kind: 'xref', source: 'CRM', value: '51' }]);
    expect(Object.fromEntries(found)).toEqual({ 'phone:+18005550100': [], 'xref:CRM:51': [] });
    expect(mock.calls.map((c) => c.variables.query)).toEqual(['phone:"+18005550100"']);
    mock.calls.length = 0;
    expect(Object.fromEntries(await connector.findContacts([{ kind: 'xref', source: 'POS', value: 'X' }]))).toEqual({ 'xref:POS:X': [] });
    expect(mock.calls).toHaveLength(0);
  });

  it('quotes and escapes search input so OR, wildcards, quotes, backslashes and parentheses cannot widen the search', async () => {
    mock.answer(() => page([]));
    await connector.findContacts([
      { kind: 'email', value: 'a@b.com OR email:*' },
      { kind: 'email', value: '*' },
      { kind: 'email', value: 'x" OR email:* OR "' },
      { kind: 'email', value: 'back\\slash\\' },
      { kind: 'phone', value: '+1) OR (phone:*' },
    ]);
    expect(mock.calls[0]?.variables.query).toBe(
      'email:"a@b.com OR email:*" OR email:"*" OR email:"x\\" OR email:* OR \\"" OR email:"back\\\\slash\\\\" OR phone:"+1) OR (phone:*"',
    );
    // Values travel as variables: the document itself never holds user input.
    expect(mock.calls[0]?.query).not.toContain('a@b.com');
  });

  it('searches names as quoted words over the default fields and keeps only records whose names start with every word', async () => {
    mock.answer(() => page([bobNode(), { ...bobNode(), id: 'gid://shopify/Customer/2', firstName: 'Jacob', lastName: 'Abbobs' }]));
    const found = await connector.findContacts([{ kind: 'name', value: 'bob BOBS*' }, { kind: 'name', value: '*' }]);
    expect(mock.calls.map((c) => c.variables.query)).toEqual(['("bob" "bobs")']);
    expect(found.get('name:bob BOBS*')?.map((r) => r.provenance.recordId)).toEqual(['gid://shopify/Customer/544365967']);
    expect(found.get('name:*')).toEqual([]);
  });

  it('ORs at most 50 distinct keys into one search: 120 keys (and their duplicates) cost 3 searches, aliased in one call', async () => {
    mock.answer((call) => customersAnswer(call, { edges: [], pageInfo: { hasNextPage: false, endCursor: null } }));
    const keys = Array.from({ length: 120 }, (_, i) => ({ kind: 'email' as const, value: `p${i}@example.com` }));
    const found = await connector.findContacts([...keys, ...keys]);
    expect(found.size).toBe(120);
    expect(mock.calls).toHaveLength(1);
    expect(mock.calls.map((c) => c.operation)).toEqual(['CustomerSearches']);
    expect(mock.calls.flatMap(searchQueriesOf).map((q) => q.split(' OR ').length).sort()).toEqual([20, 50, 50]);
  });

  it('pages each aliased search on its own, asking again only for the searches that have more', async () => {
    const bob = bobNode();
    mock.answer((call) => {
      const data = Object.fromEntries(searchQueriesOf(call).map((_, i) => {
        const first = call.variables[`a${i}`] === null;
        // s1 has a second page; the others end on their first.
        const more = first && i === 1 && call.variables.q1 !== undefined;
        return [`s${i}`, { edges: first ? [{ cursor: 'c', node: { ...bob, id: `gid://shopify/Customer/${i + 1}` } }] : [], pageInfo: { hasNextPage: more, endCursor: more ? 'NEXT' : null } }];
      }));
      return searchQueriesOf(call).length === 1 ? { json: { data: { customers: data.s0 } } } : { json: { data } };
    });
    const keys = Array.from({ length: 120 }, (_, i) => ({ kind: 'email' as const, value: `p${i}@example.com` }));
    await connector.findContacts(keys);
    expect(mock.calls.map((c) => c.operation)).toEqual(['CustomerSearches', 'CustomersPage']);
    expect(mock.calls[1]).toMatchObject({ variables: { after: 'NEXT', query: searchQueriesOf(mock.calls[0]!)[1] } });
  });

});

describe('Shopify getContacts and listContacts', () => {
  it('reads customers by id with nodes(ids:) and maps what it answers', async () => {
    mock.answer(nodesOf);
    expect((await connector.getContacts(['gid://shopify/Customer/1000'])).get('gid://shopify/Customer/1000')?.fullName).toBe('Bob Bobsen');
    expect(mock.calls.map((c) => c.operation)).toEqual(['CustomersByIds']);
  });

  it('leaves ids out that nodes(ids:) answers with null (unknown) or {} (another type)', async () => {
    mock.answer(() => ({ json: { data: { nodes: [bobNode(), null, {}] } } }));
    const found = await connector.getContacts(['gid://shopify/Customer/544365967', 'gid://shopify/Customer/1', 'gid://shopify/Customer/2']);
    expect([...found.keys()]).toEqual(['gid://shopify/Customer/544365967']);
  });

  it('lists customers in id order (sortKey: ID), with no search query', async () => {
    mock.answer((call) => page([bobNode()], call.variables.after === 'START' ? 'NEXT' : null));
    await connector.listContacts({ first: 1, after: 'START' });
    expect(mock.calls[0]).toMatchObject({ operation: 'CustomersPage', variables: { first: 1, after: 'START', query: null } });
    expect(mock.calls[0]?.query).toContain('sortKey: ID');
  });

});
