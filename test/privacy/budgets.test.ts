import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack.js';
import { personEverywhere, testWorld } from '../support/world.js';
import { FAST_PRIVACY } from './support.js';

describe('the privacy budget of one officer, through the whole stack', () => {
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
});
