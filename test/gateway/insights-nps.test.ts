import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Person, World } from '../../connectors/sandbox-kit/index.js';
import type { System } from '../../src/model/index.js';
import { agentViewQuery } from '../support/agent-view.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { linkablePeople, testWorld } from '../support/world.js';

// NPS over HTTP against the HubSpot sandbox's own feedback submissions (the world it serves).

const AS_OF = '2026-11-01T00:00:00Z';
const NPS = `insights(asOf: "${AS_OF}") { nps { score givenAt category reason answers partial { source reason code } } }`;
const BY_EMAIL = `query($email: String) { findCustomers(email: $email) { id ${NPS} } }`;
const FEEDBACK_SEARCH = 'POST /crm/v3/objects/feedback_submissions/search';

interface Nps {
  score: number | null; givenAt: string | null; category: string | null; reason: string | null; answers: number;
  partial: { source: string; reason: string; code: string | null }[];
}

/** The person's NPS answers up to AS_OF as the world holds them, over all their HubSpot contacts, newest first. */
function answersOf(world: World, person: Person) {
  const contacts = new Set(world.hubspot.contacts.filter((c) => c.personId === person.id).map((c) => c.id));
  return world.hubspot.feedbackSubmissions
    .filter((a) => contacts.has(a.contactId) && Date.parse(a.submittedAt) <= Date.parse(AS_OF))
    .sort((a, b) => b.submittedAt.localeCompare(a.submittedAt));
}

const categoryOf = (score: number) => (score >= 9 ? 'PROMOTER' : score >= 7 ? 'PASSIVE' : 'DETRACTOR');

describe('Customer.insights.nps over HTTP, against the HubSpot sandbox\'s own feedback submissions', () => {
  const world = testWorld();
  const everywhere = linkablePeople(world);
  // People with records in all four silos: one who answered more than once, one who never answered.
  const answered = everywhere.find((p) => answersOf(world, p).length >= 2) ?? everywhere.find((p) => answersOf(world, p).length >= 1);
  const silent = everywhere.find((p) => answersOf(world, p).length === 0);
  let stack: TestStack;
  const npsOf = async (person: Person) => {
    const res = await stack.query<{ findCustomers: { id: string; insights: { nps: Nps } }[] }>(BY_EMAIL, { email: person.email });
    expect(res.errors).toBeUndefined();
    return res.data?.findCustomers[0];
  };

  beforeAll(async () => {
    stack = await startTestStack({ CACHE_TTL_SECONDS: '0', CIRCUIT_MIN_CALLS: '1000000' });
  });
  afterEach(async () => {
    for (const system of ['hubspot', 'shopify', 'zendesk', 'square'] as const) await stack.faults(system, {});
  });
  afterAll(() => stack.close());

  it('gives the latest score, when it was given and its category, as the world holds them', async () => {
    const truth = answersOf(world, answered as Person);
    const latest = truth[0]!;
    const got = await npsOf(answered as Person);
    expect(got?.insights.nps).toEqual({
      score: latest.score, givenAt: latest.submittedAt, category: categoryOf(latest.score), reason: null, answers: truth.length, partial: [],
    });
  });

  it('says NO_FEEDBACK for a customer who never answered, with the CRM read in full', async () => {
    const got = await npsOf(silent as Person);
    expect(got?.insights.nps).toEqual({ score: null, givenAt: null, category: null, reason: 'NO_FEEDBACK', answers: 0, partial: [] });
  });

  it('shows analysts the same NPS beside the customer\'s pseudonyms', async () => {
    const admin = await npsOf(answered as Person);
    const res = await stack.query<{ customer: { emails: string[]; insights: { nps: Nps } } }>(
      `query($id: ID!) { customer(id: $id) { emails ${NPS} } }`, { id: admin?.id }, { role: 'analyst' });
    expect(res.errors).toBeUndefined();
    expect(res.data?.customer.insights.nps).toEqual(admin?.insights.nps);
    expect(res.data?.customer.emails.every((e) => e.startsWith('psn_'))).toBe(true);
  });

  it('marks NPS partial with the CRM and its code when HubSpot is down: unknown, not "no feedback"', async () => {
    await stack.faults('hubspot', { outage: true });
    const got = await npsOf(answered as Person);
    expect(got?.insights.nps).toEqual({
      score: null, givenAt: null, category: null, reason: null, answers: 0,
      partial: [{ source: 'CRM', reason: 'FAILED', code: 'SOURCE_UNAVAILABLE' }],
    });
  });

  it('marks NPS partial with SOURCE_BAD_RESPONSE when HubSpot answers garbage', async () => {
    await stack.faults('hubspot', { malformedRate: 1 });
    const got = await npsOf(answered as Person);
    expect(got?.insights.nps.score).toBeNull();
    expect(got?.insights.nps.partial).toEqual([{ source: 'CRM', reason: 'FAILED', code: 'SOURCE_BAD_RESPONSE' }]);
  });
});

