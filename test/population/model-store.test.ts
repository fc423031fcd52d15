import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/audit/index.js';
import { createSeededRandom, fitInsightsModel, populationNps, summarizePurchases, type CustomerSummary } from '../../src/insights/index.js';
import { createInsightsModelStore, POPULATION_MIGRATIONS } from '../../src/population/index.js';
import { pgliteBackend, postgresBackend } from '../audit/backends.js';
import { simulatePurchases } from '../insights/support/simulate-purchases.js';

const START = new Date(Date.UTC(2024, 0, 1));
const AS_OF = new Date(Date.UTC(2024, 11, 31));
const LATER = new Date(Date.UTC(2025, 5, 30));

function population(asOf: Date): CustomerSummary[] {
  const options = { purchases: { r: 0.25, alpha: 30, a: 0.8, b: 2.5 }, spend: { p: 6, q: 4, gamma: 15 }, customers: 600, cohortStart: START, cohortDays: 90, until: asOf };
  return simulatePurchases(options, createSeededRandom(11)).flatMap((purchases) => summarizePurchases(purchases, asOf) ?? []);
}

// The population's NPS beside the fit: 5 promoters, 3 passives, 2 detractors, an NPS of +30.
const model = { ...fitInsightsModel(population(AS_OF), { asOf: AS_OF }), nps: populationNps([10, 9, 9, 10, 9, 8, 7, 7, 3, 6]) };
const later = { ...fitInsightsModel(population(LATER), { asOf: LATER }), nps: null };
const backends = [pgliteBackend(), await postgresBackend()];
afterAll(() => Promise.all(backends.map((b) => b.cleanup())));

describe.each(backends)('the insights model store on $name', (backend) => {
  it.skipIf(backend.skip !== false)('keeps a fit and gives it back as fitted: parameters, covariance, cut points and diagnostics', async () => {
    const db = await (await backend.fresh()).open();
    try {
      expect(await migrate(db, 'insights', POPULATION_MIGRATIONS)).toEqual([1, 2]);
      expect(await migrate(db, 'insights', POPULATION_MIGRATIONS)).toEqual([]);
      const store = createInsightsModelStore(db);
      expect(await store.latest()).toBeNull();
      const stored = await store.save(model, new Date('2025-01-01T03:00:00.000Z'));
      expect(stored.fittedAt).toBe('2025-01-01T03:00:00.000Z');
      const { id: _id, fittedAt: _at, ...read } = (await store.latest()) ?? {};
      expect(read).toEqual(model);
      expect(model.nps).toEqual({ value: 30, respondents: 10, promoters: 5, passives: 3, detractors: 2 });
      expect(model.diagnostics.customersFitted).toBeGreaterThan(500);
      // A fit kept without NPS counts (as every fit before migration 2 was) reads back with none.
      await store.save(later, new Date('2025-07-01T00:00:00Z'));
      expect((await store.latest())?.nps).toBeNull();
    } finally {
      await db.close();
    }
  });

  it.skipIf(backend.skip !== false)('answers the newest model at or before an asOf, and none before the first', async () => {
    const db = await (await backend.fresh()).open();
    try {
      await migrate(db, 'insights', POPULATION_MIGRATIONS);
      const store = createInsightsModelStore(db);
      const first = await store.save(model, new Date('2025-01-01T00:00:00Z'));
      const refitted = await store.save(model, new Date('2025-01-02T00:00:00Z'));
      const newest = await store.save(later, new Date('2025-07-01T00:00:00Z'));
      expect((await store.latest())?.id).toBe(newest.id);
      expect((await store.latest(new Date('2025-03-01T00:00:00Z')))?.id).toBe(refitted.id);
      expect((await store.latest(AS_OF))?.id).toBe(refitted.id);
      expect(first.id).not.toBe(refitted.id);
      expect(await store.latest(new Date('2024-12-30T00:00:00Z'))).toBeNull();
    } finally {
      await db.close();
    }
  });

  it.skipIf(backend.skip !== false)('holds no per-customer row: one row per fit, and only aggregate columns', async () => {
    const db = await (await backend.fresh()).open();
    try {
      await migrate(db, 'insights', POPULATION_MIGRATIONS);
      await createInsightsModelStore(db).save(model, new Date());
      const { rows: tables } = await db.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE 'insights%'",
      );
      expect(tables.map((t) => t.table_name)).toEqual(['insights_models']);
      const { rows: columns } = await db.query<{ column_name: string }>(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'insights_models' ORDER BY ordinal_position",
      );
      expect(columns.map((c) => c.column_name)).toEqual([
        'id', 'model_version', 'as_of', 'fitted_at', 'duration_ms', 'customers', 'customers_fitted', 'repeat_customers_fitted',
        'purchase_log_likelihood', 'spend_log_likelihood', 'history_span_days', 'parts', 'nps_promoters', 'nps_passives', 'nps_detractors',
      ]);
      const { rows } = await db.query<{ n: number; parts: string }>('SELECT count(*)::int AS n, max(parts::text) AS parts FROM insights_models');
      expect(rows[0]?.n).toBe(1);
      // The parts are the four model parts, each a handful of numbers: nothing sized by the population.
      const parts = JSON.parse(rows[0]?.parts ?? '{}') as Record<string, unknown>;
      expect(Object.keys(parts).sort()).toEqual(['churnRisk', 'purchases', 'rfm', 'spend']);
      expect((rows[0]?.parts ?? '').length).toBeLessThan(2_000);
    } finally {
      await db.close();
    }
  });
});
