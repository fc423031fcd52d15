import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack, type RunningStack, type StackOptions } from '../../src/app.js';
import { createPseudonymiser } from '../../src/access/index.js';
import { issueToken, type Role } from '../../src/auth/index.js';
import { deriveKey } from '../../src/config/index.js';
import type { System } from '../../src/model/index.js';
import { scratchDatabase } from './services.js';

const JWT_SECRET = 'test-jwt-secret-of-sufficient-length-0123456789';
const GATEWAY_SECRET = 'test-gateway-secret';

/** The pseudonym the test stack's analysts see for a value (the keys derived from its GATEWAY_SECRET as src/app.ts does). */
export function testPseudonym(kind: 'email' | 'phone' | 'name', value: string): string {
  return createPseudonymiser(deriveKey(Buffer.from(GATEWAY_SECRET, 'utf8'), 'pseudonym')).pseudonymise(kind, value);
}

/** A GraphQL response as the tests read it. */
export interface GqlResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  extensions?: { sources?: { source: string; status: string; latencyMs: number; cached: boolean; stale: boolean }[] };
}

/** The gateway and its sandboxes on ephemeral loopback ports, with helpers to query and steer them. */
export interface TestStack {
  stack: RunningStack;
  query<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, options?: { role?: Role; token?: string | null; sub?: string }): Promise<GqlResponse<T>>;
  /** A bearer token for a role, as query() sends it. */
  token(role?: Role, sub?: string): Promise<string>;
  /** GET with a role's bearer token (export downloads). */
  download(url: string, options?: { role?: Role; sub?: string }): Promise<Response>;
  sandbox(system: System): string;
  stats(system: System): Promise<{ total: number; byEndpoint: Record<string, number> }>;
  resetStats(): Promise<void>;
  faults(system: System, faults: Record<string, unknown>): Promise<void>;
  truth(system: System): Promise<Record<string, string[]>>;
  close(): Promise<void>;
}

/**
 * Starts the whole product as `npm start` does, on port 0, with a test JWT secret, and its audit trail in a
 * scratch PostgreSQL database of its own (embedded PGlite when PostgreSQL is unreachable).
 */
export async function startTestStack(env: Record<string, string> = {}, options: StackOptions = {}): Promise<TestStack> {
  const database = env.DATABASE_URL ? null : await scratchDatabase();
  const stack = await startStack({
    ...(database ? { DATABASE_URL: database.url } : {}),
    PORT: '0',
    HOST: '127.0.0.1',
    AUTH_JWT_SECRET: JWT_SECRET,
    GATEWAY_SECRET,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'c360-')),
    SANDBOX_PEOPLE: '300',
    // No scheduled refit: a test refits on demand.
    INSIGHTS_REFIT_INTERVAL_SECONDS: '0',
    DATA_QUALITY_REPORT_INTERVAL_SECONDS: '0',
    LOG_LEVEL: 'silent',
    ...env,
  }, options);
  const sandbox = (system: System) => {
    const s = stack.sandboxes.get(system);
    if (!s) throw new Error(`no sandbox for ${system}`);
    return s.url;
  };
  const token = (role: Role = 'admin', sub = `test-${role}`) => issueToken(JWT_SECRET, { sub, roles: [role] });
  return {
    stack,
    sandbox,
    token,
    async download(url, { role = 'privacy', sub } = {}) {
      return fetch(url, { headers: { authorization: `Bearer ${await token(role, sub)}` } });
    },
    async query(query, variables = {}, { role = 'admin', token, sub = `test-${role}` } = {}) {
      const bearer = token === undefined ? await issueToken(JWT_SECRET, { sub, roles: [role] }) : token;
      const res = await fetch(`${stack.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, ...((await res.json()) as object) };
    },
    async stats(system) {
      return (await fetch(`${sandbox(system)}/__sandbox/stats`)).json() as Promise<{ total: number; byEndpoint: Record<string, number> }>;
    },
    async resetStats() {
      await Promise.all([...stack.sandboxes.values()].map((s) => fetch(`${s.url}/__sandbox/stats`, { method: 'DELETE' })));
    },
    async faults(system, faults) {
      const res = await fetch(`${sandbox(system)}/__sandbox/faults`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(faults),
      });
      if (!res.ok) throw new Error(`faults refused: ${res.status}`);
    },
    async truth(system) {
      return (await fetch(`${sandbox(system)}/__sandbox/truth`)).json() as Promise<Record<string, string[]>>;
    },
    async close() {
      await stack.close();
      await database?.drop();
    },
  };
}
