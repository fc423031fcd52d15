import { Client } from '@hubspot/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubspotSettings, resolveHubSpotConfig } from '../../connectors/hubspot/index.js';
import type { World, WorldContact } from '../../connectors/sandbox-kit/index.js';
import { normaliseEmail, normalisePhone } from '../../src/model/index.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { personEverywhere, testWorld } from '../support/world.js';

const EXPLAIN = `query Explain($id: ID!) { explainCustomer(id: $id) {
  customerId links { source recordId rule matchedOn confidence comparisons { field verdict similarity } }
  alarms { kind } } }`;
const WHY = `query Why($a: SourceRecordInput!, $b: SourceRecordInput!) { whyNotLinked(a: $a, b: $b) {
  sameCustomer customerIdA customerIdB comparisons { field verdict similarity } rules { rule links refusedBy matchedOn confidence } } }`;
const REVIEW = `{ linkReview(first: 50) { kind source field valueHash names customerId occurrences firstSeen lastSeen } }`;
const FIND = `query Find($email: String, $phone: String) { findCustomers(email: $email, phone: $phone, limit: 50) { id sourceRecords { source recordId matchedOn } } }`;
const TRAIL = `query Trail($id: ID!) { auditEvents(customerId: $id, first: 10) { edges { node { subject operationName categories { category outcome } } } } }`;

type Link = { source: string; recordId: string; rule: string | null; matchedOn: string[]; confidence: number; comparisons: { field: string; verdict: string; similarity: number | null }[] };
type Found = { findCustomers: { id: string; sourceRecords: { source: string; recordId: string; matchedOn: string[] }[] }[] };
type Why = { whyNotLinked: { sameCustomer: boolean; customerIdA: string; customerIdB: string; comparisons: { field: string; verdict: string }[]; rules: { rule: string; links: boolean; refusedBy: string | null }[] } | null };

const email = (c: WorldContact) => (c.email ? normaliseEmail(c.email) : null);
const phone = (c: WorldContact) => (c.phone ? normalisePhone(c.phone, 'US') : null);

/**
 * A person's HubSpot contact and Shopify customer that share their email, and (when asked) their phone; no other
 * record holds the email, and the person has no other record. `skip` passes over that many such pairs.
 */
function crmAndShopPair(world: World, sharePhone: boolean, skip = 0): { crm: WorldContact; shop: WorldContact } {
  let skipped = 0;
  for (const crm of world.hubspot.contacts) {
    const others = [...world.hubspot.contacts, ...world.shopify.customers, ...world.zendesk.users, ...world.square.customers].filter((r) => r.personId === crm.personId && r !== crm);
    const shop = others[0];
    if (others.length !== 1 || !shop || !world.shopify.customers.includes(shop) || !email(crm) || email(crm) !== email(shop) || crm.xref || shop.xref) continue;
    const samePhone = phone(crm) !== null && phone(crm) === phone(shop);
    const emailHolders = [...world.hubspot.contacts, ...world.shopify.customers, ...world.zendesk.users, ...world.square.customers].filter((r) => email(r) === email(crm));
    // Without a shared phone: at most one of them has one, so no phone conflicts either.
    if (samePhone === sharePhone && emailHolders.length === 2 && (sharePhone || phone(crm) === null || phone(shop) === null) && skipped++ === skip) return { crm, shop };
  }
  throw new Error('the test world has no such pair');
}

