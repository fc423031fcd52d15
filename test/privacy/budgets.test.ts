import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack.js';
import { personEverywhere, testWorld } from '../support/world.js';
import { FAST_PRIVACY } from './support.js';

describe('per-caller budgets through the whole stack: an officer’s privacy operations, an agent’s look-ups', () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack({ ...FAST_PRIVACY, CALLER_PRIVACY_OPERATIONS_PER_MINUTE: '10' });
  }, 60_000);
  afterAll(async () => t?.close());

  const jobs = async () => (await t.query<{ erasureRequests: { edges: unknown[] } }>('{ erasureRequests(first: 100) { edges { node { id } } } }', {}, { role: 'admin', sub: 'jobs-reader' })).data?.erasureRequests.edges ?? [];

  it('refuses 30 aliased requestErasure with 429 RATE_LIMITED and creates no job at all', async () => {
    const person = personEverywhere(testWorld(), 3);
    const aliases = Array.from({ length: 30 }, (_, i) => `e${i}: requestErasure(subject: $s) { id }`).join(' ');
    const refused = await t.query(`mutation($s: DataSubjectInput!) { ${aliases} }`, { s: { email: person.email } }, { role: 'privacy', sub: 'officer-1' });
    expect(refused.status).toBe(429);
    expect(refused.data ?? null).toBeNull();
    expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['RATE_LIMITED']);
    expect(await jobs()).toEqual([]);

    // Nothing was spent by the refusal: one erasure is still within the officer's budget.
    const one = await t.query<{ requestErasure: { id: string } }>('mutation($s: DataSubjectInput!) { requestErasure(subject: $s) { id } }', { s: { email: person.email } }, { role: 'privacy', sub: 'officer-1' });
    expect(one.errors).toBeUndefined();
    expect(await jobs()).toHaveLength(1);
  }, 60_000);

  it('stops 300 look-ups from one support token at the default budget (120 a minute) with 429, while another token is served', async () => {
    const person = personEverywhere(testWorld(), 4);
    const thirty = `query($e: String) { ${Array.from({ length: 30 }, (_, i) => `l${i}: findCustomers(email: $e) { id }`).join(' ')} }`;
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await t.query(thirty, { e: person.email }, { role: 'support', sub: 'guessing-agent' })).status);
    // 120 look-ups are four requests of 30; the fifth finds the budget spent (a refill of 30 would take 15 s).
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 429]);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(5);
    const other = await t.query<{ findCustomers: unknown[] }>('query($e: String) { findCustomers(email: $e) { id } }', { e: person.email }, { role: 'support', sub: 'another-agent' });
    expect(other.status).toBe(200);
    expect(other.data?.findCustomers).toHaveLength(1);
  }, 60_000);
});
