import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/identity/cluster.js';
import { jaroWinkler } from '../../src/identity/names.js';
import { compare, evaluate } from '../../src/identity/rules.js';
import { resolveClusters, type ContactLookup } from '../../src/identity/resolve.js';
import { lookupKeyId, supportedKeys, type ContactRecord, type LookupKey } from '../../src/model/index.js';
import { contact } from './records.js';

const crm = (fields: Partial<ContactRecord>) => contact('CRM', '1', fields);
const shop = (fields: Partial<ContactRecord>) => contact('ECOMMERCE', 'gid://shopify/Customer/2', fields);

/** The rule that links `b` to a cluster of `a`, with what it matched on; null when none does. */
function linkOf(a: ContactRecord, b: ContactRecord) {
  const cluster = new Cluster(a, 'US');
  if (!cluster.offer(b, 'EMAIL')) return null;
  const m = cluster.members.get(`${b.provenance.source}:${b.provenance.recordId}`);
  return { rule: m?.rule, matchedOn: m?.matchedOn, confidence: m?.confidence };
}

/** Every rule's outcome for `b` against `a`, as `RULE: links` or `RULE: refusal`. */
function outcomes(a: ContactRecord, b: ContactRecord): string[] {
  const cluster = new Cluster(a, 'US');
  return evaluate(compare(cluster.candidate(b, false), cluster.values)).map((o) => `${o.rule}: ${o.links ? 'links' : o.refusedBy}`);
}

describe('Jaro-Winkler similarity', () => {
  it('gives the published values', () => {
    // Winkler's examples: MARTHA/MARHTA 0.961, DWAYNE/DUANE 0.840, DIXON/DICKSONX 0.813.
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 3);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.813, 3);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
  });
});

