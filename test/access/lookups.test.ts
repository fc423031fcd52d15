import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Person, World } from '../../connectors/sandbox-kit/index.js';
import type { Role } from '../../src/auth/index.js';
import type { System } from '../../src/model/index.js';
import { startTestStack, testPseudonym, type GqlResponse, type TestStack } from '../support/stack.js';
import { mergedConsent, personWithConsents, testWorld } from '../support/world.js';

/**
 * No role learns from a look-up more than its read rules let it see: per role × look-up argument × consent state,
 * a look-up by a value the role may not read raw answers exactly as a value that matches nothing (same data,
 * errors and source report, same upstream requests per silo and endpoint), and is audited as refused.
 * The record cache is off here so that request counts depend on the look-up alone.
 */
const PEOPLE = 1000;
const FIELDS = 'id displayName emails phones consent { email { state } sms { state } }';
const QUERIES = {
  email: `query Lookup($v: String) { findCustomers(email: $v) { ${FIELDS} } }`,
  phone: `query Lookup($v: String) { findCustomers(phone: $v) { ${FIELDS} } }`,
  name: `query Lookup($v: String) { findCustomers(name: $v) { ${FIELDS} } }`,
  pseudonym: `query Lookup($v: String) { findCustomers(pseudonym: $v) { ${FIELDS} } }`,
  customerId: `query Lookup($v: ID!) { customer(id: $v) { ${FIELDS} } }`,
  order: `query Lookup($v: ID!) { customerByOrder(orderId: $v) { ${FIELDS} } }`,
  ticket: `query Lookup($v: ID!) { customerByTicket(ticketId: $v) { ${FIELDS} } }`,
} as const;
type Argument = keyof typeof QUERIES;
const ROLES: Role[] = ['support', 'marketing', 'analyst', 'privacy', 'admin'];
const SYSTEMS: System[] = ['hubspot', 'shopify', 'zendesk', 'square'];

/** Values that match nothing in the world, one per argument. */
const UNKNOWN: Record<Argument, string> = {
  email: 'nobody.at.all@unknown-domain.example',
  phone: '+1 907 555 0148',
  name: 'Qwyzzle Throckbottom',
  pseudonym: `psn_${'A'.repeat(86)}`,
  customerId: `cus_${'A'.repeat(43)}`,
  order: 'gid://shopify/Order/987654321987',
  ticket: '98765432109',
};

type Answer = { res: GqlResponse; calls: Record<System, Record<string, number>> };

/** Whether the role's read rules show this person's value for the argument raw (or, for a pseudonym, as the pseudonym). */
function answers(world: World, role: Role, argument: Argument, p: Person): boolean {
  if (argument === 'pseudonym') return role === 'analyst';
  if (argument === 'customerId' || argument === 'order' || argument === 'ticket') return true;
  if (role === 'analyst') return false;
  if (role !== 'marketing') return true;
  const email = mergedConsent(world, p, 'EMAIL') === 'GRANTED';
  const sms = mergedConsent(world, p, 'SMS') === 'GRANTED';
  return argument === 'email' ? email : argument === 'phone' ? sms : email || sms;
}

/** What the response shows a caller, less the timings. */
function shown(res: GqlResponse): unknown {
  const sources = (res.extensions?.sources ?? []).map(({ source, status, cached, stale }) => ({ source, status, cached, stale }));
  return { status: res.status, data: res.data, errors: res.errors, sources };
}

