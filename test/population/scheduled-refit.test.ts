import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { AuditAction } from '../../src/audit/index.js';
import type { RequestContext } from '../../src/context/index.js';
import { createLogger } from '../../src/logging/index.js';
import { createInsightsModels, LATEST_MODEL_TTL_MS, type Every } from '../../src/population/index.js';
import { pgliteBackend } from '../audit/backends.js';

const backend = pgliteBackend();
afterAll(() => backend.cleanup());

/** A crawl over an empty population (the HTTP suite crawls real sandboxes), or one whose listing fails. */
function crawl(fail: () => boolean): () => RequestContext {
  const page = async () => {
    if (fail()) throw new Error('listing failed for jane@example.com');
    return { customers: [], hasNextPage: false };
  };
  return () => ({ identity: { page }, loaders: {}, crawlCursors: { decode: () => null } }) as unknown as RequestContext;
}

/** A scheduler driven by the test: no wall-clock waits. */
function manualEvery() {
  const timers: { ms: number; tick: () => void; stopped: boolean }[] = [];
  const every: Every = (ms, tick) => {
    const timer = { ms, tick, stopped: false };
    timers.push(timer);
    return () => {
      timer.stopped = true;
    };
  };
  return { every, timers };
}

const SYSTEM = { sub: 'system:refit', roles: ['admin' as const] };

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

async function until(check: () => Promise<boolean>) {
  for (let i = 0; i < 500 && !(await check()); i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('the scheduled refit', () => {
  it('schedules nothing at interval 0; at an interval, refits at each tick with asOf = now, and stops', async () => {
    const db = await (await backend.fresh()).open();
    let now = Date.parse('2026-11-01T00:00:00Z');
    const logs: string[] = [];
    const sink = new Writable({ write(chunk: Buffer, _encoding, callback) { logs.push(chunk.toString()); callback(); } });
    const logger = createLogger({ level: 'info', destination: sink });
    try {
      const off = manualEvery();
      createInsightsModels({ database: db, context: crawl(() => false), now: () => now, refitIntervalSeconds: 0, scheduledAs: SYSTEM, logger, every: off.every }).start();
      expect(off.timers).toEqual([]);

      const actions: AuditAction[] = [];
      let failing = true;
      const on = manualEvery();
      const models = createInsightsModels({ database: db, context: crawl(() => failing), now: () => now, refitIntervalSeconds: 3600, scheduledAs: SYSTEM, recordAction: (a) => actions.push(a), logger, every: on.every });
      const stop = models.start();
      expect(on.timers.map((t) => t.ms)).toEqual([3_600_000]);
      const timer = on.timers[0] as (typeof on.timers)[number];

      // A failed refit is logged, by the error's name only, and keeps nothing.
      timer.tick();
      await until(async () => logs.some((l) => l.includes('scheduled insights refit failed')));
      expect(logs.join('')).not.toContain('jane@example.com');
      expect(await models.latest()).toBeNull();

      failing = false;
      now += 3_600_000;
      timer.tick();
      await until(async () => (await models.latest()) !== null);
      const model = await models.latest();
      expect(model?.diagnostics.asOf).toBe('2026-11-01T01:00:00.000Z');
      expect(model?.fittedAt).toBe('2026-11-01T01:00:00.000Z');
      expect(model?.purchases).toEqual({ reason: 'TOO_FEW_CUSTOMERS_FITTED' });

      // Each refit is audited as the scheduled principal, with its outcome and no customer id.
      expect(actions).toEqual([
        { sub: SYSTEM.sub, roles: SYSTEM.roles, action: 'insights.model.refitted', outcome: 'failed Error', customerIds: [], categories: { PURCHASES: 'ALLOWED', INSIGHTS_MODEL_REFIT: 'ALLOWED' } },
        { sub: SYSTEM.sub, roles: SYSTEM.roles, action: 'insights.model.refitted', outcome: 'asOf 2026-11-01T01:00:00.000Z customers 0', customerIds: [], categories: { PURCHASES: 'ALLOWED', INSIGHTS_MODEL_REFIT: 'ALLOWED' } },
      ]);

      stop();
      expect(timer.stopped).toBe(true);
      await settle();
    } finally {
      await db.close();
    }
  });

  it("sees another replica's refit once its memory of the newest model is older than the TTL", async () => {
    const db = await (await backend.fresh()).open();
    let now = Date.parse('2026-11-01T00:00:00Z');
    const logger = createLogger({ level: 'silent' });
    try {
      const options = { database: db, context: crawl(() => false), now: () => now, refitIntervalSeconds: 0, scheduledAs: SYSTEM, logger };
      const here = createInsightsModels(options);
      const there = createInsightsModels(options);
      const first = await here.refit();
      expect((await here.latest())?.id).toBe(first.id);
      now += 1000;
      const second = await there.refit();
      // Its own refit is seen at once; the other replica's only after the TTL.
      expect((await there.latest())?.id).toBe(second.id);
      expect((await here.latest())?.id).toBe(first.id);
      now += LATEST_MODEL_TTL_MS + 1;
      expect((await here.latest())?.id).toBe(second.id);
      // An asOf before the newest model is answered from the table.
      expect((await here.latest(new Date('2026-11-01T00:00:00.500Z')))?.id).toBe(first.id);
    } finally {
      await db.close();
    }
  });
});
