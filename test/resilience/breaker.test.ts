import { CircuitState, ConsecutiveBreaker } from 'cockatiel';
import { describe, expect, it } from 'vitest';
import {
  CircuitOpen,
  SourceBadResponse,
  SourceRateLimited,
  SourceTimeout,
  SourceUnavailable,
  type SourceError,
} from '../../src/model/index.js';
import { FailureRateBreaker, type BreakerState, type GuardOptions } from '../../src/resilience/index.js';
import { deferred, fakeSilos, guardSilos } from './fake-silos.js';

const HALF_OPEN_AFTER_MS = 60;
const fail = (error: SourceError) => async () => {
  throw error;
};

function setup({ breaker, ...options }: GuardOptions = {}) {
  const fake = fakeSilos();
  const transitions: BreakerState[] = [];
  // The breakers' clock moves only when the test moves it: no sampling window or half-open delay depends on load.
  const clock = { now: 1_700_000_000_000, advance: (ms: number) => void (clock.now += ms) };
  const guarded = guardSilos(fake.silos, {
    breaker: { failureRate: 0.5, samplingMs: 5000, minCalls: 3, halfOpenAfterMs: HALF_OPEN_AFTER_MS, now: () => clock.now, ...breaker },
    onStateChange: (source, state) => source === 'SUPPORT' && transitions.push(state),
    ...options,
  });
  const call = () => guarded.tickets.ticketsFor(['1'], { first: 1 }, { deadline: Date.now() + 5000 });
  return { fake, guarded, transitions, call, clock };
}

async function openCircuit({ fake, call }: ReturnType<typeof setup>) {
  fake.behave('SUPPORT', fail(new SourceUnavailable('SUPPORT', 'failed with HTTP 503', 503)));
  for (let i = 0; i < 3; i++) await expect(call()).rejects.toBeInstanceOf(SourceUnavailable);
}