describe('look-ups reveal nothing that reads hide', () => {
  let stack: TestStack;
  let world: World;
  let db: pg.Client;
  let n = 0;
  const ids = new Map<number, string>();

  const ask = async (role: Role, argument: Argument, value: string, sub: string): Promise<Answer> => {
    await stack.resetStats();
    const res = await stack.query(QUERIES[argument], { v: value }, { role, sub });
    const calls = Object.fromEntries(await Promise.all(SYSTEMS.map(async (s) => [s, (await stack.stats(s)).byEndpoint] as const))) as Answer['calls'];
    return { res, calls };
  };
  const refusals = async (sub: string) => {
    // Reading the trail writes out what is queued first.
    await stack.query('{ auditEvents(customerId: "cus_flush") { edges { cursor } } }', {}, { role: 'privacy' });
    const { rows } = await db.query<{ action: string; outcome: string; categories: Record<string, string>; customer_ids: string[]; roles: string[] }>(
      'SELECT action, outcome, categories, customer_ids, roles FROM audit_events WHERE sub = $1 AND action IS NOT NULL', [sub]);
    return rows;
  };
  const customerId = async (p: Person) => {
    let id = ids.get(p.id);
    if (!id) {
      const res = await stack.query<{ findCustomers: { id: string }[] }>(QUERIES.email, { v: p.email }, { role: 'admin' });
      id = res.data?.findCustomers[0]?.id as string;
      ids.set(p.id, id);
    }
    return id;
  };
  const valueOf = async (argument: Argument, p: Person): Promise<string> => {
    switch (argument) {
      case 'email': return p.email;
      case 'phone': return p.phone;
      case 'name': return `${p.firstName} ${p.lastName}`;
      case 'pseudonym': return testPseudonym('email', p.email);
      case 'customerId': return customerId(p);
      case 'order': {
        const shop = world.shopify.customers.find((c) => c.personId === p.id);
        return world.shopify.orders.find((o) => o.customerId === shop?.id)?.id as string;
      }
      case 'ticket': {
        const user = world.zendesk.users.find((u) => u.personId === p.id);
        return world.zendesk.tickets.find((t) => t.requesterId === user?.id)?.id as string;
      }
    }
  };

  beforeAll(async () => {
    stack = await startTestStack({ SANDBOX_PEOPLE: String(PEOPLE), CACHE_TTL_SECONDS: '0', CACHE_STALE_SECONDS: '0', REQUEST_DEADLINE_MS: '20000' });
    world = testWorld(42, PEOPLE);
    db = new pg.Client({ connectionString: stack.stack.settings.storage.databaseUrl });
    await db.connect();
  }, 60_000);
  afterAll(async () => {
    await db?.end();
    await stack?.close();
  });

  const people = {
    'email granted, SMS denied': () => personWithConsents(world, { email: 'GRANTED', sms: 'DENIED' }),
    'email granted, SMS granted': () => personWithConsents(world, { email: 'GRANTED', sms: 'GRANTED' }),
    'email denied, SMS denied': () => personWithConsents(world, { email: 'DENIED', sms: 'DENIED' }),
    'email unknown, SMS granted': () => personWithConsents(world, { email: 'UNKNOWN', sms: 'GRANTED' }),
    'email denied, SMS unknown': () => personWithConsents(world, { email: 'DENIED', sms: 'UNKNOWN' }),
  } as const;
  const cases = ROLES.flatMap((role) => (Object.keys(QUERIES) as Argument[]).flatMap((argument) =>
    (role === 'marketing' ? Object.keys(people) : ['email granted, SMS denied']).map((consent) => [role, argument, consent] as const)));

  it.each(cases)('%s by %s (%s)', async (role, argument, consent) => {
    const p = people[consent as keyof typeof people]();
    const value = await valueOf(argument, p);
    expect(value).toEqual(expect.any(String));
    const sub = `lookup-${++n}`;
    const known = await ask(role, argument, value, sub);
    expect(known.res.status).toBe(200);
    if (answers(world, role, argument, p)) {
      const data = known.res.data as Record<string, { id: string }[] | { id: string } | null>;
      const answer = Object.values(data)[0];
      const found = Array.isArray(answer) ? answer.map((c) => c.id) : [answer?.id];
      expect(found).toContain(await customerId(p));
      expect(await refusals(sub)).toEqual([]);
      return;
    }
    const unknown = await ask(role, argument, UNKNOWN[argument], `lookup-unknown-${n}`);
    expect(shown(known.res)).toEqual(shown(unknown.res));
    expect(known.calls).toEqual(unknown.calls);
    const audited = await refusals(sub);
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ action: 'lookup.refused', roles: [role] });
    expect(Object.values(audited[0]?.categories ?? {})).toContain('DENIED');
    expect(JSON.stringify(audited)).not.toContain(argument === 'pseudonym' ? value : p.email);
  }, 30_000);

  it('finds the customer of a BI row by its name or phone pseudonym too, and only customers showing it', async () => {
    const p = people['email granted, SMS denied']();
    const id = await customerId(p);
    const seen = await stack.query<{ customer: { displayName: string; phones: string[] } }>(QUERIES.customerId, { v: id }, { role: 'analyst' });
    const { displayName, phones } = seen.data?.customer ?? { displayName: '', phones: [] };
    for (const pseudonym of [displayName, ...phones]) {
      expect(pseudonym).toMatch(/^psn_/);
      const res = await stack.query<{ findCustomers: { id: string; displayName: string }[] }>(QUERIES.pseudonym, { v: pseudonym }, { role: 'analyst' });
      expect(res.data?.findCustomers.map((c) => c.id)).toContain(id);
      if (pseudonym === displayName) expect(res.data?.findCustomers.every((c) => c.displayName === displayName)).toBe(true);
    }
  });

  it('refuses a pseudonym with another argument, naming it', async () => {
    const res = await stack.query('{ findCustomers(pseudonym: "psn_x", email: "a@b.io") { id } }', {}, { role: 'analyst' });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'pseudonym' });
  });

  it('holds back, in an aliased batch of guesses, every one the role may not confirm', async () => {
    const guesses = Object.values(people).map((make) => make().email);
    const query = `{ ${guesses.map((_, i) => `g${i}: findCustomers(email: "${guesses[i]}") { id }`).join(' ')} }`;
    const res = await stack.query<Record<string, { id: string }[]>>(query, {}, { role: 'analyst', sub: 'guesser' });
    expect(Object.values(res.data ?? {}).every((found) => found.length === 0)).toBe(true);
    expect(await refusals('guesser')).toHaveLength(guesses.length);
  });
});

describe('look-ups with the record cache on', () => {
  let stack: TestStack;
  let world: World;
  beforeAll(async () => {
    stack = await startTestStack({ CACHE_TTL_SECONDS: '120', CACHE_STALE_SECONDS: '0' });
    world = testWorld();
  }, 60_000);
  afterAll(async () => stack?.close());

  const ask = async (role: Role, email: string) => {
    await stack.resetStats();
    const res = await stack.query(QUERIES.email, { v: email }, { role });
    const calls = Object.fromEntries(await Promise.all(SYSTEMS.map(async (s) => [s, (await stack.stats(s)).byEndpoint] as const)));
    return { res, calls };
  };

  it.each([
    ['analyst', { email: 'GRANTED' }],
    ['marketing', { email: 'DENIED' }],
  ] as const)('answers %s for a value another role just read as for one nobody read: no cache hit gives it away', async (role, consent) => {
    const p = personWithConsents(world, consent);
    await ask('admin', p.email);
    // The cache is warm: support, who may read the email, is answered from it.
    const warm = await ask('support', p.email);
    expect(warm.res.extensions?.sources?.some((s) => s.cached)).toBe(true);
    const known = await ask(role, p.email);
    const unknown = await ask(role, `${role}.never.seen@unknown-domain.example`);
    expect(shown(known.res)).toEqual(shown(unknown.res));
    expect(known.calls).toEqual(unknown.calls);
  });
});