describe('life events the guards survive', () => {
  it('a married-name change: same given name and email, a new family name', () => {
    const before = crm({ firstName: 'Maria', lastName: 'Lopez', emails: ['maria@example.com'], postalCode: '98101' });
    const after = shop({ firstName: 'Maria', lastName: 'Brandt', emails: ['maria@example.com'], postalCode: '98101' });
    expect(linkOf(before, after)).toEqual({ rule: 'EMAIL', matchedOn: ['EMAIL'], confidence: 0.97 });
  });

  it('a married-name change with a new phone links when the postal code agrees, not without it', () => {
    const before = crm({ firstName: 'Maria', lastName: 'Lopez', emails: ['maria@example.com'], phones: ['+12065550134'], postalCode: '98101' });
    const moved = shop({ firstName: 'Maria', lastName: 'Brandt', emails: ['maria@example.com'], phones: ['+13125550000'], postalCode: '98101' });
    expect(linkOf(before, moved)?.rule).toBe('EMAIL');
    const elsewhere = { ...moved, postalCode: '60601' };
    expect(linkOf(before, elsewhere)).toBeNull();
    expect(outcomes(before, elsewhere)).toContain('EMAIL: PHONES_CONFLICT');
  });

  it('a nickname: Bob for Robert, by email', () => {
    expect(linkOf(crm({ firstName: 'Robert', emails: ['rob@example.com'] }), shop({ firstName: 'Bob', emails: ['rob@example.com'] }))?.rule).toBe('EMAIL');
  });

  it('a corrected typo: Jonh and John', () => {
    expect(linkOf(crm({ firstName: 'Jonh', emails: ['jj@example.com'] }), shop({ firstName: 'John', emails: ['jj@example.com'] }))?.rule).toBe('EMAIL');
  });

  it('a similar given name (Jon and John) links by email only when the family name or postal code agrees, at a lower confidence', () => {
    const jon = crm({ firstName: 'Jon', lastName: 'Ashby', emails: ['ashby@example.com'] });
    expect(linkOf(jon, shop({ firstName: 'John', lastName: 'Ashby', emails: ['ashby@example.com'] }))).toEqual({ rule: 'EMAIL_WITH_SIMILAR_NAME', matchedOn: ['EMAIL', 'FAMILY_NAME'], confidence: 0.85 });
    const byPostal = linkOf({ ...jon, postalCode: 'EC1V 6CB' }, shop({ firstName: 'John', lastName: 'Cole', emails: ['ashby@example.com'], postalCode: 'ec1v6cb' }));
    expect(byPostal).toEqual({ rule: 'EMAIL_WITH_SIMILAR_NAME', matchedOn: ['EMAIL', 'POSTAL_CODE'], confidence: 0.85 });
    const alone = shop({ firstName: 'John', lastName: 'Cole', emails: ['ashby@example.com'] });
    expect(linkOf(jon, alone)).toBeNull();
    expect(outcomes(jon, alone)).toContain('EMAIL_WITH_SIMILAR_NAME: NOT_CORROBORATED');
  });

  it('any given name links on two independent keys: email and phone', () => {
    const a = crm({ firstName: 'Elizabeth', emails: ['eb@example.com'], phones: ['+12065550134'] });
    expect(linkOf(a, shop({ firstName: 'Zoe', emails: ['eb@example.com'], phones: ['(206) 555-0134'] }))?.rule).toBe('EMAIL_AND_PHONE');
  });

  it('counts a silo\'s further emails and phones as agreeing, never as conflicting', () => {
    const a = crm({ firstName: 'Ines', emails: ['ines@home.example'], phones: ['+12065550134'] });
    // Her Zendesk user's primary address is at work; the home address is one of its further identities.
    const work = contact('SUPPORT', '7', { firstName: 'Ines', emails: ['ines@work.example'], secondaryEmails: ['ines@home.example'] });
    expect(linkOf(a, work)?.rule).toBe('EMAIL');
    // A gift recipient's phone on a Shopify address is no evidence against her.
    const gift = shop({ firstName: 'Ines', emails: ['ines@home.example'], secondaryPhones: ['+13125550000'] });
    expect(linkOf(a, gift)?.rule).toBe('EMAIL');
    expect(outcomes(a, gift)).not.toContain('EMAIL: PHONES_CONFLICT');
  });

  it('never counts a further value as one of two independent keys: a household with a shared mailbox and its landline on an address', () => {
    const malcolm = crm({ firstName: 'Malcolm', lastName: 'Spinka', emails: ['spinka@example.net'], phones: ['+12065556035'], secondaryPhones: ['+13035550927'] });
    const meredith = shop({ firstName: 'Meredith', lastName: 'Spinka', emails: ['spinka@example.net'], phones: ['+13035550927'] });
    expect(linkOf(malcolm, meredith)).toBeNull();
    expect(outcomes(malcolm, meredith)).toContain('EMAIL_AND_PHONE: PHONE_NOT_SHARED');
  });

  it('keeps a household that shares one mailbox, a family name and an address as two people', () => {
    const jane = crm({ firstName: 'Jane', lastName: 'Smith', emails: ['smiths@example.com'], postalCode: '98101' });
    const john = shop({ firstName: 'John', lastName: 'Smith', emails: ['smiths@example.com'], postalCode: '98101' });
    expect(linkOf(jane, john)).toBeNull();
    expect(outcomes(jane, john)).toEqual([
      'CROSS_REFERENCE: NO_CROSS_REFERENCE',
      'EMAIL_AND_PHONE: PHONE_NOT_SHARED',
      'EMAIL: GIVEN_NAMES_DIFFER',
      'PHONE: PHONE_NOT_SHARED',
      'EMAIL_WITH_SIMILAR_NAME: GIVEN_NAMES_DIFFER',
      'NAME_AND_POSTAL_CODE: GIVEN_NAMES_DIFFER',
    ]);
  });

  it('compares without values: verdicts and name similarity only', () => {
    const cluster = new Cluster(crm({ firstName: 'Jon', lastName: 'Ashby', emails: ['a@example.com'] }), 'US');
    const fields = compare(cluster.candidate(shop({ firstName: 'John', lastName: 'Ashby', emails: ['b@example.com'] }), false), cluster.values).fields;
    expect(fields).toEqual([
      { field: 'CROSS_REFERENCE', verdict: 'MISSING', similarity: null },
      { field: 'EMAIL', verdict: 'DIFFERS', similarity: null },
      { field: 'PHONE', verdict: 'MISSING', similarity: null },
      { field: 'GIVEN_NAME', verdict: 'SIMILAR', similarity: 0.9333 },
      { field: 'FAMILY_NAME', verdict: 'EQUAL', similarity: 1 },
      { field: 'POSTAL_CODE', verdict: 'MISSING', similarity: null },
    ]);
  });
});

