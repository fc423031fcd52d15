import { beforeAll, describe, expect, it } from 'vitest';
import { truthOf, type World, type WorldContact } from '../../../connectors/sandbox-kit/index.js';
import {
  SOURCES,
  familyNameKey,
  lookupKeyId,
  normaliseEmail,
  postalCodeKey,
  type ContactConnector,
  type LookupKey,
  type Page,
} from '../../../src/model/index.js';
import { supportOf } from './contract-keys.js';
import { batchSizes } from './contract-mock-reads.js';
import type { ConnectorContractSubject, Provenanced, SandboxFacet } from './contract-subject.js';
import { expectProvenance, timed } from './provenance.js';
import { busiestOwner, listFacet } from './sandbox-calls.js';
import type { SandboxVendor } from './sandbox-vendor.js';

const ids = (records: readonly Provenanced[]) => records.map((r) => r.provenance.recordId);
/** The family-name, name and cross-reference keys a contact could be looked up by (a silo without postal codes: 02139). */
function unsearchedKeysOf(contact: WorldContact): LookupKey[] {
  const family = familyNameKey(contact.lastName);
  return [
    ...(family === null ? [] : [{ kind: 'familyName' as const, value: family, postalCode: postalCodeKey(contact.postalCode) ?? '02139' }]),
    ...(contact.firstName && contact.lastName ? [{ kind: 'name' as const, value: `${contact.firstName} ${contact.lastName}` }] : []),
    ...SOURCES.map((source): LookupKey => ({ kind: 'xref', source, value: contact.id })),
  ];
}

/** A truth with each person's ids in one order, whatever order the silo keeps them in. */
const byPerson = (truth: Record<string, string[]>) => Object.fromEntries(Object.entries(truth).map(([person, list]) => [person, [...list].sort()]));

/** Batching, paging, truth, provenance and literal search of the connector against the world its sandbox serves. */
export function describeSandboxReads<C extends ContactConnector>(subject: ConnectorContractSubject<C>, world: World, sandbox: SandboxVendor): void {
  const s = subject.sandbox;
  const contacts = s.contacts(world);
  const listed = contacts.map((c) => c.id);
  let connector: C;
  beforeAll(() => {
    connector = s.create(sandbox.url());
  });

  describe('contact reads against the sandbox', () => {
    const { endpoint, limit } = s.batch;
    it.each([...new Set([1, 100, limit, limit + 1, Math.min(Math.ceil(limit * 2.5), listed.length)])].sort((a, b) => a - b))(
      `reads %i ids (each asked twice) as the world holds them, in ⌈n / ${limit}⌉ batch reads`,
      async (n) => {
        expect(listed.length).toBeGreaterThan(limit);
        const wanted = listed.slice(0, n);
        let found = new Map<string, unknown>();
        const calls = await sandbox.requestsDuring(async () => (found = await connector.getContacts([...wanted, ...wanted])));
        expect(calls).toEqual({ [endpoint]: batchSizes(n, limit).length });
        expect([...found.keys()].sort()).toEqual([...wanted].sort());
      },
    );

    it('leaves ids the sandbox does not hold out of the map, and sends none it cannot hold', async () => {
      let found = new Map<string, unknown>();
      const calls = await sandbox.requestsDuring(async () => (found = await connector.getContacts([listed[0] ?? '', ...s.unknownIds, ...subject.mock.batch.impossible])));
      expect([...found.keys()]).toEqual([listed[0]]);
      expect(calls).toEqual({ [endpoint]: 1 });
    });

    it(`crawls every contact once, in the vendor's order, ${s.list.window} at a time with one request per page of at most ${s.list.limit}`, async () => {
      const seen: string[] = [];
      const totals = new Set<number | null>();
      const calls = await sandbox.requestsDuring(async () => {
        let after: string | null = null;
        do {
          const page: Page<Provenanced> = await connector.listContacts({ first: s.list.window, after });
          seen.push(...ids(page.items));
          totals.add(page.totalCount);
          after = page.next;
        } while (after !== null);
      });
      expect(seen).toEqual(listed);
      expect([...totals]).toEqual([s.list.counted ? listed.length : null]);
      let pages = 0;
      for (let left = listed.length; left > 0; left -= s.list.window) pages += Math.ceil(Math.min(s.list.window, left) / s.list.limit);
      expect(calls).toEqual({ [s.list.endpoint]: pages });
    });

    it('exposes as recordId exactly the ids the sandbox truth lists per person, with provenance on every record', async () => {
      const truth = await sandbox.truth();
      expect(byPerson(truth)).toEqual(byPerson(truthOf(contacts)));
      const { result: found, from, to } = await timed(() => connector.getContacts(Object.values(truth).flat()));
      expect([...found].map(([id, record]) => [id, record.provenance.recordId]).sort()).toEqual([...listed].sort().map((id) => [id, id]));
      expectProvenance([...found.values()], subject, { from, to });
    });

    it(`cannot be widened by search syntax: hostile keys find nothing, in as few searches as ${subject.keysPerSearch === 1 ? 'one per key' : 'plain keys'}`, async () => {
      expect(contacts.length).toBeGreaterThan(200);
      const real = normaliseEmail(contacts.find((c) => c.email !== null)?.email) ?? '';
      const keys = ['x@y.com OR email:*', '*', `${real} OR email:*`, '"x" OR "y"'].map((value): LookupKey => ({ kind: 'email', value }));
      let found = new Map<string, unknown[]>();
      const calls = await sandbox.requestsDuring(async () => (found = await connector.findContacts(keys)));
      expect([...found.entries()]).toEqual(keys.map((key) => [lookupKeyId(key), []]));
      // A widened search would match every contact and page through them all.
      expect(Object.values(calls).reduce((a, b) => a + b, 0)).toBe(Math.ceil(keys.length / subject.keysPerSearch));
    });
  });

  it('answers the keys it does not search, for every contact of the world, with [] and no request', async () => {
    const keys = contacts.flatMap((c) => unsearchedKeysOf(c).filter((key) => !subject.supports.includes(supportOf(key))));
    expect(keys.length).toBeGreaterThan(50);
    let found = new Map<string, unknown[]>();
    const calls = await sandbox.requestsDuring(async () => (found = await connector.findContacts(keys)));
    expect(found.size).toBe(new Set(keys.map(lookupKeyId)).size);
    expect([...found.values()].every((list) => list.length === 0)).toBe(true);
    expect(calls).toEqual({});
  });

  if (s.facet) describeFacet(subject, s.facet, world, sandbox, () => connector);
}

