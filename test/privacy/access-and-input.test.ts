import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack.js';
import { personEverywhere, testWorld } from '../support/world.js';
import { FAST_PRIVACY, watchErasure } from './support.js';

const world = testWorld();

const OPERATIONS: Record<string, [string, Record<string, unknown>]> = {
  requestDataExport: ['mutation($s: DataSubjectInput!) { requestDataExport(subject: $s) { json } }', { s: { email: 'a@example.com' } }],
  requestErasure: ['mutation($s: DataSubjectInput!) { requestErasure(subject: $s) { id } }', { s: { email: 'a@example.com' } }],
  updateConsent: ['mutation { updateConsent(customerId: "cus_AAAAAAAAAAAAAAAAAAAAAA", emailMarketing: DENIED) { receipts { source } } }', {}],
  erasureRequests: ['{ erasureRequests { edges { node { id } } } }', {}],
  erasureRequest: ['{ erasureRequest(id: "00000000-0000-4000-8000-000000000000") { id } }', {}],
  reappearances: ['{ reappearances { edges { node { id } } } }', {}],
  recordOfProcessing: ['{ recordOfProcessing { generatedAt } }', {}],
};

describe('privacy operations: who may use them, what they refuse, what the audit trail keeps', () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack(FAST_PRIVACY);
  }, 60_000);
  afterAll(async () => t?.close());

  it.each(['support', 'marketing', 'analyst'] as const)('refuses every privacy operation to %s with FORBIDDEN, and nothing runs', async (role) => {
    for (const [name, [query, variables]] of Object.entries(OPERATIONS)) {
      const res = await t.query<Record<string, unknown>>(query, variables, { role });
      expect(res.data?.[name] ?? null, name).toBeNull();
      expect(res.errors?.[0]?.extensions?.code, name).toBe('FORBIDDEN');
    }
    const jobs = await t.query<{ erasureRequests: { edges: unknown[] } }>('{ erasureRequests(first: 100) { edges { node { id requestedBy } } } }', {}, { role: 'admin' });
    expect(JSON.stringify(jobs.data)).not.toContain(`test-${role}`);
  });

  it.each([
    ['no identifier', { s: {} }],
    ['two identifiers', { s: { email: 'a@example.com', phone: '+14155550100' } }],
    ['a malformed email', { s: { email: 'not-an-email' } }],
    ['a malformed phone', { s: { phone: 'call me maybe' } }],
    ['a malformed customer id', { s: { customerId: 'DROP TABLE customers' } }],
  ])('refuses a subject with %s as BAD_USER_INPUT', async (_label, variables) => {
    for (const op of ['requestErasure', 'requestDataExport'] as const) {
      const res = await t.query(OPERATIONS[op]?.[0] as string, variables, { role: 'privacy' });
      expect(res.errors?.[0]?.extensions?.code, op).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.message, op).not.toMatch(/\n\s+at /);
    }
  });

  it('refuses malformed ids, cursors and page sizes as BAD_USER_INPUT', async () => {
    for (const query of [
      '{ erasureRequest(id: "42") { id } }',
      '{ erasureRequests(after: "not-a-cursor") { edges { cursor } } }',
      '{ erasureRequests(first: 0) { edges { cursor } } }',
      '{ reappearances(after: "eyJhdCI6MX0") { edges { cursor } } }',
    ]) {
      const res = await t.query(query, {}, { role: 'privacy' });
      expect(res.errors?.[0]?.extensions?.code, query).toBe('BAD_USER_INPUT');
    }
    const missing = await t.query<{ erasureRequest: unknown }>(OPERATIONS.erasureRequest?.[0] as string, {}, { role: 'privacy' });
    expect(missing.data?.erasureRequest).toBeNull();
    expect(missing.errors).toBeUndefined();
  });

  it('refuses to guess between people who share an email: AMBIGUOUS_SUBJECT', async () => {
    const shared = world.people.filter((p) => p.householdOf !== null).map((p) => world.people[(p.householdOf as number) - 1]?.email as string);
    let ambiguous: string | undefined;
    for (const email of shared) {
      const found = await t.query<{ findCustomers: unknown[] }>('query($e: String!) { findCustomers(email: $e) { id } }', { e: email }, { role: 'privacy' });
      if ((found.data?.findCustomers.length ?? 0) > 1) {
        ambiguous = email;
        break;
      }
    }
    expect(ambiguous).toBeDefined();
    const res = await t.query(OPERATIONS.requestErasure?.[0] as string, { s: { email: ambiguous } }, { role: 'privacy' });
    expect(res.errors?.[0]?.extensions?.code).toBe('AMBIGUOUS_SUBJECT');
    expect(res.errors?.[0]?.message).not.toContain(ambiguous as string);
  });

  it('serves the record of processing to the privacy role, generated from the schema', async () => {
    const res = await t.query<{ recordOfProcessing: { fields: { field: string; category: string; sources: string[]; access: { role: string; rule: string }[]; cachedForSeconds: number }[] } }>(
      '{ recordOfProcessing { fields { field category sources access { role rule } cachedForSeconds } } }', {}, { role: 'privacy' });
    const emails = res.data?.recordOfProcessing.fields.find((f) => f.field === 'Customer.emails');
    expect(emails).toMatchObject({ category: 'EMAIL', sources: ['CRM', 'ECOMMERCE', 'SUPPORT', 'POS'], cachedForSeconds: 330 });
    expect(emails?.access).toContainEqual({ role: 'analyst', rule: 'pseudonym' });
  });

  it('keeps every privacy request and its outcome in the audit trail, and denied attempts too', async () => {
    const person = personEverywhere(world, 0);
    const found = await t.query<{ findCustomers: { id: string }[] }>('query($e: String!) { findCustomers(email: $e) { id } }', { e: person.email }, { role: 'privacy' });
    const customerId = found.data?.findCustomers[0]?.id as string;
    await t.query(OPERATIONS.requestDataExport?.[0] as string, { s: { customerId } }, { role: 'privacy', sub: 'officer-9' });
    const erase = await t.query<{ requestErasure: { id: string } }>(OPERATIONS.requestErasure?.[0] as string, { s: { customerId } }, { role: 'privacy', sub: 'officer-9' });
    const jobId = erase.data?.requestErasure.id as string;
    await watchErasure(t, jobId);
    await t.query(OPERATIONS.requestErasure?.[0] as string, { s: { customerId } }, { role: 'support', sub: 'agent-curious' });

    const trail = await t.query<{ auditEvents: { edges: { node: { subject: string; action: string | null; outcome: string | null } }[] } }>(
      'query($id: ID!) { auditEvents(customerId: $id, first: 50) { edges { node { subject action outcome } } } }', { id: customerId }, { role: 'privacy' });
    const actions = trail.data?.auditEvents.edges.map((e) => e.node).filter((n) => n.action !== null) ?? [];
    expect(actions).toEqual(expect.arrayContaining([
      { subject: 'officer-9', action: 'privacy.export.requested', outcome: expect.stringMatching(/^\d+ records$/) },
      { subject: 'officer-9', action: 'privacy.erasure.requested', outcome: `created ${jobId}` },
      { subject: 'gateway:erasure-worker', action: 'privacy.erasure.completed', outcome: `COMPLETED ${jobId}` },
    ]));

    const url = t.stack.settings.storage.databaseUrl;
    if (!url) return; // the denied attempt names no customer: read it from PostgreSQL itself
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ categories: Record<string, string> }>(`SELECT categories FROM audit_events WHERE sub = 'agent-curious'`);
      expect(rows.map((r) => r.categories)).toContainEqual({ PRIVACY_OPERATIONS: 'DENIED' });
    } finally {
      await client.end();
    }
  }, 60_000);
});
