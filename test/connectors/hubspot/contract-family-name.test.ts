import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHubSpotConnector } from '../../../connectors/hubspot/index.js';
import type { LookupKey } from '../../../src/model/index.js';
import { fixture, HUBSPOT, specs, TOKEN } from './helpers.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const SEARCH = `${HUBSPOT}/crm/v3/objects/contacts/search`;
const connector = createHubSpotConnector({ baseUrl: HUBSPOT, accessToken: TOKEN, maxAttempts: 1 });
type Filter = { propertyName: string; operator: string; values?: string[] };
type SearchBody = { filterGroups: Array<{ filters: Filter[] }>; after: string };

const key = (value: string, postalCode: string): LookupKey => ({ kind: 'familyName', value, postalCode });
const word = (i: number) => [...i.toString(26)].map((c) => String.fromCharCode(97 + parseInt(c, 26))).join('');
/** The example contact under another id, last name and zip, as HubSpot would return it. */
function contact(id: string, lastname: string, zip: string) {
  const [alex] = fixture<{ results: Array<{ properties: Record<string, string> }> }>('contacts-search.200.json').results;
  return { ...alex, id, properties: { ...alex?.properties, hs_object_id: id, lastname, zip } };
}

/** Answers every search with `results` and records its body. */
function searchAnswers(results: object[] = []): SearchBody[] {
  const bodies: SearchBody[] = [];
  server.use(http.post(SEARCH, async ({ request }) => {
    bodies.push((await request.json()) as SearchBody);
    return HttpResponse.json({ total: results.length, results });
  }));
  return bodies;
}

describe('HubSpot findContacts by family name and postal code', () => {
  it.each([
    [1, 1, 1],
    [100, 1, 1],
    [150, 1, 2],
    [250, 1, 3],
  ])('batches %i keys into %i search of %i lastname IN × zip IN group(s), each list ≤100 values', async (n, searches, groups) => {
    const bodies = searchAnswers();
    const keys = Array.from({ length: n }, (_, i) => key(word(i), String(10000 + i)));
    const found = await connector.findContacts([...keys, ...keys]);
    expect(found.size).toBe(n);
    expect(bodies).toHaveLength(searches);
    expect(bodies.flatMap((b) => b.filterGroups)).toHaveLength(groups);
    for (const body of bodies) expect(specs.contacts.problems('PublicObjectSearchRequest', body)).toEqual([]);
    for (const { filters } of bodies.flatMap((b) => b.filterGroups)) {
      expect(filters.map((f) => [f.propertyName, f.operator])).toEqual([['lastname', 'IN'], ['zip', 'IN']]);
      expect(filters.every((f) => (f.values?.length ?? 0) <= 100)).toBe(true);
    }
    expect(bodies.flatMap((b) => b.filterGroups.flatMap((g) => g.filters[0]?.values ?? [])).sort()).toEqual(keys.map((k) => k.value).sort());
  });

  it('sends UK and Japanese postal codes also as people write them, since HubSpot matches zip as typed', async () => {
    const bodies = searchAnswers();
    await connector.findContacts([key('smith', 'SW1A1AA'), key('tanaka', '7210353')]);
    expect(bodies[0]?.filterGroups[0]?.filters[1]?.values).toEqual(['sw1a1aa', 'sw1a 1aa', '7210353', '721-0353']);
  });

  it('files a result only under the key of its own pair, and only when the family-name search itself finds it: case and space variants yes; an accent, a hyphenated postal code or another postal code no', async () => {
    searchAnswers([
      contact('1', 'Smith', 'SW1A 1AA'),
      contact('2', ' SMITH', 'sw1a1aa'),
      contact('3', 'Smíth', 'SW1A-1AA '),
      contact('4', 'Smith', 'EC1V 2NX'),
      contact('5', 'Jones', 'SW1A 1AA'),
      contact('6', 'Jones', 'EC1V 2NX'),
    ]);
    const found = await connector.findContacts([key('smith', 'SW1A1AA'), key('jones', 'EC1V2NX'), key('smith', '02139')]);
    const ids = (id: string) => found.get(id)?.map((r) => r.provenance.recordId);
    // 'Smíth' and 'SW1A-1AA' are not what `lastname IN [smith] AND zip IN [sw1a1aa, sw1a 1aa]` finds: filing them
    // would make the answer depend on which other keys shared the batch.
    expect(ids('familyName:smith|SW1A1AA')).toEqual(['1', '2']);
    expect(ids('familyName:jones|EC1V2NX')).toEqual(['6']);
    expect(ids('familyName:smith|02139')).toEqual([]);
  });

  it('spends no request on keys in no compared form and answers them with []', async () => {
    const bodies = searchAnswers([contact('1', "O'Brien", 'SW1A 1AA')]);
    const hostile = [key("O'Brien", 'SW1A1AA'), key('obrien', 'sw1a 1aa'), key('*', '*'), key('smith" OR "x', '02139')];
    const found = await connector.findContacts(hostile);
    expect(bodies).toHaveLength(0);
    expect([...found.values()]).toEqual([[], [], [], []]);
  });

  it('shares searches with email keys and never files an email match under a family-name key it does not match', async () => {
    const bodies = searchAnswers([contact('51', 'Rivera', '02139')]);
    const found = await connector.findContacts([{ kind: 'email', value: 'alex.rivera@example.com' }, key('rivera', '02139'), key('rivera', '10001')]);
    expect(bodies).toHaveLength(1);
    expect(bodies[0]?.filterGroups.map((g) => g.filters.map((f) => f.propertyName))).toEqual([['email'], ['lastname', 'zip']]);
    expect(found.get('familyName:rivera|02139')?.map((r) => r.provenance.recordId)).toEqual(['51']);
    expect(found.get('familyName:rivera|10001')).toEqual([]);
  });

  it('says it supports family-name keys', () => {
    expect(connector.supports(key('smith', 'SW1A1AA'))).toBe(true);
  });
});
