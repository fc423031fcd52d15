import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Person, World } from '../../connectors/sandbox-kit/index.js';
import type { Role } from '../../src/auth/index.js';
import { startTestStack, testPseudonym, type TestStack } from '../support/stack.js';
import { personEverywhere, personWithConsents, testWorld } from '../support/world.js';

const FIELDS = `
  id displayName emails phones consent { email { state } sms { state } }
  orders(first: 3) { totalCount edges { node { id total { amount currencyCode } } } }
  tickets(first: 3) { totalCount edges { node { id status subject } } }
  sourceRecords { system recordId }`;
const QUERY = `query Access($email: String, $pseudonym: String) { findCustomers(email: $email, pseudonym: $pseudonym) { ${FIELDS} } }`;
const BY_ID = `query AccessById($id: ID!) { customer(id: $id) { ${FIELDS} } }`;

type Row = { id: string; displayName: string | null; emails: string[] | null; phones: string[] | null; consent: { email: { state: string }; sms: { state: string } } | null;
  orders: { totalCount: number } | null; tickets: { edges: { node: { subject: string | null; status: string } }[] } | null; sourceRecords: unknown[] | null };

/** A linkable person whose merged email consent is as wanted. */
function personWithConsent(world: World, granted: boolean): Person {
  for (let skip = 0; skip < 50; skip++) {
    const p = personEverywhere(world, skip);
    const records = [...world.hubspot.contacts, ...world.shopify.customers, ...world.square.customers].filter((r) => r.personId === p.id);
    const merged = records.some((r) => r.emailConsent === 'DENIED') ? 'DENIED' : records.some((r) => r.emailConsent === 'GRANTED') ? 'GRANTED' : 'UNKNOWN';
    if ((merged === 'GRANTED') === granted) return p;
  }
  throw new Error('no such person');
}

describe('field-level access rules over HTTP', () => {
  let stack: TestStack;
  let world: World;
  // Each role looks the customer up as its rules let it: analysts by the pseudonym they see, marketing by the id
  // (marketing may not confirm the email of a customer who refused marketing), the others by email.
  const ask = async (role: Role, email: string) => {
    if (role === 'marketing') {
      const found = await stack.query<{ findCustomers: Row[] }>(QUERY, { email }, { role: 'admin' });
      const res = await stack.query<{ customer: Row }>(BY_ID, { id: found.data?.findCustomers[0]?.id }, { role });
      return { row: res.data?.customer as Row, errors: res.errors ?? [], raw: JSON.stringify(res) };
    }
    const res = await stack.query<{ findCustomers: Row[] }>(QUERY, role === 'analyst' ? { pseudonym: testPseudonym('email', email) } : { email }, { role });
    return { row: res.data?.findCustomers[0] as Row, errors: res.errors ?? [], raw: JSON.stringify(res) };
  };

  beforeAll(async () => {
    stack = await startTestStack();
    world = testWorld();
  });
  afterAll(() => stack.close());

  it('shows support contact details, orders and tickets, but not how records were linked', async () => {
    const p = personWithConsent(world, false);
    const { row, errors } = await ask('support', p.email);
    expect(row.emails).toContain(p.email);
    expect(row.phones).toContain(p.phone);
    expect(row.tickets?.edges[0]?.node.subject).toEqual(expect.any(String));
    expect(row.sourceRecords).toBeNull();
    expect(errors.find((e) => e.path?.join('.') === 'findCustomers.0.sourceRecords')?.extensions?.code).toBe('FORBIDDEN');
  });

  it('gives analysts stable pseudonyms instead of identifiers, and every amount and count', async () => {
    const p = personWithConsent(world, true);
    const first = await ask('analyst', p.email);
    const second = await ask('analyst', p.email);
    expect(first.row.emails?.every((e) => e.startsWith('psn_'))).toBe(true);
    expect(first.row.emails).toEqual(second.row.emails);
    expect(first.row.displayName).toMatch(/^psn_/);
    expect(first.row.orders?.totalCount).toEqual(expect.any(Number));
    expect(first.row.tickets?.edges.every((e) => e.node.subject === null && e.node.status)).toBe(true);
    for (const secret of [p.email, p.phone, p.firstName, p.lastName]) expect(first.raw).not.toContain(secret);
  });

  it('shows marketing contact details only of customers who granted email marketing, masked otherwise', async () => {
    const granted = personWithConsent(world, true);
    const withheld = personWithConsent(world, false);
    const yes = await ask('marketing', granted.email);
    const no = await ask('marketing', withheld.email);
    expect(yes.row.consent?.email.state).toBe('GRANTED');
    expect(yes.row.emails).toContain(granted.email);
    expect(no.row.consent?.email.state).not.toBe('GRANTED');
    expect(no.row.emails?.every((e) => /^.\*\*\*@/.test(e))).toBe(true);
    expect(no.row.phones?.every((ph) => ph.includes('•••'))).toBe(true);
    expect(no.raw).not.toContain(withheld.email);
    expect(no.raw).not.toContain(withheld.phone);
    expect(yes.errors.some((e) => e.path?.includes('subject') && e.extensions?.code === 'FORBIDDEN')).toBe(true);
  });

  it('masks each contact channel by its own consent: email marketing granted, SMS refused → the email shown, the phone masked', async () => {
    const p = personWithConsents(world, { email: 'GRANTED', sms: 'DENIED' });
    const { row, raw } = await ask('marketing', p.email);
    expect(row.consent?.email.state).toBe('GRANTED');
    expect(row.consent?.sms.state).toBe('DENIED');
    expect(row.emails).toContain(p.email);
    expect(row.displayName).not.toMatch(/^.\. /);
    expect(row.phones?.length).toBeGreaterThan(0);
    expect(row.phones?.every((ph) => ph.includes('•••'))).toBe(true);
    expect(raw).not.toContain(p.phone);
  });

  it.each(['privacy', 'admin'] as const)('shows %s everything, including source records', async (role) => {
    const p = personWithConsent(world, false);
    const { row, errors } = await ask(role, p.email);
    expect(errors).toEqual([]);
    expect(row.sourceRecords?.length).toBeGreaterThan(1);
    expect(row.emails).toContain(p.email);
  });

  it('never lets one role\'s view reach another: admin first, then analyst on the same customer', async () => {
    const p = personWithConsent(world, false);
    const admin = await ask('admin', p.email);
    const analyst = await ask('analyst', p.email);
    expect(admin.row.id).toBe(analyst.row.id);
    const plain = [...(admin.row.emails ?? []), ...(admin.row.phones ?? []), admin.row.displayName ?? ''].filter(Boolean);
    expect(plain.length).toBeGreaterThan(1);
    for (const value of plain) expect(analyst.raw).not.toContain(value);
  });

  it('refuses the audit trail to support with FORBIDDEN', async () => {
    const res = await stack.query('query($id: ID!) { auditEvents(customerId: $id) { edges { cursor } } }', { id: 'cus_x' }, { role: 'support' });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
