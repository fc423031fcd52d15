import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startStack } from '../../src/app.js';
import { issueToken } from '../../src/auth/index.js';
import { scratchDatabase } from '../support/services.js';

const SECRET = 'start-up-secret-never-printed-0123456789';

/** Runs a program the way `npm start` / `npm run sandbox` do, with only these variables. */
function run(script: string, env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', script], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 60_000 });
}

describe('the settings at start-up', () => {
  it('reads the environment once: one pass over it, and no variable read again while serving', async () => {
    const database = await scratchDatabase();
    const reads = { passes: 0, values: 0 };
    const variables: Record<string, string> = {
      ...(database ? { DATABASE_URL: database.url } : {}),
      PORT: '0',
      AUTH_JWT_SECRET: SECRET,
      GATEWAY_SECRET: 'start-up-gateway-secret',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'c360-start-up-')),
      SANDBOX_PEOPLE: '50',
      LOG_LEVEL: 'silent',
    };
    const env = new Proxy(variables, {
      ownKeys(target) {
        reads.passes += 1;
        return Reflect.ownKeys(target);
      },
      get(target, key) {
        reads.values += 1;
        return Reflect.get(target, key);
      },
    });
    const stack = await startStack(env);
    try {
      expect(reads).toEqual({ passes: 1, values: Object.keys(variables).length });
      const res = await fetch(`${stack.url}/healthz`);
      expect(res.status).toBe(200);
      expect(reads).toEqual({ passes: 1, values: Object.keys(variables).length });
    } finally {
      await stack.close();
      await database?.drop();
    }
  }, 60_000);

  it('stops `npm start` with one line that lists every bad setting and prints none of their values', () => {
    const result = run('src/main.ts', {
      PORT: 'eighty',
      HUBSPOT_BASE_URL: `https://user:${SECRET}@api.hubapi.com/`,
      AUTH_JWKS_URL: SECRET,
      CACHE_TTL_SECOND: SECRET,
      SQUARE_CACHE_TTL_SECONDS: '5',
      POS_CACHE_TTL_SECONDS: '6',
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^gateway failed to start: invalid settings: AUTH_JWKS_URL: .*; CACHE_TTL_SECOND is not a setting: did you mean CACHE_TTL_SECONDS\?; HUBSPOT_ACCESS_TOKEN \(accessToken\) is missing: .*; PORT: .*; SQUARE_CACHE_TTL_SECONDS and POS_CACHE_TTL_SECONDS name the same lifetime but differ/);
    expect(result.stderr + result.stdout).not.toContain(SECRET);
  }, 60_000);

  it('stops `npm run sandbox` naming a bad SANDBOX_* setting, and leaves the gateway\'s settings to the gateway', () => {
    const result = run('connectors/sandbox-main.ts', { SANDBOX_PEOPLE: 'lots', HUBSPOT_BASE_URL: 'not a url' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/sandboxes failed to start: invalid settings:[\s\S]*SANDBOX_PEOPLE/);
    expect(result.stderr).not.toContain('HUBSPOT_BASE_URL');
  }, 60_000);

  it('runs `npm start` as a bundle on plain Node: it finds its schema and data files and answers GraphQL over the embedded database', async () => {
    // scripts/start.mjs is what `npm start` runs: no tsx loader in this process, the bundle and its worker are .mjs.
    const child = spawn(process.execPath, ['scripts/start.mjs'], {
      env: {
        PATH: process.env.PATH ?? '',
        PORT: '0',
        HOST: '127.0.0.1',
        AUTH_JWT_SECRET: SECRET,
        GATEWAY_SECRET: 'start-up-gateway-secret',
        DATA_DIR: mkdtempSync(join(tmpdir(), 'c360-bundle-')),
        SANDBOX_PEOPLE: '50',
        LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      let url = '';
      for await (const line of createInterface({ input: child.stdout })) {
        const match = /^GraphQL: (\S+)$/.exec(line);
        if (match?.[1]) {
          url = match[1];
          break;
        }
      }
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
      const token = await issueToken(SECRET, { sub: 'start-up-admin', roles: ['admin'] });
      const ask = async <T>(query: string, variables: Record<string, unknown> = {}) => {
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
        return (await res.json()) as { data?: T; errors?: unknown[] };
      };
      const page = await ask<{ customers: { edges: { node: { id: string } }[] } }>('{ customers(first: 2) { edges { node { id displayName } } } }');
      expect(page.errors).toBeUndefined();
      expect(page.data?.customers.edges).toHaveLength(2);
      // Read back from the audit trail, which the bundled worker keeps in the embedded database.
      const trail = await ask<{ auditEvents: { edges: unknown[] } }>('query($id: ID!) { auditEvents(customerId: $id, first: 5) { edges { node { subject } } } }', { id: page.data?.customers.edges[0]?.node.id });
      expect(trail.errors).toBeUndefined();
      expect(trail.data?.auditEvents.edges.length).toBeGreaterThan(0);
      // The bundled gateway finds the explorer's browser code and bundles it on first request.
      const explorer = await fetch(url.replace(/graphql$/, ''), { headers: { accept: 'text/html' } });
      expect(explorer.headers.get('content-type')).toMatch(/^text\/html/);
      const script = await fetch(url.replace(/graphql$/, 'explorer/explorer.js'));
      expect(script.status).toBe(200);
      expect(await script.text()).toMatch(/graphiql/);
    } finally {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    }
    expect(child.exitCode).toBe(0);
  }, 120_000);
});
