import { auditServer, type AuditResult } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack.js';

const CONSOLE_ORIGIN = 'https://console.example.com';

// The MAYs the gateway does not meet, on purpose: GET requests without a header that forces a browser preflight
// (`apollo-require-preflight`, `x-apollo-operation-name`, or a non-simple content type) are refused 400 by Apollo
// Server's CSRF prevention, which the gateway keeps on: its answers carry personal data.
const CSRF_REFUSED_MAYS = [
  'MAY accept application/x-www-form-urlencoded formatted GET requests',
  'MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/graphql-response+json',
  'MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/json',
];

describe('the gateway over HTTP, as npm start runs it', () => {
  let stack: TestStack;
  let results: AuditResult[];
  beforeAll(async () => {
    stack = await startTestStack({ CORS_ALLOWED_ORIGINS: CONSOLE_ORIGIN });
    // The audit's requests carry an admin token (the audit's documents use introspection, which is for admin only).
    const token = await stack.token('admin');
    const fetchFn = (input: string | URL | Request, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${token}`);
      return fetch(input, { ...init, headers });
    };
    results = await auditServer({ url: `${stack.stack.url}/graphql`, fetchFn });
  }, 120_000);
  afterAll(() => stack?.close());

  /** The audits of a level that did not pass, with why. */
  const failing = (level: 'MUST' | 'SHOULD' | 'MAY') =>
    results.filter((r) => r.name.startsWith(`${level} `) && r.status !== 'ok').map((r) => `${r.name}: ${'reason' in r ? r.reason : ''}`);

  it('passes every MUST of graphql-http\'s GraphQL-over-HTTP server audit', () => {
    expect(results.filter((r) => r.name.startsWith('MUST ')).length).toBe(13);
    expect(failing('MUST')).toEqual([]);
  });

  it('passes every SHOULD of the audit', () => {
    expect(results.filter((r) => r.name.startsWith('SHOULD ')).length).toBe(23);
    expect(failing('SHOULD')).toEqual([]);
  });

  it('misses only the MAYs that CSRF prevention refuses', () => {
    expect(results.filter((r) => r.name.startsWith('MAY ')).length).toBe(25);
    expect(failing('MAY').map((line) => line.split(':')[0])).toEqual(CSRF_REFUSED_MAYS);
  });

  it('takes CORS_ALLOWED_ORIGINS from the settings: the allowed origin\'s preflight passes, another\'s is refused', async () => {
    const preflight = (origin: string) => fetch(`${stack.stack.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    const allowed = await preflight(CONSOLE_ORIGIN);
    expect([allowed.status, allowed.headers.get('access-control-allow-origin')]).toEqual([204, CONSOLE_ORIGIN]);
    const refused = await preflight('https://elsewhere.example.org');
    expect([refused.status, refused.headers.get('access-control-allow-origin')]).toEqual([403, null]);
  });
});
