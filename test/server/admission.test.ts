import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SOURCES } from '../../src/model/index.js';
import { createGatewayOverFakes, type GatewayOverFakes } from './gateway-over-fakes.js';

interface Body {
  data?: { findCustomers?: unknown[] } | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

const IN_PROGRESS = 3;
const QUEUED = 2;
const agentView = JSON.stringify({ query: '{ findCustomers(email: "p1@example.com") { id displayName posTransactions(first: 1) { totalCount } } }' });

/** Waits until `condition` holds, looking again after each turn of the event loop: no time window decides. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

describe('admission control over HTTP', () => {
  let rig: GatewayOverFakes;
  beforeAll(async () => {
    rig = await createGatewayOverFakes({ admission: { maxInProgress: IN_PROGRESS, minInProgress: 1, targetMs: 60_000, maxQueued: QUEUED, maxWaitMs: 60_000 }, metrics: true, guarded: {} });
    await rig.listen();
  });
  afterAll(() => rig?.close());

  const post = async () => {
    const res = await fetch(`${rig.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await rig.token()}` },
      body: agentView,
    });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as Body };
  };
  const metrics = async () => (await fetch(`${rig.url}/metrics`)).text();

  it('answers the request past the in-progress limit and the queue 503 OVERLOADED with Retry-After at once, blaming no silo; answers the queued ones; the breakers stay closed', async () => {
    const release = rig.fakes.hold();
    const taken = Array.from({ length: IN_PROGRESS + QUEUED }, () => post());
    const admission = rig.gateway.admission;
    await until(() => admission?.stats().active === IN_PROGRESS && admission.stats().queued === QUEUED);
    const callsBefore = rig.fakes.calls.length;

    // The silos still hold every call: this refusal cannot have waited for any of them.
    const shed = await post();
    expect(shed.status).toBe(503);
    expect(shed.retryAfter).toMatch(/^[1-9]\d*$/);
    expect(shed.body.data ?? null).toBeNull();
    expect(shed.body.errors?.map((e) => e.extensions?.code)).toEqual(['OVERLOADED']);
    expect(shed.body.errors?.[0]?.extensions?.source).toBeUndefined();
    expect(shed.body.errors?.[0]?.message).toMatch(/no silo was called/);
    expect(rig.fakes.calls.length).toBe(callsBefore);

    // Health and metrics are never held behind the gate.
    expect((await fetch(`${rig.url}/healthz`)).status).toBe(200);
    const full = await metrics();
    expect(full).toContain('c360_admission_shed_total{reason="full"} 1');
    expect(full).toContain(`c360_admission_in_progress ${IN_PROGRESS}`);
    expect(full).toContain(`c360_admission_waiting ${QUEUED}`);

    release();
    for (const answer of await Promise.all(taken)) {
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data?.findCustomers).toHaveLength(1);
    }
    expect(rig.breakerStates()).toEqual(Object.fromEntries(SOURCES.map((s) => [s, 'closed'])));
    const after = await metrics();
    expect(after).toContain(`c360_admission_admitted_total ${IN_PROGRESS + QUEUED}`);
    expect(after).toContain(`c360_admission_queued_total ${QUEUED}`);
    await until(() => admission?.stats().active === 0);
  });

  it('gives a queued request\'s place back when its client hangs up; the requests holding slots keep them, are answered and then free them', async () => {
    const release = rig.fakes.hold();
    const taken = Array.from({ length: IN_PROGRESS }, () => post());
    const admission = rig.gateway.admission;
    await until(() => admission?.stats().active === IN_PROGRESS);
    const hangUp = new AbortController();
    const queued = fetch(`${rig.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await rig.token()}` },
      body: agentView,
      signal: hangUp.signal,
    }).catch((error: unknown) => error);
    await until(() => admission?.stats().queued === 1);

    hangUp.abort();
    expect(await queued).toBeInstanceOf(Error);
    await until(() => admission?.stats().queued === 0);
    expect(admission?.stats().active).toBe(IN_PROGRESS);

    release();
    for (const answer of await Promise.all(taken)) expect(answer.status).toBe(200);
    await until(() => admission?.stats().active === 0);
  });

  it('takes requests on again once the load is gone', async () => {
    const answer = await post();
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
  });

  describe('a silo call the gateway sheds itself', () => {
    let shedding: GatewayOverFakes;
    beforeAll(async () => {
      // One call in flight per silo and none waiting: a second request's calls find every bulkhead full.
      shedding = await createGatewayOverFakes({ guarded: { bulkhead: { maxConcurrent: 1, maxQueued: 0 } } });
      await shedding.listen();
    });
    afterAll(() => shedding?.close());

    it('is OVERLOADED on its field, naming no silo, with Retry-After; the circuits stay closed and the held request is answered', async () => {
      // By ticket: the ticket's own look-up is the field's, so a shed call fails the field (a look-up by email that
      // every silo sheds answers an empty list, its silos UNAVAILABLE in extensions.sources).
      const ask = async () => {
        const res = await fetch(`${shedding.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${await shedding.token()}` },
          body: JSON.stringify({ query: '{ customerByTicket(ticketId: "1") { id } }' }),
        });
        return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as Body };
      };
      const release = shedding.fakes.hold();
      const held = ask();
      await until(() => shedding.fakes.calls.some((c) => c.source === 'SUPPORT'));
      const shed = await ask();
      expect(shed.status).toBe(200);
      expect(shed.retryAfter).toBe('1');
      expect(shed.body.errors?.length).toBeGreaterThan(0);
      for (const error of shed.body.errors ?? []) {
        expect(error.extensions?.code).toBe('OVERLOADED');
        expect(error.extensions?.source).toBeUndefined();
      }
      release();
      const answer = await held;
      expect(answer.body.errors).toBeUndefined();
      expect(answer.retryAfter).toBeNull();
      expect(shedding.breakerStates()).toEqual(Object.fromEntries(SOURCES.map((s) => [s, 'closed'])));
    });
  });
});
