import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Person } from '../../connectors/sandbox-kit/index.js';
import { issueToken } from '../../src/auth/index.js';
import { createLogger } from '../../src/logging/index.js';
import { startTestStack, type GqlResponse, type TestStack } from '../support/stack.js';
import { personEverywhere, testWorld } from '../support/world.js';

const SECRET = 'logging-suite-jwt-secret-0123456789abcdefgh';

type LogLine = Record<string, unknown> & { msg?: string; requestId?: string };
type Found = { displayName: string | null; emails: string[] | null; phones: string[] | null };

describe('request logs carry ids and outcomes, never personal data', () => {
  let stack: TestStack;
  let person: Person;
  let token: string;
  let requests = 0;
  const chunks: string[] = [];
  const text = () => chunks.join('');
  const lines = (): LogLine[] => text().split('\n').filter(Boolean).map((l) => JSON.parse(l) as LogLine);
  const completed = () => lines().filter((l) => l.msg === 'request completed');
  /** Every personal value the gateway returned or was sent. */
  const personal = new Set<string>();

  const query = async <T,>(q: string, variables: Record<string, unknown> = {}, operationName?: string): Promise<GqlResponse<T>> => {
    requests += 1;
    const res = await fetch(`${stack.stack.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': `log-test-${requests}` },
      body: JSON.stringify({ query: q, variables, ...(operationName ? { operationName } : {}) }),
    });
    expect(res.headers.get('x-request-id')).toBe(`log-test-${requests}`);
    return { status: res.status, ...((await res.json()) as object) };
  };
  const collect = (customers: Found[]) => {
    for (const c of customers) {
      if (c.displayName) personal.add(c.displayName);
      for (const e of c.emails ?? []) personal.add(e);
      for (const p of c.phones ?? []) {
        personal.add(p);
        personal.add(p.replace(/^\+/, ''));
      }
    }
  };

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk.toString());
        callback();
      },
    });
    stack = await startTestStack({ AUTH_JWT_SECRET: SECRET }, { logger: createLogger({ level: 'info', destination: sink }) });
    token = await issueToken(SECRET, { sub: 'agent-7', roles: ['support'] });
    person = personEverywhere(testWorld());

    const fields = 'id displayName emails phones orders(first: 3) { totalCount } tickets(first: 3) { totalCount }';
    const byEmail = await query<{ findCustomers: Found[] }>(`query SupportLookup($email: String) { findCustomers(email: $email) { ${fields} } }`, { email: person.email }, 'SupportLookup');
    const byPhone = await query<{ findCustomers: Found[] }>(`query PhoneLookup($phone: String, $name: String) { findCustomers(phone: $phone, name: $name) { ${fields} } }`, { phone: person.phone, name: `${person.firstName} ${person.lastName}` });
    const page = await query<{ customers: { edges: { node: Found }[] } }>('query BiPage { customers(first: 50) { edges { node { id displayName emails phones } } } }');
    expect(byEmail.errors).toBeUndefined();
    expect(page.errors).toBeUndefined();
    collect([...(byEmail.data?.findCustomers ?? []), ...(byPhone.data?.findCustomers ?? []), ...(page.data?.customers.edges.map((e) => e.node) ?? [])]);
    for (const value of [person.email, person.phone, `${person.firstName} ${person.lastName}`, person.firstName, person.lastName]) personal.add(value);

    // Personal data in the query text, in a refused query, in a bad argument, in a GET URL and in a bad token.
    await query(`{ findCustomers(email: "${person.email}") { nope } }`);
    await query('query Bad($email: String) { findCustomers(email: $email) { id } }', { email: `${person.firstName}@` });
    requests += 1;
    await fetch(`${stack.stack.url}/graphql?query=${encodeURIComponent(`{ findCustomers(email: "${person.email}") { id } }`)}`, {
      headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' },
    });
    requests += 1;
    await fetch(`${stack.stack.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${person.email}` },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    await vi.waitFor(() => expect(completed().length).toBeGreaterThanOrEqual(requests), { timeout: 5_000, interval: 25 });
  });
  afterAll(() => stack.close());

  it('returned enough personal data for the check to mean something', () => {
    expect(personal.size).toBeGreaterThan(60);
    expect(completed().length).toBe(requests);
  });

  it('logs none of the returned emails, phones or names', () => {
    const log = text();
    const lower = log.toLowerCase();
    // As written, in any case for emails, and URL-encoded (a GET query string).
    const leaked = [...personal].filter((v) => log.includes(v) || log.includes(encodeURIComponent(v)) || (v.includes('@') && lower.includes(v.toLowerCase())));
    expect(leaked).toEqual([]);
  });

  it('logs no bearer token, Authorization header, variables, query text or response data', () => {
    const log = text();
    expect(log).not.toContain(token);
    expect(log).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
    expect(log).not.toMatch(/bearer|authorization|findCustomers|displayName|"variables"|"data"/i);
  });

  it('writes one completion line per request with request id, caller, operation, status, duration and silo statuses', () => {
    const lines = completed();
    expect(lines.every((l) => typeof l.requestId === 'string' && typeof l.durationMs === 'number' && typeof l.statusCode === 'number')).toBe(true);
    const lookup = lines.find((l) => l.requestId === 'log-test-1');
    expect(lookup).toMatchObject({
      operation: 'SupportLookup', sub: 'agent-7', roles: ['support'], statusCode: 200, route: '/graphql', method: 'POST', errorCodes: [],
      sources: { CRM: 'OK', ECOMMERCE: 'OK', SUPPORT: 'OK', POS: 'OK' },
    });
    expect(lines.map((l) => l.operation)).toEqual(expect.arrayContaining(['SupportLookup', 'PhoneLookup', 'BiPage', 'Bad']));
  });

  it('logs error codes, including for requests refused before GraphQL runs', () => {
    const codes = completed().flatMap((l) => l.errorCodes as string[]);
    expect(codes).toEqual(expect.arrayContaining(['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'UNAUTHENTICATED']));
    const refused = completed().find((l) => (l.errorCodes as string[]).includes('UNAUTHENTICATED'));
    expect(refused).toMatchObject({ statusCode: 401, sub: null });
  });

  it('generates a request id when the given one is not sane, and echoes it', async () => {
    for (const given of ['not sane; has spaces', `${person.email}`, 'x'.repeat(200)]) {
      const res = await fetch(`${stack.stack.url}/healthz`, { headers: { 'x-request-id': given } });
      const id = res.headers.get('x-request-id') ?? '';
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(id).not.toBe(given);
    }
    expect(text()).not.toContain(person.email);
  });
});
