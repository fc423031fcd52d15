import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../src/auth/index.js';
import { loadTypeDefs } from '../../src/server/schema.js';
import { buildTrustedManifest, documentHash, type TrustedManifest, type TrustedOperation } from '../../src/server/trusted-manifest.js';
import { startTestStack, type GqlResponse, type TestStack } from '../support/stack.js';

const OPERATIONS = new URL('../../operations/', import.meta.url).pathname;
const AD_HOC = '{ customers(first: 1) { edges { node { id } } } }';
const NON_ADMIN = ROLES.filter((role) => role !== 'admin');

/** A raw request to /graphql: a POST of `body`, or a GET of `search` when `body` is absent. */
async function send(stack: TestStack, request: { body?: Record<string, unknown>; search?: Record<string, string>; role?: Role }): Promise<GqlResponse> {
  const headers = { authorization: `Bearer ${await stack.token(request.role ?? 'support')}`, 'content-type': 'application/json' };
  const res = request.body
    ? await fetch(`${stack.stack.url}/graphql`, { method: 'POST', headers, body: JSON.stringify(request.body) })
    : await fetch(`${stack.stack.url}/graphql?${new URLSearchParams(request.search)}`, { headers: { ...headers, 'apollo-require-preflight': 'true' } });
  return { status: res.status, ...((await res.json()) as object) };
}

const codes = (res: GqlResponse) => (res.errors ?? []).map((e) => e.extensions?.code);
const apq = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

/** How many calls the sandboxes have answered in all. */
async function siloCalls(stack: TestStack): Promise<number> {
  const totals = await Promise.all((['hubspot', 'shopify', 'zendesk', 'square'] as const).map(async (system) => (await stack.stats(system)).total));
  return totals.reduce((a, b) => a + b, 0);
}