describe('circuit breaker per silo', () => {
  it('opens once more than half of at least minCalls recent calls failed, then sheds calls with CircuitOpen without calling the silo', async () => {
    const s = setup();
    await openCircuit(s);
    expect(s.guarded.breakerStates().SUPPORT).toBe('open');
    const before = s.fake.calls.SUPPORT;
    for (let i = 0; i < 10; i++) {
      const error = await s.call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CircuitOpen);
      expect(error).toMatchObject({ code: 'CIRCUIT_OPEN', source: 'SUPPORT' });
    }
    expect(s.fake.calls.SUPPORT).toBe(before);
    expect(s.transitions).toEqual(['open']);
  });

  it('keeps the other silos closed and calling while one circuit is open', async () => {
    const s = setup();
    await openCircuit(s);
    await s.guarded.contacts.CRM.getContacts(['1'], { deadline: Date.now() + 5000 });
    await s.guarded.orders.ordersFor(['1'], { first: 1 });
    expect(s.fake.calls.CRM).toBe(1);
    expect(s.fake.calls.ECOMMERCE).toBe(1);
    expect(s.guarded.breakerStates()).toEqual({ CRM: 'closed', ECOMMERCE: 'closed', SUPPORT: 'open', POS: 'closed' });
  });

  it('judges a share of recent calls: a burst of timeouts among many successes (a stall) leaves it closed', async () => {
    const s = setup();
    for (let i = 0; i < 12; i++) await s.call();
    s.fake.behave('SUPPORT', fail(new SourceTimeout('SUPPORT', 'no answer within 500 ms')));
    // Ten in a row would open a consecutive-failure breaker; 10 of 22 is under half.
    for (let i = 0; i < 10; i++) await expect(s.call()).rejects.toBeInstanceOf(SourceTimeout);
    expect(s.guarded.breakerStates().SUPPORT).toBe('closed');
    s.fake.behave('SUPPORT', fail(new SourceBadResponse('SUPPORT', 'answered HTTP 200 with a body that is not JSON', 200)));
    await expect(s.call()).rejects.toBeInstanceOf(SourceBadResponse);
    await expect(s.call()).rejects.toBeInstanceOf(SourceBadResponse);
    expect(s.guarded.breakerStates().SUPPORT).toBe('closed');
    // Timeouts and garbage answers both count: the 13th failure of 25 tips it.
    await expect(s.call()).rejects.toBeInstanceOf(SourceBadResponse);
    expect(s.guarded.breakerStates().SUPPORT).toBe('open');
  });

  it('does not judge a quiet silo on fewer than minCalls calls', async () => {
    const s = setup();
    s.fake.behave('SUPPORT', fail(new SourceUnavailable('SUPPORT', 'connection failed (ECONNRESET)')));
    for (let i = 0; i < 2; i++) await expect(s.call()).rejects.toBeInstanceOf(SourceUnavailable);
    expect(s.guarded.breakerStates().SUPPORT).toBe('closed');
    await expect(s.call()).rejects.toBeInstanceOf(SourceUnavailable);
    expect(s.guarded.breakerStates().SUPPORT).toBe('open');
  });

  it('takes another cockatiel breaker, e.g. N consecutive failures, fresh for each silo', async () => {
    const s = setup({ breaker: { breaker: () => new ConsecutiveBreaker(2), halfOpenAfterMs: 60_000 } });
    for (let i = 0; i < 12; i++) await s.call();
    s.fake.behave('SUPPORT', fail(new SourceUnavailable('SUPPORT', 'connection failed (ECONNRESET)')));
    for (let i = 0; i < 2; i++) await expect(s.call()).rejects.toBeInstanceOf(SourceUnavailable);
    expect(s.guarded.breakerStates()).toEqual({ CRM: 'closed', ECOMMERCE: 'closed', SUPPORT: 'open', POS: 'closed' });
  });

  it.each([
    ['rate limits (the silo is alive, only busy)', new SourceRateLimited('SUPPORT', 'rate limited, HTTP 429', 429, 1000)],
    ['requests the silo rejected as bad (4xx)', new SourceBadResponse('SUPPORT', 'rejected the request, HTTP 422', 422)],
  ])('does not open on %s', async (_name, error) => {
    const s = setup();
    s.fake.behave('SUPPORT', fail(error));
    for (let i = 0; i < 10; i++) await expect(s.call()).rejects.toBe(error);
    expect(s.fake.calls.SUPPORT).toBe(10);
    expect(s.guarded.breakerStates().SUPPORT).toBe('closed');
  });

  it('does not count a failure after the caller cancelled, nor a call that arrives past its deadline', async () => {
    const s = setup();
    s.fake.behave('SUPPORT', fail(new SourceTimeout('SUPPORT', 'request cancelled')));
    for (let i = 0; i < 5; i++) {
      const controller = new AbortController();
      controller.abort();
      await expect(s.guarded.tickets.getTicket('1', { signal: controller.signal })).rejects.toBeInstanceOf(SourceTimeout);
    }
    for (let i = 0; i < 5; i++) await expect(s.guarded.tickets.getTicket('1', { deadline: Date.now() - 1 })).rejects.toBeInstanceOf(SourceTimeout);
    expect(s.fake.calls.SUPPORT).toBe(5);
    expect(s.guarded.breakerStates().SUPPORT).toBe('closed');
  });

  it('does not count a timeout of a call that reached the silo with almost no time left (the request spent it)', async () => {
    const s = setup();
    s.fake.behave('SUPPORT', async () => {
      throw new SourceTimeout('SUPPORT', 'no answer within 90 ms');
    });
    for (let i = 0; i < 6; i++) await expect(s.guarded.tickets.getTicket('1', { deadline: Date.now() + 100 })).rejects.toBeInstanceOf(SourceTimeout);
    expect(s.guarded.breakerStates().SUPPORT).toBe('closed');
    for (let i = 0; i < 3; i++) await expect(s.guarded.tickets.getTicket('1', { deadline: Date.now() + 10_000 })).rejects.toBeInstanceOf(SourceTimeout);
    expect(s.guarded.breakerStates().SUPPORT).toBe('open');
  });

  it('half-opens after the delay: one probe reaches the silo, concurrent calls are shed, and success closes it', async () => {
    const s = setup();
    await openCircuit(s);
    s.clock.advance(HALF_OPEN_AFTER_MS);
    const probe = deferred();
    s.fake.behave('SUPPORT', () => probe.promise);
    const before = s.fake.calls.SUPPORT;
    const first = s.call();
    expect(s.guarded.breakerStates().SUPPORT).toBe('half-open');
    for (let i = 0; i < 5; i++) await expect(s.call()).rejects.toBeInstanceOf(CircuitOpen);
    expect(s.fake.calls.SUPPORT).toBe(before + 1);
    probe.resolve();
    await first;
    expect(s.guarded.breakerStates().SUPPORT).toBe('closed');
    await s.call();
    expect(s.fake.calls.SUPPORT).toBe(before + 2);
    expect(s.transitions).toEqual(['open', 'half-open', 'closed']);
  });

  it('half-opens on its own clock: not a millisecond before the delay has passed on it', async () => {
    const s = setup();
    await openCircuit(s);
    s.fake.behave('SUPPORT', async () => {});
    const before = s.fake.calls.SUPPORT;
    s.clock.advance(HALF_OPEN_AFTER_MS - 1);
    await expect(s.call()).rejects.toBeInstanceOf(CircuitOpen);
    expect(s.fake.calls.SUPPORT).toBe(before);
    s.clock.advance(1);
    await s.call();
    expect(s.fake.calls.SUPPORT).toBe(before + 1);
    expect(s.guarded.breakerStates().SUPPORT).toBe('closed');
  });

  it('closes when the probe meets a silo that is alive but refuses for now (a rate limit)', async () => {
    const s = setup();
    await openCircuit(s);
    s.clock.advance(HALF_OPEN_AFTER_MS);
    s.fake.behave('SUPPORT', fail(new SourceRateLimited('SUPPORT', 'rate limited, HTTP 429', 429, 1000)));
    await expect(s.call()).rejects.toBeInstanceOf(SourceRateLimited);
    expect(s.guarded.breakerStates().SUPPORT).toBe('closed');
    expect(s.transitions).toEqual(['open', 'half-open', 'closed']);
  });

  it('re-opens when the probe fails, and sheds again until the next probe', async () => {
    const s = setup();
    await openCircuit(s);
    s.clock.advance(HALF_OPEN_AFTER_MS);
    await expect(s.call()).rejects.toBeInstanceOf(SourceUnavailable);
    expect(s.guarded.breakerStates().SUPPORT).toBe('open');
    const before = s.fake.calls.SUPPORT;
    await expect(s.call()).rejects.toBeInstanceOf(CircuitOpen);
    expect(s.fake.calls.SUPPORT).toBe(before);
    expect(s.transitions).toEqual(['open', 'half-open', 'open']);
  });
});