describe('identity explanations over HTTP', () => {
  let stack: TestStack;
  let world: World;
  beforeAll(async () => {
    // No record cache: a changed HubSpot contact is read afresh.
    stack = await startTestStack({ CACHE_TTL_SECONDS: '0' });
    world = testWorld();
  });
  afterAll(() => stack.close());

  const hubspot = () => new Client({ accessToken: resolveHubSpotConfig(hubspotSettings.parse({}), { sandboxUrl: stack.sandbox('hubspot') }).accessToken, basePath: stack.sandbox('hubspot'), numberOfApiCallRetries: 0 });
  const customerIdOf = async (address: string) => (await stack.query<Found>(FIND, { email: address })).data?.findCustomers[0]?.id as string;

  it('explains each link of a customer: its rule, what it compared, its confidence; and audits the read', async () => {
    const person = personEverywhere(world);
    const id = await customerIdOf(person.email);
    const res = await stack.query<{ explainCustomer: { customerId: string; links: Link[]; alarms: unknown[] } }>(EXPLAIN, { id }, { role: 'privacy', sub: 'dpo-1' });
    expect(res.errors).toBeUndefined();
    const links = res.data?.explainCustomer.links ?? [];
    expect(links.map((l) => l.source).sort()).toEqual(['CRM', 'ECOMMERCE', 'POS', 'SUPPORT']);
    const anchor = links.filter((l) => l.rule === null);
    expect(anchor).toHaveLength(1);
    for (const link of links.filter((l) => l.rule !== null)) {
      expect(link.comparisons.map((c) => c.field)).toEqual(['CROSS_REFERENCE', 'EMAIL', 'PHONE', 'GIVEN_NAME', 'FAMILY_NAME', 'POSTAL_CODE']);
      expect(link.confidence).toBeGreaterThan(0.5);
      expect(link.confidence).toBeLessThanOrEqual(1);
    }
    const raw = JSON.stringify(res);
    for (const value of [person.email, person.firstName, person.lastName]) expect(raw).not.toContain(value);
    const trail = await stack.query<{ auditEvents: { edges: { node: { subject: string; operationName: string; categories: { category: string; outcome: string }[] } }[] } }>(TRAIL, { id }, { role: 'admin' });
    const event = trail.data?.auditEvents.edges.map((e) => e.node).find((e) => e.subject === 'dpo-1');
    expect(event).toMatchObject({ operationName: 'Explain' });
    expect(event?.categories).toContainEqual({ category: 'LINKAGE', outcome: 'ALLOWED' });
  });

  it('refuses the explanations to support, marketing and analysts with FORBIDDEN', async () => {
    const id = await customerIdOf(personEverywhere(world).email);
    for (const role of ['support', 'marketing', 'analyst'] as const) {
      const explain = await stack.query(EXPLAIN, { id }, { role });
      expect(explain.data?.explainCustomer).toBeNull();
      expect(explain.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const review = await stack.query(REVIEW, {}, { role });
      expect(review.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const why = await stack.query(WHY, { a: { source: 'CRM', recordId: '1' }, b: { source: 'POS', recordId: 'X' } }, { role });
      expect(why.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('says why two people are apart: every rule with the key or guard that refused it', async () => {
    const [a, b] = [personEverywhere(world, 0), personEverywhere(world, 1)];
    const recordOf = (personId: number) => world.hubspot.contacts.find((c) => c.personId === personId) as WorldContact;
    const shopOf = (personId: number) => world.shopify.customers.find((c) => c.personId === personId) as WorldContact;
    const apart = await stack.query<Why>(WHY, { a: { source: 'CRM', recordId: recordOf(a.id).id }, b: { source: 'ECOMMERCE', recordId: shopOf(b.id).id } });
    expect(apart.errors).toBeUndefined();
    expect(apart.data?.whyNotLinked?.sameCustomer).toBe(false);
    expect(apart.data?.whyNotLinked?.rules.map((r) => r.rule)).toEqual(['CROSS_REFERENCE', 'EMAIL_AND_PHONE', 'EMAIL', 'PHONE', 'EMAIL_WITH_SIMILAR_NAME', 'NAME_AND_POSTAL_CODE']);
    expect(apart.data?.whyNotLinked?.rules.every((r) => !r.links && r.refusedBy !== null)).toBe(true);
    expect(apart.data?.whyNotLinked?.comparisons.find((c) => c.field === 'EMAIL')?.verdict).toBe('DIFFERS');

    const together = await stack.query<Why>(WHY, { a: { source: 'CRM', recordId: recordOf(a.id).id }, b: { source: 'ECOMMERCE', recordId: shopOf(a.id).id } });
    expect(together.data?.whyNotLinked?.sameCustomer).toBe(true);
    expect(together.data?.whyNotLinked?.customerIdA).toBe(together.data?.whyNotLinked?.customerIdB);
    expect(together.data?.whyNotLinked?.rules.some((r) => r.links)).toBe(true);
  });

  it('rejects malformed record arguments with BAD_USER_INPUT, and answers null for an unknown record', async () => {
    const same = await stack.query(WHY, { a: { source: 'CRM', recordId: '1' }, b: { source: 'CRM', recordId: '1' } });
    expect(same.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'b' });
    const empty = await stack.query(WHY, { a: { source: 'CRM', recordId: '' }, b: { source: 'CRM', recordId: '1' } });
    expect(empty.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'a' });
    const unknown = await stack.query<Why>(WHY, { a: { source: 'CRM', recordId: '999999' }, b: { source: 'CRM', recordId: '1' } });
    expect(unknown.errors).toBeUndefined();
    expect(unknown.data?.whyNotLinked).toBeNull();
    const badSize = await stack.query(`{ linkReview(first: 0) { kind } }`);
    expect(badSize.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first' });
  });

  it('stops linking through a phone many people hold, and lists it for review as a hash, never the value', async () => {
    const shared = '+12065550142';
    const names = ['Alma', 'Bruno', 'Cleo', 'Dario', 'Edda', 'Fritz', 'Gia'];
    for (const [i, firstname] of names.entries()) {
      await hubspot().crm.contacts.basicApi.create({ properties: { firstname, lastname: 'Front Desk', email: `desk${i}@review.example`, phone: shared } });
    }
    const found = await stack.query<Found>(FIND, { phone: shared });
    expect(found.errors).toBeUndefined();
    // Each is their own customer: the phone links nobody.
    expect(found.data?.findCustomers).toHaveLength(names.length);
    for (const c of found.data?.findCustomers ?? []) expect(c.sourceRecords).toHaveLength(1);
    const review = await stack.query<{ linkReview: { kind: string; source: string; field: string; valueHash: string; names: number }[] }>(REVIEW, {}, { role: 'privacy' });
    expect(review.errors).toBeUndefined();
    const entry = review.data?.linkReview.find((e) => e.kind === 'SHARED_VALUE' && e.field === 'PHONE');
    expect(entry).toMatchObject({ source: 'CRM', names: names.length });
    expect(entry?.valueHash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(review)).not.toContain('5550142');
  });

  describe('life events', () => {
    // As a HubSpot user's edit arrives: through the official SDK's update (PATCH /crm/v3/objects/contacts/{id}).
    const rename = async (contact: WorldContact, properties: Record<string, string>) => {
      const updated = await hubspot().crm.contacts.basicApi.update(contact.id, { properties });
      expect(updated.properties).toMatchObject(properties);
    };
    const linkedRecords = async (address: string) => (await stack.query<Found>(FIND, { email: address })).data?.findCustomers.map((c) => c.sourceRecords.map((r) => r.recordId).sort());

    it('keeps a customer whole after a new given name in one silo when email and phone both agree', async () => {
      const { crm, shop } = crmAndShopPair(world, true);
      await rename(crm, { firstname: 'Zebedee' });
      expect(await linkedRecords(email(crm) as string)).toEqual([[crm.id, shop.id].sort()]);
    });

    it('keeps a customer whole after a married-name change, and after a typo is corrected', async () => {
      const { crm, shop } = crmAndShopPair(world, false);
      await rename(crm, { lastname: 'Featherstonehaugh' });
      expect(await linkedRecords(email(crm) as string)).toEqual([[crm.id, shop.id].sort()]);
      const given = crm.firstName as string;
      // A typo the other way round: two neighbouring letters swapped, as people mistype and then correct names.
      await rename(crm, { firstname: given.slice(0, 1) + given.slice(2, 3) + given.slice(1, 2) + given.slice(3) });
      expect(await linkedRecords(email(crm) as string)).toEqual([[crm.id, shop.id].sort()]);
    });

    it('keeps two people who share one mailbox and nothing else apart after a rename', async () => {
      const { crm, shop } = crmAndShopPair(world, false, 1);
      await rename(crm, { firstname: 'Quentin', lastname: shop.lastName ?? 'X' });
      const found = await linkedRecords(email(crm) as string);
      expect(found).toHaveLength(2);
    });
  });
});
