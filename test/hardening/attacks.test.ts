import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken, type Role } from '../../src/auth/index.js';
import type { System } from '../../src/model/index.js';
import { startTestStack, type GqlResponse, type TestStack } from '../support/stack.js';

const SECRET = 'hardening-suite-jwt-secret-0123456789abcdef';
const SYSTEMS: System[] = ['hubspot', 'shopify', 'zendesk', 'square'];
const repeat = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join(' ');

/** Nothing internal in a response: no stack frames, no file paths. */
function expectNoLeak(body: unknown): void {
  const text = JSON.stringify(body);
  expect(text).not.toMatch(/stacktrace|\bat \S+ \(|node_modules|\.ts:\d+|\.js:\d+/);
}

/** A refusal: the status, exactly one error carrying the code, no data, nothing internal. */
function expectRefused(res: GqlResponse, code: string, status = 400): string {
  expect(res.status).toBe(status);
  expect(res.errors?.map((e) => e.extensions?.code)).toEqual([code]);
  expect(res.data ?? null).toBeNull();
  expectNoLeak(res);
  return res.errors?.[0]?.message ?? '';
}

describe('GraphQL attack shapes are refused with a code naming the limit', () => {
  let stack: TestStack;
  const token = (role: Role) => issueToken(SECRET, { sub: `hardening-${role}`, roles: [role] });
  const gql = async (query: string, variables: Record<string, unknown> = {}, role: Role = 'support') =>
    stack.query(query, variables, { token: await token(role) });
  const post = async (body: string, role: Role = 'support') => {
    const res = await fetch(`${stack.stack.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await token(role)}` },
      body,
    });
    return { res, json: (await res.json()) as GqlResponse };
  };
  /** Upstream requests the four sandboxes served since the last reset. */
  const siloCalls = async () => (await Promise.all(SYSTEMS.map((s) => stack.stats(s)))).reduce((n, s) => n + s.total, 0);

  beforeAll(async () => {
    stack = await startTestStack({ AUTH_JWT_SECRET: SECRET, REQUEST_DEADLINE_MS: '20000' });
  });
  afterAll(() => stack.close());

  describe('deep nesting', () => {
    it('refuses a query nested 9 levels deep with DEPTH_LIMIT_EXCEEDED', async () => {
      const res = await gql('{ customers(first: 1) { edges { node { orders(first: 1) { edges { node { lineItems { unitPrice { amount } } } } } } } } }');
      expect(expectRefused(res, 'DEPTH_LIMIT_EXCEEDED')).toMatch(/9 levels deep; the limit is 8/);
    });

    it('counts depth through fragments', async () => {
      const res = await gql(`{ customers(first: 1) { ...Page } }
        fragment Page on CustomerConnection { edges { node { ...Items } } }
        fragment Items on Customer { orders { edges { node { lineItems { total { amount } } } } } }`);
      expect(expectRefused(res, 'DEPTH_LIMIT_EXCEEDED')).toMatch(/9 levels deep/);
    });
  });

  it('refuses an alias flood with ALIAS_LIMIT_EXCEEDED before any silo is called', async () => {
    await stack.resetStats();
    const res = await gql(`{ ${repeat(100, (i) => `a${i}: customer(id: "x${i}") { id }`)} }`);
    expect(expectRefused(res, 'ALIAS_LIMIT_EXCEEDED')).toMatch(/100 aliases; the limit is 30/);
    expect(await siloCalls()).toBe(0);
  });

  it("rejects a fragment cycle with graphql's NoFragmentCycles rule, and keeps serving", async () => {
    const res = await gql('{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }');
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors?.[0]?.message).toMatch(/Cannot spread fragment "A" within itself via "B"/);
    expectNoLeak(res);
    const nested = await gql(`{ customers(first: 1) { edges { node { ...C } } } }
      fragment C on Customer { id orders { edges { node { id } } } ...D }
      fragment D on Customer { emails ...C }`);
    expect(nested.errors?.[0]?.message).toMatch(/Cannot spread fragment "C" within itself via "D"/);
    expect((await gql('{ __typename }')).data).toEqual({ __typename: 'Query' });
  });

  describe('field duplication', () => {
    it('refuses the same field repeated 600 times with FIELD_LIMIT_EXCEEDED', async () => {
      const res = await gql(`{ customers(first: 1) { edges { node { ${'id '.repeat(600)} } } } }`);
      expect(expectRefused(res, 'FIELD_LIMIT_EXCEEDED')).toMatch(/selects 603 fields .*; the limit is 500/);
    });

    it('counts a fragment each time it is spread', async () => {
      const res = await gql(`{ customers(first: 1) { edges { node { ${'...F '.repeat(200)} } } } } fragment F on Customer { id displayName emails phones }`);
      expect(expectRefused(res, 'FIELD_LIMIT_EXCEEDED')).toMatch(/selects 803 fields/);
    });

    it('measures a fragment bomb (each fragment spreading the next twice) without expanding it', async () => {
      const fragments = repeat(40, (i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`);
      const res = await gql(`{ ...F0 } ${fragments} fragment F40 on Query { __typename }`);
      expect(expectRefused(res, 'FIELD_LIMIT_EXCEEDED')).toMatch(`selects ${2 ** 40} fields`);
    });
  });

  it('refuses an array of operations with BATCHING_NOT_ALLOWED', async () => {
    const { res, json } = await post(JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }, { query: '{ __typename }' }]));
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(expectRefused({ ...json, status: res.status }, 'BATCHING_NOT_ALLOWED')).toMatch(/an array of 3; the limit is 1 operation per request/);
  });

  it('answers a body over the limit (huge variables) with 413 PAYLOAD_TOO_LARGE as JSON', async () => {
    const body = JSON.stringify({ query: 'query($email: String) { findCustomers(email: $email) { id } }', variables: { email: `${'a'.repeat(300_000)}@example.com` } });
    const { res, json } = await post(body);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(expectRefused({ ...json, status: res.status }, 'PAYLOAD_TOO_LARGE', 413)).toMatch(new RegExp(`of ${Buffer.byteLength(body)} bytes .*the limit is 262144 bytes`));
  });

  describe('directive flood', () => {
    it('stops 1000 × @include(if: true) at the token limit, before parsing finishes', async () => {
      const res = await gql(`{ __typename ${'@include(if: true) '.repeat(1000)} }`);
      expect(expectRefused(res, 'TOKEN_LIMIT_EXCEEDED')).toMatch(/7003 tokens; the limit is 2000/);
    });

    it('refuses a directive flood inside the token budget with DIRECTIVE_LIMIT_EXCEEDED, not 100 validation errors', async () => {
      const res = await gql(`{ __typename ${'@include(if: true) '.repeat(250)} }`);
      expect(expectRefused(res, 'DIRECTIVE_LIMIT_EXCEEDED')).toMatch(/250 directives; the limit is 50/);
      const unknown = await gql(`{ __typename ${'@a '.repeat(900)} }`);
      expect(expectRefused(unknown, 'DIRECTIVE_LIMIT_EXCEEDED')).toMatch(/900 directives/);
    });
  });

  it('refuses a token flood with TOKEN_LIMIT_EXCEEDED and the measured count', async () => {
    const res = await gql(`{ ${'__typename '.repeat(3000)} }`);
    expect(expectRefused(res, 'TOKEN_LIMIT_EXCEEDED')).toMatch(/3002 tokens; the limit is 2000/);
  });

  describe('cost weighted by silo fan-out', () => {
    const biPage = `query BiPage { customers(first: 100) { edges { node { id emails
      orders(first: 5) { totalCount edges { node { id createdAt total { amount currencyCode } } } }
      tickets(first: 5) { totalCount edges { node { id status createdAt } } }
      posTransactions(first: 5) { totalCount edges { node { id total { amount currencyCode } } } } } }
      pageInfo { hasNextPage endCursor } } }`;

    it('serves a BI page of 100 customers with their orders, tickets and POS sales', async () => {
      const res = await gql(biPage, {}, 'analyst');
      expect(res.status).toBe(200);
      expect(res.errors ?? []).toEqual([]);
      expect((res.data as { customers: { edges: unknown[] } }).customers.edges).toHaveLength(100);
    });

    it('refuses customers(first: 100) × orders(first: 100) × lineItems with COST_LIMIT_EXCEEDED before any silo is called', async () => {
      await stack.resetStats();
      const res = await gql('{ customers(first: 100) { edges { node { id orders(first: 100) { edges { node { id lineItems { title quantity sku } } } } } } } }', {}, 'analyst');
      expect(expectRefused(res, 'COST_LIMIT_EXCEEDED')).toMatch(/costs 332902; the limit is 20000/);
      expect(await siloCalls()).toBe(0);
    });

    it('prices page sizes given in variables', async () => {
      const query = 'query Crawl($n: Int!) { customers(first: $n) { edges { node { orders(first: $n) { edges { node { lineItems { title } } } } } } } }';
      expectRefused(await gql(query, { n: 100 }, 'analyst'), 'COST_LIMIT_EXCEEDED');
      const small = await gql(query, { n: 2 }, 'analyst');
      expect(small.status).toBe(200);
      expect(small.errors ?? []).toEqual([]);
    });
  });

  describe('introspection and suggestions', () => {
    it.each([
      ['__schema', '{ __schema { queryType { name } } }', { __schema: { queryType: { name: 'Query' } } }],
      ['__type', '{ __type(name: "AuditEvent") { name } }', { __type: null }],
      ['__schema inside a fragment', '{ ...Q } fragment Q on Query { __schema { mutationType { name } } }', { __schema: { mutationType: null } }],
    ])('answers %s to support from its own view of the schema (no audit trail, no privacy mutations)', async (_name, query, data) => {
      const res = await gql(query);
      expect(res.status).toBe(200);
      expect(res.data).toEqual(data);
    });

    it.each([
      ['__schema beside data', '{ __schema { queryType { name } } customers(first: 1) { edges { cursor } } }'],
      ['__type in a fragment beside data', '{ ...Q customers(first: 1) { edges { cursor } } } fragment Q on Query { __type(name: "Customer") { name } }'],
    ])('refuses %s to support with FORBIDDEN', async (_name, query) => {
      const message = expectRefused(await gql(query), 'FORBIDDEN', 403);
      expect(message).toMatch(/admin/);
    });

    it('still answers __typename to support', async () => {
      expect((await gql('{ __typename }')).data).toEqual({ __typename: 'Query' });
    });

    it('serves the full introspection query to admin', async () => {
      const res = await gql(getIntrospectionQuery(), {}, 'admin');
      expect(res.status).toBe(200);
      expect(res.errors).toBeUndefined();
      const types = (res.data as { __schema: { types: { name: string }[] } }).__schema.types.map((t) => t.name);
      expect(types).toContain('Customer');
    });

    it.each([
      ['a misspelt field', '{ customers(first: 1) { edges { node { emial } } } }', {}, /Cannot query field "emial" on type "Customer"\./],
      ['a misspelt argument', '{ customers(frist: 1) { edges { cursor } } }', {}, /Unknown argument "frist" on field "Query\.customers"\./],
      ['a misspelt enum value in a variable', 'query($s: TicketStatus) { customers(first: 1) { edges { node { tickets(status: $s) { totalCount } } } } }', { s: 'OPN' }, /Value "OPN" does not exist in "TicketStatus" enum\./],
    ])('gives support no "Did you mean" for %s, and admin the hint', async (_name, query, variables, message) => {
      const support = await gql(query, variables, 'support');
      expect(support.status).toBe(400);
      expect(support.errors?.[0]?.message).toMatch(message);
      expect(JSON.stringify(support)).not.toMatch(/Did you mean/);
      expectNoLeak(support);
      const admin = await gql(query, variables, 'admin');
      expect(admin.errors?.[0]?.message).toMatch(/Did you mean/);
    });
  });
});