describe('trusted-documents mode (TRUSTED_DOCUMENTS)', () => {
  let stack: TestStack;
  let manifest: TrustedManifest;
  let customers: TrustedOperation;
  let agent: TrustedOperation;

  beforeAll(async () => {
    // The shipped example folder, as `npm run trusted-documents -- --from operations/` builds it.
    manifest = buildTrustedManifest(OPERATIONS, buildSchema(loadTypeDefs().join('\n')));
    const byName = (name: string) => manifest.operations.find((op) => op.name === name) as TrustedOperation;
    customers = byName('Customers');
    agent = byName('Agent');
    const file = join(mkdtempSync(join(tmpdir(), 'c360-trusted-')), 'manifest.json');
    writeFileSync(file, JSON.stringify(manifest));
    stack = await startTestStack({ TRUSTED_DOCUMENTS: file });
  });
  afterAll(() => stack?.close());

  it('ships the README\'s example operations, each registered under the SHA-256 of its file', () => {
    expect(manifest.operations.map((op) => op.name)).toEqual(['Agent', 'AuditEvents', 'Customers', 'Timeline']);
    for (const op of manifest.operations) expect(op.id).toBe(documentHash(op.body));
  });

  it('runs a registered document for every role, named by its sha256: documentId', async () => {
    for (const role of ROLES) {
      const res = await send(stack, { role, body: { documentId: `sha256:${customers.id}`, variables: { first: 2 } } });
      expect({ role, status: res.status, codes: codes(res).filter((c) => c !== 'FORBIDDEN') }).toEqual({ role, status: 200, codes: [] });
      expect((res.data as { customers: { edges: unknown[] } }).customers.edges, role).toHaveLength(2);
    }
  });

  it('runs a registered document by APQ sha256Hash, by GET documentId or extensions, and as its exact text, for a non-admin', async () => {
    const listed = await send(stack, { body: { documentId: `sha256:${customers.id}`, variables: { first: 1 } } });
    const email = (listed.data as { customers: { edges: { node: { emails: string[] } }[] } }).customers.edges[0]?.node.emails[0];
    expect(email).toBeTypeOf('string');
    const variables = { email };
    const answers = await Promise.all([
      send(stack, { body: { extensions: apq(agent.id), variables } }),
      send(stack, { search: { documentId: `sha256:${agent.id}`, variables: JSON.stringify(variables) } }),
      send(stack, { search: { extensions: JSON.stringify(apq(agent.id)), variables: JSON.stringify(variables) } }),
      send(stack, { body: { query: agent.body, variables } }),
      send(stack, { body: { query: agent.body, extensions: apq(agent.id), variables } }),
    ]);
    for (const res of answers) {
      expect(res.status).toBe(200);
      expect(codes(res).filter((c) => c !== 'FORBIDDEN')).toEqual([]);
      expect((res.data as { findCustomers: { emails: string[] }[] }).findCustomers[0]?.emails).toContain(email);
    }
  });

  it('refuses an unregistered document for every role but admin with 403 DOCUMENT_NOT_TRUSTED, before any silo call', async () => {
    await stack.resetStats();
    for (const role of NON_ADMIN) {
      const res = await send(stack, { role, body: { query: AD_HOC } });
      expect({ role, status: res.status, codes: codes(res), data: res.data }).toEqual({ role, status: 403, codes: ['DOCUMENT_NOT_TRUSTED'], data: undefined });
      expect(res.errors?.[0]?.message).toMatch(/admin only/);
    }
    // Introspection is document text too: the explorer runs for admin only.
    const introspection = await send(stack, { role: 'support', body: { query: '{ __schema { queryType { name } } }' } });
    expect([introspection.status, codes(introspection)]).toEqual([403, ['DOCUMENT_NOT_TRUSTED']]);
    expect(await siloCalls(stack)).toBe(0);
  });

  it('runs ad-hoc documents for admin', async () => {
    const res = await send(stack, { role: 'admin', body: { query: AD_HOC } });
    expect([res.status, codes(res)]).toEqual([200, []]);
    expect((res.data as { customers: { edges: unknown[] } }).customers.edges).toHaveLength(1);
  });

  it('refuses an id the manifest does not list, for admin too, and a documentId that is not sha256:<hex>', async () => {
    const unknown = documentHash(AD_HOC);
    for (const request of [
      { role: 'admin' as const, body: { documentId: `sha256:${unknown}` } },
      { role: 'admin' as const, body: { extensions: apq(unknown) } },
      { role: 'support' as const, search: { documentId: `sha256:${unknown}` } },
      { role: 'support' as const, body: { documentId: customers.id } },
      { role: 'support' as const, body: { documentId: `sha256:${customers.id}`, extensions: apq(agent.id) } },
    ]) {
      const res = await send(stack, request);
      expect([res.status, codes(res)], JSON.stringify(request)).toEqual([403, ['DOCUMENT_NOT_TRUSTED']]);
    }
  });

  it('lets APQ register nothing: a hash with a new document is refused, for admin too, and the hash stays unknown', async () => {
    const hash = documentHash(AD_HOC);
    for (const role of ['support', 'admin'] as const) {
      const register = await send(stack, { role, body: { query: AD_HOC, extensions: apq(hash) } });
      expect([register.status, codes(register)], role).toEqual([403, ['DOCUMENT_NOT_TRUSTED']]);
      expect(register.errors?.[0]?.message).toMatch(/APQ cannot register/);
    }
    const again = await send(stack, { role: 'admin', body: { extensions: apq(hash) } });
    expect([again.status, codes(again)]).toEqual([403, ['DOCUMENT_NOT_TRUSTED']]);
  });
});

describe('outside trusted-documents mode', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack?.close());

  it('keeps automatic persisted queries as Apollo Server has them: unknown hash, registration, then the hash alone', async () => {
    const query = '{ customers(first: 1) { edges { node { id } } } }';
    const hash = documentHash(query);
    const unknown = await send(stack, { body: { extensions: apq(hash) } });
    expect([unknown.status, codes(unknown)]).toEqual([200, ['PERSISTED_QUERY_NOT_FOUND']]);
    const register = await send(stack, { body: { query, extensions: apq(hash) } });
    expect([register.status, codes(register)]).toEqual([200, []]);
    const hit = await send(stack, { body: { extensions: apq(hash) } });
    expect([hit.status, codes(hit), hit.data]).toEqual([200, [], register.data]);
  });

  it('runs ad-hoc documents for every role', async () => {
    for (const role of ROLES) {
      const res = await send(stack, { role, body: { query: AD_HOC } });
      expect({ role, status: res.status }).toEqual({ role, status: 200 });
      expect(codes(res).filter((c) => c !== 'FORBIDDEN'), role).toEqual([]);
    }
  });
});
