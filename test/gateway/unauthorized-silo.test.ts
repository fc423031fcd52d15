import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSquareSandbox } from '../../connectors/square/index.js';
import { startSandbox, type RunningSandbox } from '../../connectors/sandbox-kit/index.js';
import { createLogger } from '../../src/logging/index.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { personEverywhere, testWorld } from '../support/world.js';

const QUERY = `query($email: String) { findCustomers(email: $email) {
  id emails
  crm { lifecycleStage }
  orders(first: 2) { totalCount }
  posTransactions(first: 2) { totalCount }
} }`;

// The token the gateway is given for Square: well-formed, but not the one the Square sandbox accepts (revoked).
const WRONG_TOKEN = 'EAAAl-revoked-square-token-4f1c9a7e2b';

describe('a silo that refuses the gateway\'s credentials', () => {
  let square: RunningSandbox;
  let stack: TestStack;
  const logs: string[] = [];
  beforeAll(async () => {
    // Square as a real account would be: its own server, the gateway pointed at it with a token it does not take.
    square = await startSandbox(createSquareSandbox(testWorld()));
    const sink = new Writable({ write(chunk: Buffer, _encoding, done) { logs.push(chunk.toString()); done(); } });
    stack = await startTestStack(
      { SQUARE_BASE_URL: square.url, SQUARE_ACCESS_TOKEN: WRONG_TOKEN, CACHE_TTL_SECONDS: '0', CIRCUIT_MIN_CALLS: '1' },
      { logger: createLogger({ level: 'debug', destination: sink }) },
    );
  });
  afterAll(async () => {
    await stack.close();
    await square.close();
  });

  it('answers SOURCE_UNAUTHORIZED naming the silo, status UNAUTHORIZED, one upstream attempt, a metric and a /readyz detail, and never the token', async () => {
    const person = personEverywhere(testWorld());
    await fetch(`${square.url}/__sandbox/stats`, { method: 'DELETE' });
    const res = await stack.query<{ findCustomers: Record<string, unknown>[] }>(QUERY, { email: person.email });

    // The rest answers; the error entry says what and who.
    const customer = res.data?.findCustomers[0];
    expect(customer?.emails).toContain(person.email);
    expect(customer?.orders).toMatchObject({ totalCount: expect.any(Number) });
    const entries = (res.errors ?? []).filter((e) => e.extensions?.source === 'POS');
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) expect(entry.extensions).toMatchObject({ code: 'SOURCE_UNAUTHORIZED', source: 'POS' });
    expect(res.extensions?.sources?.find((s) => s.source === 'POS')?.status).toBe('UNAUTHORIZED');

    // Refused credentials are never retried, and the silo is asked nothing more in that request.
    const stats = (await (await fetch(`${square.url}/__sandbox/stats`)).json()) as { total: number };
    expect(stats.total).toBe(1);

    const metrics = await (await fetch(`${stack.stack.url}/metrics`)).text();
    expect(metrics).toMatch(/c360_silo_credentials_refused\{source="POS"\} 1/);
    expect(metrics).toMatch(/c360_silo_credentials_refused\{source="CRM"\} 0/);
    expect(metrics).toMatch(/c360_silo_errors_total\{source="POS",code="SOURCE_UNAUTHORIZED"\} [1-9]/);
    const ready = await fetch(`${stack.stack.url}/readyz`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { credentials: Record<string, string>; silos: Record<string, string> };
    expect(body.credentials).toMatchObject({ POS: 'refused', CRM: 'accepted' });

    // Not an outage: however often it refuses, the circuit stays closed and every answer keeps the real cause.
    for (let i = 0; i < 3; i += 1) {
      const again = await stack.query(QUERY, { email: person.email });
      expect(again.extensions?.sources?.find((s) => s.source === 'POS')?.status).toBe('UNAUTHORIZED');
    }
    expect(((await (await fetch(`${stack.stack.url}/readyz`)).json()) as { silos: Record<string, string> }).silos.POS).toBe('closed');

    expect(logs.length).toBeGreaterThan(0);
    for (const text of [JSON.stringify(res), JSON.stringify(body), metrics, logs.join('')]) {
      expect(text).not.toContain(WRONG_TOKEN);
      expect(text).not.toContain(WRONG_TOKEN.slice(5, 20));
    }
  });
});