/** The per-owner facet: batched over owners, paged per owner with its own cursor and total, newest first. */
function describeFacet<C extends ContactConnector>(
  subject: ConnectorContractSubject<C>,
  facet: SandboxFacet<C>,
  world: World,
  sandbox: SandboxVendor,
  connector: () => C,
): void {
  const owners = subject.sandbox.contacts(world).map((c) => c.id);
  const busiest = busiestOwner(facet, world, owners);
  const idle = owners.find((id) => facet.of(world, id).length === 0) ?? '';

  describe(`${facet.name} against the sandbox`, () => {
    it.each([1, facet.limit, facet.limit + 1])(`reads the ${facet.name} of %i owners, each with its page, in ⌈n / ${facet.limit}⌉ requests`, async (n) => {
      let pages = new Map<string, unknown>();
      const calls = await sandbox.requestsDuring(async () => (pages = await listFacet(facet, connector(), owners.slice(0, n), { first: 3 })));
      expect(calls[facet.endpoint]).toBe(Math.ceil(n / facet.limit));
      expect([...pages.keys()].sort()).toEqual(owners.slice(0, n).sort());
    });

    it(`pages one owner's ${facet.name} to the end with its cursor, newest first, with the total on every page and provenance on every record`, async () => {
      const expected = facet.of(world, busiest);
      expect(expected.length).toBeGreaterThan(1);
      const seen: Provenanced[] = [];
      const totals = new Set<number | null>();
      const { from, to } = await timed(async () => {
        let after: string | null = null;
        do {
          const page: Page<Provenanced> | undefined = (await listFacet(facet, connector(), [busiest], { first: 1, after })).get(busiest);
          seen.push(...(page?.items ?? []));
          totals.add(page?.totalCount ?? -1);
          after = page?.next ?? null;
        } while (after !== null);
      });
      expect(ids(seen)).toEqual(expected);
      expect([...totals]).toEqual([expected.length]);
      expectProvenance(seen, subject, { from, to });
    });

    it(`gives an owner without ${facet.name} an empty page with totalCount 0`, async () => {
      expect(idle).not.toBe('');
      expect((await listFacet(facet, connector(), [idle], { first: 5 })).get(idle)).toEqual({ items: [], next: null, totalCount: 0 });
    });

    if (facet.createdAt) describeCreatedAtBound(subject, facet, facet.createdAt, world, sandbox, connector, busiest);
  });
}

/** `ListWindow.createdAtOrBefore`: only records created at or before the bound, newest first, paged within it. */
function describeCreatedAtBound<C extends ContactConnector>(
  subject: ConnectorContractSubject<C>,
  facet: SandboxFacet<C>,
  createdAt: (world: World, recordId: string) => string,
  world: World,
  sandbox: SandboxVendor,
  connector: () => C,
  busiest: string,
): void {
  const owners = subject.sandbox.contacts(world).map((c) => c.id);
  const all = facet.of(world, busiest);
  // The bound is a record's own creation time: that record is within it, and the newer ones are not.
  const bound = createdAt(world, all[Math.floor(all.length / 2)] ?? '');
  const within = all.filter((id) => Date.parse(createdAt(world, id)) <= Date.parse(bound));

  it(`pages one owner's ${facet.name} created at or before a bound to the end, newest first, never one created after it`, async () => {
    expect(within.length).toBeGreaterThan(1);
    expect(within.length).toBeLessThan(all.length);
    const seen: Provenanced[] = [];
    let after: string | null = null;
    do {
      const page: Page<Provenanced> | undefined = (await listFacet(facet, connector(), [busiest], { first: 1, after, createdAtOrBefore: bound })).get(busiest);
      expect(page?.items.length).toBeLessThanOrEqual(1);
      seen.push(...(page?.items ?? []));
      after = page?.next ?? null;
    } while (after !== null);
    expect(ids(seen)).toEqual(within);
    // One page as large as the list answers the same.
    const whole = (await listFacet(facet, connector(), [busiest], { first: all.length, createdAtOrBefore: bound })).get(busiest);
    expect(ids(whole?.items ?? [])).toEqual(within);
  });

  it(`bounds the ${facet.name} of ${facet.limit + 1} owners in ⌈n / ${facet.limit}⌉ requests, none created after the bound`, async () => {
    const some = owners.slice(0, facet.limit + 1);
    let pages = new Map<string, Page<Provenanced>>();
    const calls = await sandbox.requestsDuring(async () => (pages = await listFacet(facet, connector(), some, { first: 3, createdAtOrBefore: bound })));
    expect(calls[facet.endpoint]).toBe(Math.ceil(some.length / facet.limit));
    expect([...pages.keys()].sort()).toEqual([...some].sort());
    for (const [owner, page] of pages) {
      expect(ids(page.items)).toEqual(facet.of(world, owner).filter((id) => Date.parse(createdAt(world, id)) <= Date.parse(bound)).slice(0, 3));
    }
  });
}