/** A lookup over fixed records that answers email and phone keys by the records' own values. */
function lookupOver(records: ContactRecord[]): ContactLookup {
  const holds = (r: ContactRecord, k: LookupKey) => (k.kind === 'email' ? r.emails.includes(k.value) : k.kind === 'phone' ? r.phones.includes(k.value) : false);
  return {
    supports: (_source, key) => supportedKeys(['email', 'phone'])(key),
    byIds: async (source, ids) => new Map(records.filter((r) => r.provenance.source === source && ids.includes(r.provenance.recordId)).map((r) => [r.provenance.recordId, r])),
    byKeys: async (source, keys) => new Map(keys.map((k) => [lookupKeyId(k), records.filter((r) => r.provenance.source === source && holds(r, k))])),
  };
}

describe('over-merge alarms', () => {
  it('stops linking through a phone that more distinct names hold than the bound, and reports it', async () => {
    const switchboard = '+12065550100';
    const seed = contact('SUPPORT', '1', { firstName: 'Ada', lastName: 'Byron', phones: [switchboard] });
    const colleagues = ['Alan', 'Grace', 'Edsger', 'Barbara', 'Donald', 'Ken'].map((name, i) => contact('SUPPORT', String(10 + i), { firstName: name, lastName: 'Staff', phones: [switchboard] }));
    // Ada's own POS record shares the switchboard and a given name: it links on nothing once the number is no key.
    const ada = contact('POS', 'SQ1', { firstName: 'Ada', phones: [switchboard] });
    const [resolution] = await resolveClusters([seed], lookupOver([seed, ...colleagues, ada]), { region: 'US', bounds: { maxNamesPerValue: 5, maxClusterSize: 12 } });
    expect([...(resolution?.cluster.members.keys() ?? [])]).toEqual(['SUPPORT:1']);
    expect(resolution?.alarms).toContainEqual({ kind: 'SHARED_VALUE', source: 'SUPPORT', field: 'PHONE', value: switchboard, names: 7 });
  });

  it('links through the same phone while few enough names share it', async () => {
    const phone = '+12065550100';
    const seed = contact('SUPPORT', '1', { firstName: 'Ada', lastName: 'Byron', phones: [phone] });
    const ada = contact('POS', 'SQ1', { firstName: 'Ada', phones: [phone] });
    const [resolution] = await resolveClusters([seed], lookupOver([seed, ada]), { region: 'US' });
    expect([...(resolution?.cluster.members.keys() ?? [])].sort()).toEqual(['POS:SQ1', 'SUPPORT:1']);
    expect(resolution?.alarms).toEqual([]);
  });

  it('cuts a cluster past its size bound at its weakest link and reports it', async () => {
    const email = 'kim@example.com';
    const strong = [1, 2, 3].map((i) => contact('SUPPORT', String(i), { firstName: 'Kim', emails: [email], phones: ['+12065550111'] }));
    const weak = contact('ECOMMERCE', 'gid://shopify/Customer/9', { firstName: 'Kim', emails: [email] });
    const [resolution] = await resolveClusters([strong[0] as ContactRecord], lookupOver([...strong, weak]), { region: 'US', bounds: { maxNamesPerValue: 5, maxClusterSize: 3 } });
    expect([...(resolution?.cluster.members.keys() ?? [])].sort()).toEqual(['SUPPORT:1', 'SUPPORT:2', 'SUPPORT:3']);
    expect(resolution?.alarms).toEqual([{ kind: 'OVERSIZED_CLUSTER', size: 4, cutOff: 1 }]);
  });
});

describe('records refused until the cluster grows', () => {
  it('offers a refused record again once a later member tips a rule', async () => {
    // Round 0 finds both by the seed's email. The Shopify record (Jon, a similar name with nothing to corroborate it)
    // is refused; the Zendesk record (John, with the family name) joins and brings the postal code that corroborates Jon.
    const seed = contact('CRM', '1', { firstName: 'John', emails: ['jj@example.com'] });
    const jon = contact('ECOMMERCE', 'gid://shopify/Customer/2', { firstName: 'Jon', lastName: 'Jones', emails: ['jj@example.com'], postalCode: '98101' });
    const john = contact('SUPPORT', '3', { firstName: 'John', lastName: 'Jones', emails: ['jj@example.com'], postalCode: '98101' });
    const [resolution] = await resolveClusters([seed], lookupOver([seed, jon, john]), { region: 'US' });
    expect(resolution?.cluster.members.get('ECOMMERCE:gid://shopify/Customer/2')?.rule).toBe('EMAIL_WITH_SIMILAR_NAME');
  });
});