describe('guarded calls', () => {
  it('pass the caller options through and mark BI listing as bulk unless told otherwise', async () => {
    const { fake, guarded } = setup();
    const deadline = Date.now() + 1000;
    await guarded.contacts.CRM.listContacts({ first: 10 }, { deadline });
    expect(fake.lastOptions.CRM).toEqual({ deadline, priority: 'bulk' });
    await guarded.contacts.CRM.listContacts({ first: 10 }, { deadline, priority: 'interactive' });
    expect(fake.lastOptions.CRM).toEqual({ deadline, priority: 'interactive' });
    await guarded.contacts.CRM.findContacts([{ kind: 'email', value: 'a@b.c' }], { deadline });
    expect(fake.lastOptions.CRM).toEqual({ deadline, priority: 'interactive' });
    await guarded.contacts.POS.getContacts(['1']);
    expect(fake.lastOptions.POS).toEqual({ priority: 'interactive' });
  });

  it('reports every call and its outcome to onOutcome', async () => {
    const outcomes: string[] = [];
    const { fake, guarded } = setup({ onOutcome: (o) => outcomes.push(`${o.source}.${o.method}:${o.outcome}`) });
    fake.behave('POS', fail(new SourceUnavailable('POS', 'failed with HTTP 500', 500)));
    await guarded.orders.getOrder('1');
    await expect(guarded.pos.getTransaction('1')).rejects.toBeInstanceOf(SourceUnavailable);
    expect(outcomes).toEqual(['ECOMMERCE.getOrder:OK', 'POS.getTransaction:SOURCE_UNAVAILABLE']);
  });

  it('leaves what a connector is (source, system, supports) untouched', () => {
    const { guarded } = setup();
    expect(guarded.contacts.SUPPORT.source).toBe('SUPPORT');
    expect(guarded.contacts.SUPPORT.system).toBe('zendesk');
    expect(guarded.contacts.SUPPORT.supports({ kind: 'email', value: 'a@b.c' })).toBe(true);
  });
});

describe('failure-rate breaker', () => {
  it('forgets successes older than the window, even when no call ended in between (every call hanging)', () => {
    let now = 0;
    const breaker = new FailureRateBreaker({ threshold: 0.5, windowMs: 2000, minCalls: 5, now: () => now });
    for (let i = 0; i < 50; i++) breaker.success(CircuitState.Closed);
    now = 1500;
    for (let i = 0; i < 10; i++) expect(breaker.failure(CircuitState.Closed)).toBe(false);
    // Quiet until the next timeouts: the 50 successes are now older than the window.
    now = 3000;
    expect(breaker.failure(CircuitState.Closed)).toBe(true);
  });

  it('needs minCalls in the window, and re-opens on a failed probe whatever the counts', () => {
    const breaker = new FailureRateBreaker({ threshold: 0.5, windowMs: 2000, minCalls: 5, now: () => 0 });
    for (let i = 0; i < 4; i++) expect(breaker.failure(CircuitState.Closed)).toBe(false);
    expect(breaker.failure(CircuitState.Closed)).toBe(true);
    expect(breaker.failure(CircuitState.HalfOpen)).toBe(true);
  });

  it('starts a fresh window after a successful probe', () => {
    const breaker = new FailureRateBreaker({ threshold: 0.5, windowMs: 2000, minCalls: 3, now: () => 0 });
    for (let i = 0; i < 5; i++) breaker.failure(CircuitState.Closed);
    breaker.success(CircuitState.HalfOpen);
    expect(breaker.failure(CircuitState.Closed)).toBe(false);
    expect(breaker.failure(CircuitState.Closed)).toBe(true);
  });
});