const SYSTEMS: System[] = ['hubspot', 'shopify', 'zendesk', 'square'];
const total = (endpoints: Record<string, number>) => Object.values(endpoints).reduce((a, b) => a + b, 0);

describe('upstream requests of NPS, record cache off', () => {
  const world = testWorld();
  const people = linkablePeople(world).slice(0, 8);
  let stack: TestStack;
  const counts = new Map<string, Record<System, Record<string, number>>>();
  const PAGE = (extra: string) => `{ customers(first: 50) { edges { node { id ${extra} } } } }`;

  beforeAll(async () => {
    stack = await startTestStack({ CACHE_TTL_SECONDS: '0', REQUEST_DEADLINE_MS: '20000' });
    const measure = async (name: string, run: () => Promise<void>) => {
      await stack.resetStats();
      await run();
      counts.set(name, Object.fromEntries(await Promise.all(SYSTEMS.map(async (s) => [s, (await stack.stats(s)).byEndpoint] as const))) as Record<System, Record<string, number>>);
    };
    for (const [name, query] of [['agent', agentViewQuery()], ['agent+nps', agentViewQuery(NPS)]] as const) {
      await measure(name, async () => {
        for (const person of people) {
          const zendeskIds = new Set(world.zendesk.users.filter((u) => u.personId === person.id).map((u) => u.id));
          const ticket = world.zendesk.tickets.find((t) => zendeskIds.has(t.requesterId));
          const res = await stack.query(query, { ticketId: ticket?.id }, { role: 'support' });
          expect(res.errors).toBeUndefined();
        }
      });
    }
    for (const [name, query] of [['page', PAGE('')], ['page+nps', PAGE(NPS)]] as const) {
      await measure(name, async () => {
        const res = await stack.query(query);
        expect(res.errors).toBeUndefined();
      });
    }
  }, 120_000);
  afterAll(() => stack.close());

  it('costs the agent view one batched HubSpot search per view, and nothing of any other silo', () => {
    const [plain, withNps] = [counts.get('agent'), counts.get('agent+nps')] as Record<System, Record<string, number>>[];
    console.log(`agent view ×${people.length}, plain → with nps: ${SYSTEMS.map((s) => `${s} ${total(plain![s])} → ${total(withNps![s])}`).join(', ')}`);
    expect(plain!.hubspot[FEEDBACK_SEARCH] ?? 0).toBe(0);
    expect(withNps!.hubspot[FEEDBACK_SEARCH]).toBe(people.length);
    expect(total(withNps!.hubspot)).toBe(total(plain!.hubspot) + people.length);
    for (const s of ['shopify', 'zendesk'] as const) expect(total(withNps![s])).toBe(total(plain![s]));
  });

  it('costs a BI page of 50 customers one batched HubSpot search', () => {
    const [plain, withNps] = [counts.get('page'), counts.get('page+nps')] as Record<System, Record<string, number>>[];
    expect(plain!.hubspot[FEEDBACK_SEARCH] ?? 0).toBe(0);
    expect(withNps!.hubspot[FEEDBACK_SEARCH]).toBe(1);
    expect(total(withNps!.hubspot)).toBe(total(plain!.hubspot) + 1);
  });
});
