import { describe, expect, it } from 'vitest';
import { GatewayStalled, SourceRateLimited, SourceTimeout, type CallOptions } from '../../src/model/index.js';
import { createRequestScope, createSiloPipeline, type CallTracker } from '../../src/silos/index.js';
import { createManualClock, type ManualClock } from '../support/manual-clock.js';
import { deferred, fakeSilos } from './fake-silos.js';

const SILO_TIMEOUT_MS = 1000;
const tracker: CallTracker = { track: (_source, call) => call(() => {}) };

/** A silo that never answers: each call times out at its deadline on the test's clock, as the HTTP client's would. */
const hangsUntilDeadline = (clock: ManualClock) => (opts: CallOptions | undefined) =>
  new Promise<void>((_resolve, reject) => {
    const timeout = () => reject(new SourceTimeout('SUPPORT', 'no answer within the time left'));
    if (opts?.signal) opts.signal.addEventListener('abort', () => reject(new SourceTimeout('SUPPORT', 'request cancelled')), { once: true });
    clock.after((opts?.deadline ?? Number.POSITIVE_INFINITY) - clock.now(), timeout);
  });

function setup() {
  const clock = createManualClock();
  const fake = fakeSilos();
  // Everything on the test's clock: the tracker's per-call limit, the bulkhead's queue, the breaker's window.
  const pipeline = createSiloPipeline(fake.silos, {
    clock,
    guard: { breaker: { failureRate: 0.5, samplingMs: 60_000, minCalls: 3, halfOpenAfterMs: 60_000 }, bulkhead: { maxConcurrent: 1, maxQueued: 10 } },
  });
  // A call made for a request of its own (a silo that failed in a request is not asked again in it).
  const call = (deadlineInMs: number, signal?: AbortSignal) => pipeline.silos.tickets.getTicket('1', {
    request: createRequestScope(tracker, { deadline: clock.now() + deadlineInMs, siloTimeoutMs: SILO_TIMEOUT_MS }),
    ...(signal ? { signal } : {}),
  } as CallOptions);
  const state = () => pipeline.breakerStates().SUPPORT;
  return { clock, fake, call, state };
}

describe('failures the gateway caused never open a circuit', () => {
  it('leaves the circuit closed when calls time out waiting in the bulkhead queue, and calls no silo for them', async () => {
    const s = setup();
    const holder = deferred();
    s.fake.behave('SUPPORT', () => holder.promise);
    const held = s.call(60_000);
    const queued = Array.from({ length: 6 }, () => s.call(3000).catch((e: unknown) => e));
    s.clock.advance(SILO_TIMEOUT_MS);
    for (const error of await Promise.all(queued)) expect(error).toBeInstanceOf(SourceTimeout);
    expect(s.fake.calls.SUPPORT).toBe(1);
    expect(s.state()).toBe('closed');
    holder.resolve();
    await held;
  });

  it('leaves it closed when a call times out on the wire after waiting in the queue for most of its time', async () => {
    const s = setup();
    for (let i = 0; i < 5; i++) {
      // The holder ends with a rate limit, which the circuit judges neither way: only the late call is judged.
      const holder = deferred();
      s.fake.behave('SUPPORT', () => holder.promise);
      const held = s.call(60_000).catch((e: unknown) => e);
      const late = s.call(3000).catch((e: unknown) => e);
      s.clock.advance(600);
      s.fake.behave('SUPPORT', hangsUntilDeadline(s.clock));
      holder.reject(new SourceRateLimited('SUPPORT', 'rate limited, HTTP 429', 429));
      expect(await held).toBeInstanceOf(SourceRateLimited);
      // It reached the silo with 400 of its 1000 ms left; the silo keeps it until the deadline.
      await Promise.resolve();
      s.clock.advance(400);
      expect(await late).toBeInstanceOf(SourceTimeout);
    }
    expect(s.fake.calls.SUPPORT).toBe(10);
    expect(s.state()).toBe('closed');
  });

  it("leaves it closed when the request's own deadline ends a call on the wire, or the caller cancels it", async () => {
    const s = setup();
    s.fake.behave('SUPPORT', hangsUntilDeadline(s.clock));
    for (let i = 0; i < 5; i++) {
      // The request has 400 ms left, less than the silo's 1000 ms per call: the request's deadline ends the call.
      const cut = s.call(400).catch((e: unknown) => e);
      s.clock.advance(400);
      expect(await cut).toBeInstanceOf(SourceTimeout);
    }
    for (let i = 0; i < 5; i++) {
      const controller = new AbortController();
      const cancelled = s.call(3000, controller.signal).catch((e: unknown) => e);
      s.clock.advance(100);
      controller.abort();
      expect(await cancelled).toBeInstanceOf(SourceTimeout);
    }
    expect(s.fake.calls.SUPPORT).toBe(10);
    expect(s.state()).toBe('closed');
  });

  it("leaves it closed when a call's timeout is noticed well after its deadline: the gateway's event loop was busy", async () => {
    const s = setup();
    // The timer that ends the call fires 300 ms late, as it does when the loop is stalled; the answer may be unread.
    s.fake.behave('SUPPORT', (opts) => new Promise((_resolve, reject) => {
      s.clock.after((opts?.deadline ?? 0) - s.clock.now() + 300, () => reject(new SourceTimeout('SUPPORT', 'no answer within 1000 ms')));
    }));
    for (let i = 0; i < 5; i++) {
      const noticedLate = s.call(3000).catch((e: unknown) => e);
      s.clock.advance(SILO_TIMEOUT_MS + 300);
      expect(await noticedLate).toBeInstanceOf(SourceTimeout);
    }
    expect(s.fake.calls.SUPPORT).toBe(5);
    expect(s.state()).toBe('closed');
  });

  it("leaves it closed when the connector's own attempt ends as GatewayStalled: its timer ran late, the silo was not judged", async () => {
    const s = setup();
    s.fake.behave('SUPPORT', () => new Promise((_resolve, reject) => {
      s.clock.after(200, () => reject(new GatewayStalled('SUPPORT', 200, 250)));
    }));
    for (let i = 0; i < 5; i++) {
      const stalled = s.call(3000).catch((e: unknown) => e);
      s.clock.advance(200);
      expect(await stalled).toBeInstanceOf(GatewayStalled);
    }
    expect(s.fake.calls.SUPPORT).toBe(5);
    expect(s.state()).toBe('closed');
  });

  it('opens on real silo timeouts: calls that had the whole per-call time on the wire, or whose own attempt timed out first', async () => {
    const s = setup();
    s.fake.behave('SUPPORT', hangsUntilDeadline(s.clock));
    for (let i = 0; i < 2; i++) {
      const timedOut = s.call(3000).catch((e: unknown) => e);
      s.clock.advance(SILO_TIMEOUT_MS);
      expect(await timedOut).toBeInstanceOf(SourceTimeout);
    }
    expect(s.state()).toBe('closed');
    // An attempt that times out on its own, before the deadline (a per-attempt limit below SILO_TIMEOUT_MS).
    s.fake.behave('SUPPORT', () => new Promise((_resolve, reject) => s.clock.after(200, () => reject(new SourceTimeout('SUPPORT', 'no answer within 200 ms')))));
    const attempt = s.call(3000).catch((e: unknown) => e);
    s.clock.advance(200);
    expect(await attempt).toBeInstanceOf(SourceTimeout);
    expect(s.state()).toBe('open');
    expect(s.fake.calls.SUPPORT).toBe(3);
  });
});
