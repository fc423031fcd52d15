import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Person } from '../../connectors/sandbox-kit/index.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { personEverywhere, testWorld } from '../support/world.js';

const READ = `query AgentLookup($email: String) { findCustomers(email: $email) { id emails phones sourceRecords { recordId } } }`;
const TRAIL = `query Trail($id: ID!, $after: String) { auditEvents(customerId: $id, first: 10, after: $after) {
  edges { cursor node { id at subject roles operationName customerIds categories { category outcome } } }
  pageInfo { hasNextPage endCursor } } }`;

type Trail = { auditEvents: { edges: { cursor: string; node: { subject: string; roles: string[]; operationName: string | null; customerIds: string[]; categories: { category: string; outcome: string }[] } }[] } };

describe('audit trail over HTTP', () => {
  let stack: TestStack;
  let person: Person;
  beforeAll(async () => {
    stack = await startTestStack();
    person = personEverywhere(testWorld());
  });
  afterAll(() => stack.close());

  it('records who read which customer, which categories and what the rules did, never the values', async () => {
    const read = await stack.query<{ findCustomers: { id: string }[] }>(READ, { email: person.email }, { role: 'support', sub: 'agent-007' });
    const id = read.data?.findCustomers[0]?.id as string;
    const trail = await stack.query<Trail>(TRAIL, { id }, { role: 'privacy' });
    expect(trail.errors).toBeUndefined();
    const event = trail.data?.auditEvents.edges.map((e) => e.node).find((e) => e.subject === 'agent-007');
    expect(event).toMatchObject({ roles: ['support'], operationName: 'AgentLookup', customerIds: [id] });
    expect(event?.categories).toEqual(expect.arrayContaining([
      { category: 'EMAIL', outcome: 'ALLOWED' },
      { category: 'PHONE', outcome: 'ALLOWED' },
      { category: 'LINKAGE', outcome: 'DENIED' },
    ]));
    const raw = JSON.stringify(trail);
    for (const value of [person.email, person.phone, person.lastName]) expect(raw).not.toContain(value);
  });

  it('pages the trail newest first with its cursors', async () => {
    const read = await stack.query<{ findCustomers: { id: string }[] }>(READ, { email: person.email }, { role: 'support' });
    const id = read.data?.findCustomers[0]?.id as string;
    for (let i = 0; i < 11; i++) await stack.query(READ, { email: person.email }, { role: 'support', sub: `pager-${i}` });
    const first = await stack.query<Trail & { auditEvents: { pageInfo: { endCursor: string } } }>(TRAIL, { id }, { role: 'admin' });
    const page = first.data?.auditEvents;
    expect(page?.edges).toHaveLength(10);
    expect(page?.edges[0]?.node.subject).toBe('pager-10');
    const second = await stack.query<Trail>(TRAIL, { id, after: page?.pageInfo.endCursor }, { role: 'admin' });
    const subjects = second.data?.auditEvents.edges.map((e) => e.node.subject) ?? [];
    expect(subjects[0]).toBe('pager-0');
    const bad = await stack.query(TRAIL, { id, after: 'not-a-cursor' }, { role: 'admin' });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
  });
});

describe('when the audit database is unreachable', () => {
  let stack: TestStack;
  let person: Person;
  beforeAll(async () => {
    stack = await startTestStack({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/unreachable', AUDIT_MAX_QUEUED: '2' });
    person = personEverywhere(testWorld());
  });
  afterAll(() => stack.close());

  it('serves while events can queue, then refuses personal data with AUDIT_UNAVAILABLE rather than serve it unaudited', async () => {
    const served = await stack.query<{ findCustomers: { emails: string[] | null }[] }>(READ, { email: person.email }, { role: 'support' });
    expect(served.data?.findCustomers[0]?.emails).toContain(person.email);
    await stack.query(READ, { email: person.email }, { role: 'support' });
    const refused = await stack.query<{ findCustomers: { id: string; emails: string[] | null }[] }>(READ, { email: person.email }, { role: 'support' });
    expect(refused.data?.findCustomers[0]?.id).toEqual(expect.any(String));
    expect(refused.data?.findCustomers[0]?.emails).toBeNull();
    expect(refused.errors?.find((e) => e.path?.includes('emails'))?.extensions?.code).toBe('AUDIT_UNAVAILABLE');
    expect(JSON.stringify(refused)).not.toContain(person.email);
  });
});
