import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Person, World } from '../../connectors/sandbox-kit/index.js';
import type { Role } from '../../src/auth/index.js';
import { startTestStack, testPseudonym, type GqlResponse, type TestStack } from '../support/stack.js';
import { personEverywhere, testWorld } from '../support/world.js';

const QUERY = `query Roles($email: String, $pseudonym: String) { findCustomers(email: $email, pseudonym: $pseudonym) {
  id displayName emails phones consent { email { state } }
  orders(first: 3) { totalCount edges { node { id } } }
  tickets(first: 3) { totalCount edges { node { id status subject } } }
  sourceRecords { system recordId }
} }`;

type Row = { id: string; displayName: string | null; emails: string[] | null; phones: string[] | null; sourceRecords: { system: string; recordId: string }[] | null;
  tickets: { edges: { node: { subject: string | null } }[] } | null };
type Answer = { row: Row; res: GqlResponse<{ findCustomers: Row[] }>; raw: string; upstream: number };

describe('the record cache never carries one role’s view, or a denied field, to another role', () => {
  let stack: TestStack;
  let world: World;
  // Whether this stack's gateway reads through the record cache (it does once src/app.ts wires createCacheLayer).
  let wired = false;
  const upstream = async () => (await Promise.all((['hubspot', 'shopify', 'zendesk', 'square'] as const).map(async (s) => (await stack.stats(s)).total))).reduce((a, b) => a + b, 0);
  const ask = async (role: Role, email: string): Promise<Answer> => {
    const before = await upstream();
    // Analysts look customers up by the pseudonym they see, never by the value behind it.
    const res = await stack.query<{ findCustomers: Row[] }>(QUERY, role === 'analyst' ? { pseudonym: testPseudonym('email', email) } : { email }, { role });
    return { row: res.data?.findCustomers[0] as Row, res, raw: JSON.stringify(res), upstream: (await upstream()) - before };
  };
  const fromCache = (a: Answer) => (a.res.extensions?.sources ?? []).length > 0 && (a.res.extensions?.sources ?? []).every((s) => s.cached);
  /** With the cache wired, the later role's answer was built from records cached by the earlier one: prove it. */
  const expectServedFromCache = (a: Answer) => {
    if (!wired) return;
    expect(fromCache(a)).toBe(true);
    expect(a.upstream).toBe(0);
  };

  beforeAll(async () => {
    stack = await startTestStack({ CACHE_TTL_SECONDS: '120', CACHE_STALE_SECONDS: '0' });
    world = testWorld();
    const probe = personEverywhere(world, 7);
    await ask('admin', probe.email);
    wired = fromCache(await ask('admin', probe.email));
    if (!wired) console.warn('[cache-roles] the stack does not read through the record cache yet (src/app.ts): the access rules are proven without it');
  });
  afterAll(() => stack.close());

  it('admin first, then analyst on the same customer: no unmasked value reaches the analyst', async () => {
    const p: Person = personEverywhere(world, 0);
    const admin = await ask('admin', p.email);
    const analyst = await ask('analyst', p.email);
    expectServedFromCache(analyst);
    expect(admin.row.id).toBe(analyst.row.id);
    const plain = [...(admin.row.emails ?? []), ...(admin.row.phones ?? []), admin.row.displayName ?? '', p.firstName, p.lastName].filter(Boolean);
    expect(plain.length).toBeGreaterThan(2);
    for (const value of plain) expect(analyst.raw).not.toContain(value);
    expect(analyst.row.emails?.every((e) => e.startsWith('psn_'))).toBe(true);
    expect(analyst.row.tickets?.edges.every((e) => e.node.subject === null)).toBe(true);
  });

  it('returns null and FORBIDDEN for sourceRecords to support, after admin had them read and cached', async () => {
    const p = personEverywhere(world, 1);
    const admin = await ask('admin', p.email);
    expect(admin.row.sourceRecords?.length).toBeGreaterThan(1);
    const support = await ask('support', p.email);
    expectServedFromCache(support);
    expect(support.row.sourceRecords).toBeNull();
    const denied = support.res.errors?.find((e) => e.path?.join('.') === 'findCustomers.0.sourceRecords');
    expect(denied?.extensions?.code).toBe('FORBIDDEN');
    expect(support.row.emails).toContain(p.email);
  });

  it('keeps the later admin answer whole: a restricted view never flows back into the cache', async () => {
    const p = personEverywhere(world, 2);
    const first = await ask('admin', p.email);
    await ask('analyst', p.email);
    await ask('support', p.email);
    const again = await ask('admin', p.email);
    expectServedFromCache(again);
    expect(again.row).toEqual(first.row);
    expect(again.res.errors).toBeUndefined();
  });
});
