import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Person } from '../../connectors/sandbox-kit/index.js';
import type { System } from '../../src/model/index.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { personEverywhere, testWorld } from '../support/world.js';

const QUERY = `query($email: String) { findCustomers(email: $email) {
  id displayName emails
  crm { lifecycleStage }
  orders(first: 2) { totalCount }
  tickets(first: 2) { totalCount }
  posTransactions(first: 2) { totalCount }
} }`;

const SILOS: { system: System; source: string; field: string }[] = [
  { system: 'shopify', source: 'ECOMMERCE', field: 'orders' },
  { system: 'zendesk', source: 'SUPPORT', field: 'tickets' },
  { system: 'square', source: 'POS', field: 'posTransactions' },
];

const FAULTS: { name: string; faults: Record<string, unknown>; code: string; status: string }[] = [
  { name: 'a full outage', faults: { outage: true }, code: 'SOURCE_UNAVAILABLE', status: 'UNAVAILABLE' },
  { name: 'server errors', faults: { errorRate: 1 }, code: 'SOURCE_UNAVAILABLE', status: 'UNAVAILABLE' },
  { name: 'a 429 storm', faults: { rateLimitRate: 1 }, code: 'SOURCE_RATE_LIMITED', status: 'RATE_LIMITED' },
  { name: 'garbage bodies', faults: { malformedRate: 1 }, code: 'SOURCE_BAD_RESPONSE', status: 'BAD_RESPONSE' },
  { name: 'answers slower than the deadline', faults: { latencyMs: 2500 }, code: 'SOURCE_TIMEOUT', status: 'TIMEOUT' },
];

describe('partial results when one silo fails', () => {
  let stack: TestStack;
  let person: Person;
  beforeAll(async () => {
    // No record cache: these tests are about what a failing silo does to an answer (the cache's stale-if-error has its own suite).
    stack = await startTestStack({ REQUEST_DEADLINE_MS: '1500', CACHE_TTL_SECONDS: '0', CIRCUIT_MIN_CALLS: '1000000' });
    person = personEverywhere(testWorld());
  });
  afterEach(async () => {
    for (const { system } of [...SILOS, { system: 'hubspot' as const }]) await stack.faults(system, {});
  });
  afterAll(() => stack.close());

  describe.each(SILOS)('$source ($system)', ({ system, source, field }) => {
    it.each(FAULTS)('$name nulls only its field, with $code and the silo named', async ({ faults, code, status }) => {
      await stack.faults(system, faults);
      const res = await stack.query<{ findCustomers: Record<string, unknown>[] }>(QUERY, { email: person.email });
      const customer = res.data?.findCustomers[0];
      expect(customer?.id).toEqual(expect.any(String));
      expect(customer?.emails).toContain(person.email);
      expect(customer?.crm).not.toBeNull();
      expect(customer?.[field]).toBeNull();
      for (const other of SILOS.filter((s) => s.field !== field)) expect(customer?.[other.field]).toMatchObject({ totalCount: expect.any(Number) });
      const error = res.errors?.find((e) => e.path?.includes(field));
      expect(error?.extensions).toMatchObject({ code, source });
      expect(res.extensions?.sources?.find((s) => s.source === source)?.status).toBe(status);
      expect(JSON.stringify(res)).not.toContain(stack.sandbox(system));
    });
  });

  it('keeps the customer when the CRM is down: its profile is null, the rest answers', async () => {
    await stack.faults('hubspot', { outage: true });
    const res = await stack.query<{ findCustomers: Record<string, unknown>[] }>(QUERY, { email: person.email });
    const customer = res.data?.findCustomers[0];
    expect(customer?.crm).toBeNull();
    expect(customer?.orders).toMatchObject({ totalCount: expect.any(Number) });
    expect(res.errors?.find((e) => e.path?.includes('crm'))?.extensions).toMatchObject({ code: 'SOURCE_UNAVAILABLE', source: 'CRM' });
  });

  it('recovers as soon as the silo does', async () => {
    await stack.faults('zendesk', { outage: true });
    await stack.query(QUERY, { email: person.email });
    await stack.faults('zendesk', {});
    const res = await stack.query<{ findCustomers: Record<string, unknown>[] }>(QUERY, { email: person.email });
    expect(res.errors).toBeUndefined();
    expect(res.data?.findCustomers[0]?.tickets).toMatchObject({ totalCount: expect.any(Number) });
  });
});
