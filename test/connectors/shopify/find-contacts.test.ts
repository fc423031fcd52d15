import { describe, expect, it } from 'vitest';
import { SourceBadResponse, type LookupKey } from '../../../src/model/index.js';
import { createShopifyConnector } from '../../../connectors/shopify/index.js';
import { CONFIG, failure, fixture } from './support.js';
import { customersAnswer, searchQueriesOf, useShopifyMock } from './support-mock.js';

type Customers = { data: { customers: { edges: { node: Record<string, unknown> }[] } } };

const mock = useShopifyMock();
const connector = createShopifyConnector(CONFIG);
const key = (value: string, postalCode: string): LookupKey => ({ kind: 'familyName', value, postalCode });
const word = (i: number) => [...i.toString(26)].map((c) => String.fromCharCode(97 + parseInt(c, 26))).join('');
/** The example customer under another id, last name and default-address zip. */
const customer = (n: number, lastName: string, zip: string | null) => ({
  ...fixture<Customers>('customers-by-email.response.json').data.customers.edges[0]?.node,
  id: `gid://shopify/Customer/${n}`, lastName, defaultAddress: zip === null ? null : { zip, countryCodeV2: 'GB' },
});
const page = (nodes: object[]) => ({ json: { data: { customers: { edges: nodes.map((node) => ({ cursor: 'c', node })), pageInfo: { hasNextPage: false, endCursor: null } } } } });
const queries = () => mock.calls.flatMap(searchQueriesOf);

describe('Shopify findContacts by family name and postal code', () => {
  it.each([
    [1, 1, 1],
    [100, 100, 2],
    [150, 150, 3],
    [150, 60, 2],
    [250, 250, 5],
  ])('ORs %i keys over %i distinct last names into %i searches of at most 50 last_name terms, three aliased to a call', async (n, names, searches) => {
    mock.answer((call) => customersAnswer(call, { edges: [], pageInfo: { hasNextPage: false, endCursor: null } }));
    const keys = Array.from({ length: n }, (_, i) => key(word(i % names), String(10000 + i)));
    const found = await connector.findContacts([...keys, ...keys]);
    expect(found.size).toBe(n);
    expect(queries()).toHaveLength(searches);
    expect(mock.calls).toHaveLength(Math.ceil(searches / 3));
    const terms = queries().map((q) => q.split(' OR '));
    expect(terms.every((t) => t.length <= 50)).toBe(true);
    expect(terms.flat().sort()).toEqual(Array.from({ length: names }, (_, i) => `last_name:"${word(i)}"`).sort());
  });

  it('files a customer only under the key of its own pair, and only when `last_name:` itself finds it: case and space variants yes; an accent or another zip no', async () => {
    mock.answer(() => page([
      customer(1, 'Smith', 'SW1A 1AA'),
      customer(2, ' SMITH', 'sw1a1aa'),
      customer(3, 'Smíth', 'SW1A-1AA'),
      customer(4, 'Smith', 'EC1V 2NX'),
      customer(5, 'Smith', null),
      customer(6, 'Jones', 'SW1A 1AA'),
    ]));
    const found = await connector.findContacts([key('smith', 'SW1A1AA'), key('smith', '02139')]);
    expect(queries()).toEqual(['last_name:"smith"']);
    // 'Smíth' is not what `last_name:"smith"` finds: filing it would make the answer depend on the batch.
    expect(found.get('familyName:smith|SW1A1AA')?.map((r) => r.provenance.recordId.split('/').at(-1))).toEqual(['1', '2']);
    expect(found.get('familyName:smith|02139')).toEqual([]);
  });

  it('searches a hyphenated last name as its askers wrote it, and files what those spellings find under the key', async () => {
    mock.answer(() => page([customer(1, 'Ward-Roob', '26381'), customer(2, 'Wardroob', '26381'), customer(3, 'Ward Roob', '26381')]));
    const spelt: LookupKey = { kind: 'familyName', value: 'wardroob', postalCode: '26381', spelling: 'ward-roob' };
    expect((await connector.findContacts([spelt])).get('familyName:wardroob|26381')?.map((r) => r.provenance.recordId.split('/').at(-1))).toEqual(['1']);
    expect(queries()).toEqual(['last_name:"ward-roob"']);
    // With a second asker who wrote it plainly, both spellings are searched; "Ward Roob" nobody asked for stays out.
    const both = await connector.findContacts([spelt, key('wardroob', '26381')]);
    expect(queries().at(-1)).toBe('last_name:"ward-roob" OR last_name:"wardroob"');
    expect(both.get('familyName:wardroob|26381')?.map((r) => r.provenance.recordId.split('/').at(-1))).toEqual(['1', '2']);
  });

  it('searches nothing for keys in no compared form, so quotes, OR and * in a family name cannot widen a search', async () => {
    mock.answer(() => page([customer(1, 'Smith', 'SW1A 1AA'), customer(2, 'Or', '02139')]));
    const hostile = [key('smith" OR last_name:*', 'SW1A1AA'), key('*', '02139'), key('x) OR (email:*', '02139'), key("O'Brien", 'SW1A1AA')];
    const found = await connector.findContacts(hostile);
    expect(mock.calls).toHaveLength(0);
    expect([...found.values()]).toEqual([[], [], [], []]);
    // A key that is the word "or" is a quoted value, never the OR connective; what else comes back is not filed.
    const or = await connector.findContacts([key('or', '02139'), key('smith', '10001')]);
    expect(queries()).toEqual(['last_name:"or" OR last_name:"smith"']);
    expect(or.get('familyName:or|02139')?.map((r) => r.lastName)).toEqual(['Or']);
    expect(or.get('familyName:smith|10001')).toEqual([]);
  });

  it('refuses an answer in which Shopify says it ignored a search field, since the search then matched everyone', async () => {
    mock.answer(() => ({
      json: {
        ...page([customer(1, 'Smith', '02139')]).json,
        extensions: { search: [{ path: ['customers'], query: 'last_name:"smith"', warnings: [{ field: 'last_name', message: 'Invalid search field for this query.' }] }] },
      },
    }));
    const error = await failure(connector.findContacts([key('smith', '02139')]));
    expect(error).toBeInstanceOf(SourceBadResponse);
    expect(error.message).toContain('ignored search field(s): last_name');
  });

});
