import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { World } from '../../../connectors/sandbox-kit/index.js';
import {
  SourceBadResponse,
  SourceRateLimited,
  SourceTimeout,
  SourceUnavailable,
  isSourceError,
  type ContactConnector,
  type SourceError,
} from '../../../src/model/index.js';
import type { ConnectorContractSubject } from './contract-subject.js';
import { listFacet, sandboxCalls } from './sandbox-calls.js';
import type { SandboxVendor } from './sandbox-vendor.js';

/** A deadline the tests never wait for: the faults below end a read long before it. */
const ROOMY_MS = 20_000;
const within = (ms: number) => ({ deadline: Date.now() + ms });

async function failure(promise: Promise<unknown>): Promise<SourceError> {
  const error = await promise.then(() => new Error('expected the read to fail'), (e: unknown) => e);
  if (!isSourceError(error)) throw error;
  return error;
}

/** Every read under each sandbox fault knob ends in the typed error the gateway expects, and recovers once cleared. */
export function describeSandboxFaults<C extends ContactConnector>(subject: ConnectorContractSubject<C>, world: World, sandbox: SandboxVendor): void {
  const s = subject.sandbox;
  const calls = sandboxCalls(subject, world);
  const some = s.contacts(world).slice(0, 4).map((c) => c.id);
  let connector: C;
  beforeAll(() => {
    connector = s.create(sandbox.url());
  });
  afterEach(() => sandbox.faults({}));

  describe('the sandbox fault knobs', () => {
    it.each(calls)('%s: server errors on every attempt end in SourceUnavailable after 3 attempts', async (_name, call) => {
      await sandbox.faults({ errorRate: 1 });
      await sandbox.resetStats();
      const error = await failure(call(connector, within(ROOMY_MS)));
      expect(error).toBeInstanceOf(SourceUnavailable);
      expect(error.source).toBe(subject.source);
      if (s.faults.serverError !== undefined) expect(error.message).toBe(s.faults.serverError);
      expect((await sandbox.stats()).total).toBe(3);
    });

    it.each(calls)('%s: a rate limit on every attempt ends in SourceRateLimited within the deadline', async (_name, call) => {
      const { deadlineMs, retryAfterMs, attempts } = s.faults.rateLimit;
      await sandbox.faults({ rateLimitRate: 1 });
      await sandbox.resetStats();
      const error = await failure(call(connector, within(deadlineMs)));
      expect(error).toBeInstanceOf(SourceRateLimited);
      if (retryAfterMs !== undefined) expect((error as SourceRateLimited).retryAfterMs).toBe(retryAfterMs);
      if (attempts !== undefined) expect((await sandbox.stats()).total).toBe(attempts);
    });

    it.each(calls)('%s: truncated JSON and HTML error pages end in SourceBadResponse', async (_name, call) => {
      await sandbox.faults({ malformedRate: 1 });
      for (let i = 0; i < 2; i++) expect(await failure(call(connector, within(ROOMY_MS)))).toBeInstanceOf(SourceBadResponse);
    });

    it.each(calls)('%s: dropped connections (outage) end in SourceUnavailable', async (_name, call) => {
      await sandbox.faults({ outage: true });
      const error = await failure(call(connector, within(ROOMY_MS)));
      expect(error).toBeInstanceOf(SourceUnavailable);
      expect(error.message).toMatch(new RegExp(`^${subject.source}: connection failed`));
    });

    it.each(calls)('%s: answers slower than the deadline end in SourceTimeout', async (_name, call) => {
      await sandbox.faults({ latencyMs: 2000 });
      expect(await failure(call(connector, within(200)))).toBeInstanceOf(SourceTimeout);
    });

    it('still answers under jittered latency that fits the deadline', async () => {
      await sandbox.faults({ latencyMs: 20, jitterMs: 30 });
      expect((await connector.getContacts(some, within(ROOMY_MS))).size).toBe(some.length);
    });

    it('recovers on the next call once the faults are reset with PUT {}', async () => {
      await sandbox.faults({ outage: true });
      expect(await failure(connector.getContacts(some, within(ROOMY_MS)))).toBeInstanceOf(SourceUnavailable);
      await sandbox.faults({ errorRate: 1 });
      expect(await failure(connector.getContacts(some, within(ROOMY_MS)))).toBeInstanceOf(SourceUnavailable);
      await sandbox.faults({});
      expect([...(await connector.getContacts(some, within(ROOMY_MS))).keys()].sort()).toEqual([...some].sort());
      if (s.facet) expect((await listFacet(s.facet, connector, some, { first: 1 }, within(ROOMY_MS))).size).toBe(some.length);
      for (const [, call] of calls) {
        const answer = await call(connector, within(ROOMY_MS));
        expect(answer instanceof Map ? answer.size : answer).toBeTruthy();
      }
    });
  });
}
