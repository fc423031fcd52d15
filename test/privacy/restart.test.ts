import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type Service } from '../../bench/processes.js';
import { sandboxSettings, startSandboxes } from '../../connectors/index.js';
import type { RunningSandbox } from '../../connectors/sandbox-kit/index.js';
import { issueToken } from '../../src/auth/index.js';
import type { System } from '../../src/model/index.js';
import { scratchDatabase } from '../support/services.js';
import { personEverywhere, testWorld } from '../support/world.js';
import { ERASURE_FIELDS, FAST_PRIVACY, watchErasure, type ErasureView, type PrivacyQuery } from './support.js';

const SECRET = 'restart-test-jwt-secret-0123456789abcdef';
const world = testWorld();

describe('an erasure survives a gateway killed in the middle of it', () => {
  let sandboxes: Map<System, RunningSandbox>;
  let database: Awaited<ReturnType<typeof scratchDatabase>>;
  const gateways: Service[] = [];
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    sandboxes = await startSandboxes({ seed: 42, people: 300, latencyMs: 0, shopifyErasureDelayMs: 300 });
    database = await scratchDatabase();
    env = {
      PATH: process.env.PATH,
      ...sandboxSettings(sandboxes),
      ...FAST_PRIVACY,
      ERASURE_LEASE_MS: '1500',
      PORT: '0',
      HOST: '127.0.0.1',
      AUTH_JWT_SECRET: SECRET,
      GATEWAY_SECRET: 'restart-test-gateway-secret',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'c360-restart-')),
      LOG_LEVEL: 'silent',
      ...(database ? { DATABASE_URL: database.url } : {}),
    };
  }, 60_000);

  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.kill()));
    await Promise.all([...(sandboxes?.values() ?? [])].map((s) => s.close()));
    await database?.drop();
  });

  const start = async () => {
    const gateway = await startService('gateway', 'src/main.ts', { env, pattern: /^GraphQL: (http:\/\/\S+)$/, count: 1 });
    gateways.push(gateway);
    return { gateway, url: gateway.announced[0]?.[1] as string };
  };
  const faults = (system: System, body: object) =>
    fetch(`${sandboxes.get(system)?.url}/__sandbox/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  /** The privacy role's queries against one gateway process; a GraphQL error fails the test. */
  const privacyAt = (url: string): PrivacyQuery => async <T>(query: string, variables: Record<string, unknown>) => {
    const token = await issueToken(SECRET, { sub: 'officer-restart', roles: ['privacy'] });
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { data: T; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body;
  };

  it('finishes after a restart, without asking any vendor twice for what it had done', async () => {
    const person = personEverywhere(world, 0);
    await faults('square', { outage: true });
    const first = await start();
    const job = (await privacyAt(first.url)<{ requestErasure: ErasureView }>(`mutation($s: DataSubjectInput!) { requestErasure(subject: $s) { ${ERASURE_FIELDS} } }`, { s: { email: person.email } })).data?.requestErasure as ErasureView;
    // Mid-way: the CRM is erased, the POS step keeps failing against the outage.
    const midway = await watchErasure(privacyAt(first.url), job.id, (v) => v.steps.some((s) => s.source === 'CRM' && s.status === 'DONE') && v.steps.some((s) => s.source === 'POS' && s.attempts >= 2));
    expect(midway.status).toBe('RUNNING');
    await first.gateway.kill();

    await faults('square', {});
    const second = await start();
    const done = await watchErasure(privacyAt(second.url), job.id, undefined, 300);
    expect(done.status).toBe('COMPLETED');
    expect(done.readBack).toEqual([]);
    const crm = done.steps.find((s) => s.source === 'CRM');
    expect(crm?.receipts.filter((r) => /gdpr-delete/.test(r.vendor.operation))).toHaveLength(1);
    for (const system of ['hubspot', 'shopify', 'zendesk', 'square'] as const) {
      const truth = (await (await fetch(`${sandboxes.get(system)?.url}/__sandbox/truth`)).json()) as Record<string, string[]>;
      expect(truth[String(person.id)] ?? [], system).toEqual([]);
    }
  }, 120_000);
});
