import { describe, expect, it } from 'vitest';
import { SlotRefused, createSlotQueue, type SlotEvent } from '../../src/resilience/index.js';
import { createManualClock } from '../support/manual-clock.js';

const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as SlotRefused);

describe('the slot queue behind the bulkheads and the admission gate', () => {
  it('gives free slots at once, queues in order up to maxQueued, refuses the next one as full', async () => {
    const events: SlotEvent[] = [];
    const queue = createSlotQueue({ maxActive: 2, maxQueued: 1, clock: createManualClock(), onEvent: (e) => events.push(e) });
    const a = queue.tryAcquire();
    const b = await queue.acquire();
    expect(queue.tryAcquire()).toBeUndefined();
    const c = queue.acquire();
    const full = await refusal(queue.acquire());
    expect(full).toBeInstanceOf(SlotRefused);
    expect(full?.reason).toBe('full');
    expect(queue.stats()).toMatchObject({ active: 2, queued: 1 });
    a?.();
    a?.();
    (await c)();
    b();
    expect(queue.stats()).toMatchObject({ active: 0, queued: 0 });
    expect(events.map((e) => e.kind)).toEqual(['admitted', 'admitted', 'queued', 'refused', 'admitted']);
  });

  it('refuses at once a newcomer whose wait, as the recent hold times predict it, ends after its deadline', async () => {
    const clock = createManualClock();
    const queue = createSlotQueue({ maxActive: 1, maxQueued: 10, clock });
    // One hold of 800 ms teaches the queue how long a slot is kept.
    const first = await queue.acquire();
    clock.advance(800);
    first();
    const holder = await queue.acquire();
    // One ahead of nobody: 800 ms expected, within 1000 ms: it waits.
    const fits = queue.acquire({ deadline: clock.now() + 1000 });
    expect(queue.stats()).toMatchObject({ queued: 1, expectedWaitMs: 1600 });
    // Behind it: 1600 ms expected, more than 1000 ms: refused without waiting, told when the queue should have drained.
    const late = await refusal(queue.acquire({ deadline: clock.now() + 1000 }));
    expect(late?.reason).toBe('late');
    expect(late?.drainMs).toBe(1600);
    expect(queue.stats().queued).toBe(1);
    holder();
    (await fits)();
  });

  it('lets a waiter go at its deadline or when its caller cancels, and gives the slot to the next in line', async () => {
    const clock = createManualClock();
    const queue = createSlotQueue({ maxActive: 1, maxQueued: 10, clock });
    const holder = await queue.acquire();
    const expiring = refusal(queue.acquire({ deadline: clock.now() + 100 }));
    const controller = new AbortController();
    const cancelled = refusal(queue.acquire({ signal: controller.signal }));
    const patient = queue.acquire();
    controller.abort();
    expect((await cancelled)?.reason).toBe('cancelled');
    clock.advance(100);
    expect((await expiring)?.reason).toBe('expired');
    expect(queue.stats()).toMatchObject({ active: 1, queued: 1 });
    expect(clock.pending()).toBe(0);
    holder();
    (await patient)();
    expect(queue.stats()).toMatchObject({ active: 0, queued: 0 });
  });

  it('starts waiters when its slots are raised, and holds newcomers back when they are lowered until enough are given back', async () => {
    const queue = createSlotQueue({ maxActive: 2, maxQueued: 10, clock: createManualClock() });
    const a = await queue.acquire();
    const b = await queue.acquire();
    const c = queue.acquire();
    queue.setMaxActive(3);
    const release = await c;
    expect(queue.stats()).toMatchObject({ maxActive: 3, active: 3, queued: 0 });
    queue.setMaxActive(1);
    const d = queue.acquire();
    a();
    b();
    expect(queue.stats()).toMatchObject({ active: 1, queued: 1 });
    release();
    (await d)();
    expect(queue.stats()).toMatchObject({ maxActive: 1, active: 0, queued: 0 });
  });
});
