import { describe, expect, it } from 'vitest';
import { SourceTimeout, SourceUnavailable } from '../../src/model/index.js';
import { isShedByGateway } from '../../src/errors/index.js';
import { createBulkhead } from '../../src/resilience/index.js';
import { deferred, fakeSilos, guardSilos } from './fake-silos.js';

describe('bulkhead per silo', () => {
  it('runs at most maxConcurrent calls, queues maxQueued, fails the rest at once, and starts the queue in order', async () => {
    const bulkhead = createBulkhead('POS', { maxConcurrent: 2, maxQueued: 2 });
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = gates.map((gate, i) => bulkhead.run(async () => {
      started.push(i);
      await gate.promise;
      return i;
    }, Date.now() + 10_000));
    expect(started).toEqual([0, 1]);
    expect(bulkhead.stats()).toEqual({ active: 2, queued: 2 });

    const refused = await bulkhead.run(async () => 'never', Date.now() + 10_000).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SourceUnavailable);
    expect((refused as Error).message).toMatch(/^POS: bulkhead full/);
    // The silo was never asked: the answer will say OVERLOADED and name no silo.
    expect(isShedByGateway(refused)).toBe(true);

    gates[1]?.resolve();
    await runs[1];
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    for (const gate of gates) gate.resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
    expect(bulkhead.stats()).toEqual({ active: 0, queued: 0 });
  });

  it('lets a queued call leave at its deadline without running it, and gives its place to the next', async () => {
    const bulkhead = createBulkhead('CRM', { maxConcurrent: 1, maxQueued: 5 });
    const gate = deferred();
    const running = bulkhead.run(() => gate.promise, undefined);
    let ran = false;
    const expired = bulkhead.run(async () => void (ran = true), Date.now() + 20);
    const patient = bulkhead.run(async () => 'served', undefined);
    await expect(expired).rejects.toBeInstanceOf(SourceTimeout);
    expect(bulkhead.stats()).toEqual({ active: 1, queued: 1 });
    gate.resolve();
    await running;
    expect(await patient).toBe('served');
    expect(ran).toBe(false);
  });

  it('lets a queued call leave when its caller cancels', async () => {
    const bulkhead = createBulkhead('CRM', { maxConcurrent: 1, maxQueued: 5 });
    const gate = deferred();
    const running = bulkhead.run(() => gate.promise, undefined);
    const controller = new AbortController();
    const cancelled = bulkhead.run(async () => 'never', undefined, controller.signal);
    controller.abort();
    await expect(cancelled).rejects.toBeInstanceOf(SourceTimeout);
    expect(bulkhead.stats().queued).toBe(0);
    gate.resolve();
    await running;
  });

  it('frees the slot when the call throws', async () => {
    const bulkhead = createBulkhead('CRM', { maxConcurrent: 1, maxQueued: 0 });
    await expect(bulkhead.run(async () => {
      throw new SourceUnavailable('CRM', 'failed with HTTP 500', 500);
    }, undefined)).rejects.toBeInstanceOf(SourceUnavailable);
    expect(await bulkhead.run(async () => 'next', undefined)).toBe('next');
  });

  it('sheds through guardSilos without calling the silo, and shedding never opens the circuit', async () => {
    const fake = fakeSilos();
    const guarded = guardSilos(fake.silos, { bulkhead: { maxConcurrent: 2, maxQueued: 0 }, breaker: { minCalls: 2, halfOpenAfterMs: 60_000 } });
    const gate = deferred();
    fake.behave('SUPPORT', () => gate.promise);
    const held = [guarded.tickets.getTicket('1'), guarded.tickets.getTicket('2')];
    for (let i = 0; i < 5; i++) await expect(guarded.tickets.getTicket('3')).rejects.toBeInstanceOf(SourceUnavailable);
    expect(fake.calls.SUPPORT).toBe(2);
    expect(guarded.breakerStates().SUPPORT).toBe('closed');
    gate.resolve();
    await Promise.all(held);
    await guarded.tickets.getTicket('4');
    expect(fake.calls.SUPPORT).toBe(3);
  });
});
