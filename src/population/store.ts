import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Migration, Queryable } from '../audit/index.js';
import { npsOfCounts, type InsightsModel, type PopulationNps } from '../insights/index.js';

/**
 * The population-model table, beside the audit trail. One row per fit, holding only aggregates: the fitted
 * parameters (with their covariance, for the intervals), the cut points, the NPS counts and the diagnostics. There is no
 * per-customer row and no customer id anywhere in it. Append migrations; never edit one.
 */
export const POPULATION_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'fitted insight models (aggregates and diagnostics only)',
    statements: [
      `CREATE TABLE insights_models (
        id uuid PRIMARY KEY,
        model_version text NOT NULL,
        as_of timestamptz(3) NOT NULL,
        fitted_at timestamptz(3) NOT NULL,
        duration_ms double precision NOT NULL,
        customers integer NOT NULL,
        customers_fitted integer NOT NULL,
        repeat_customers_fitted integer NOT NULL,
        purchase_log_likelihood double precision NULL,
        spend_log_likelihood double precision NULL,
        history_span_days integer NOT NULL,
        parts jsonb NOT NULL
      )`,
      // "The newest model at or before asOf": one backward range scan.
      `CREATE INDEX insights_models_as_of ON insights_models (as_of DESC, fitted_at DESC)`,
    ],
  },
  {
    version: 2,
    name: 'population NPS: counts of promoters, passives and detractors (null on fits made before)',
    statements: [
      `ALTER TABLE insights_models
        ADD COLUMN nps_promoters integer NULL,
        ADD COLUMN nps_passives integer NULL,
        ADD COLUMN nps_detractors integer NULL`,
    ],
  },
];

/** What a refit keeps: the fitted models, and the population's NPS (null where the fit did not count it). */
export interface PopulationModel extends InsightsModel {
  readonly nps: PopulationNps | null;
}

/** A fitted model as stored: the model, its row id and when it was fitted. */
export interface StoredInsightsModel extends PopulationModel {
  readonly id: string;
  /** ISO 8601. */
  readonly fittedAt: string;
}

// The jsonb parts, parsed when read: a row that does not hold what a fit writes is corrupt and fails loudly here.
const Reason_ = z.object({ reason: z.enum(['TOO_FEW_PURCHASES', 'TOO_FEW_CUSTOMERS_FITTED', 'HISTORY_TOO_SHORT', 'NO_REPEAT_PURCHASES', 'FIT_DEGENERATE', 'NO_MODEL', 'NO_RATED_TICKETS', 'NO_REPLIED_TICKETS']) });
const Fit_ = {
  logParams: z.array(z.number()),
  logLikelihood: z.number(),
  iterations: z.number(),
  converged: z.boolean(),
  covariance: z.array(z.array(z.number())).nullable(),
  customersFitted: z.number().int(),
};
const Purchases_ = z.object({ ...Fit_, params: z.object({ r: z.number(), alpha: z.number(), a: z.number(), b: z.number() }) });
const Spend_ = z.object({ ...Fit_, params: z.object({ p: z.number(), q: z.number(), gamma: z.number() }) });
const Rfm_ = z.object({ recencyDays: z.array(z.number()), purchases: z.array(z.number()), meanSpend: z.array(z.number()) });
const Parts_ = z.object({
  purchases: z.union([Reason_, Purchases_]),
  spend: z.union([Reason_, Spend_]),
  rfm: z.union([Reason_, Rfm_]),
  churnRisk: z.union([Reason_, z.object({ cuts: z.array(z.number()) })]),
});

interface Row {
  id: string;
  model_version: string;
  as_of: unknown;
  fitted_at: unknown;
  duration_ms: number;
  customers: number;
  customers_fitted: number;
  repeat_customers_fitted: number;
  purchase_log_likelihood: number | null;
  spend_log_likelihood: number | null;
  history_span_days: number;
  parts: unknown;
  nps_promoters: number | null;
  nps_passives: number | null;
  nps_detractors: number | null;
}

const iso = (value: unknown) => new Date(value as string).toISOString();
const parsed = (parts: unknown) => Parts_.parse(typeof parts === 'string' ? JSON.parse(parts) : parts);

function fromRow(row: Row): StoredInsightsModel {
  return {
    id: row.id,
    fittedAt: iso(row.fitted_at),
    modelVersion: row.model_version,
    ...parsed(row.parts),
    nps: row.nps_promoters === null || row.nps_passives === null || row.nps_detractors === null
      ? null
      : npsOfCounts({ promoters: row.nps_promoters, passives: row.nps_passives, detractors: row.nps_detractors }),
    diagnostics: {
      customers: row.customers,
      customersFitted: row.customers_fitted,
      repeatCustomersFitted: row.repeat_customers_fitted,
      purchaseLogLikelihood: row.purchase_log_likelihood,
      spendLogLikelihood: row.spend_log_likelihood,
      historySpanDays: row.history_span_days,
      asOf: iso(row.as_of),
      durationMs: row.duration_ms,
    },
  };
}

const COLUMNS = `id::text AS id, model_version, as_of, fitted_at, duration_ms, customers, customers_fitted, repeat_customers_fitted,
  purchase_log_likelihood, spend_log_likelihood, history_span_days, parts, nps_promoters, nps_passives, nps_detractors`;

/** Reads and writes fitted models; the caller makes sure the table is migrated. */
export function createInsightsModelStore(db: Queryable) {
  return {
    /** Keeps a fitted model's aggregates and diagnostics. */
    async save(model: PopulationModel, fittedAt: Date): Promise<StoredInsightsModel> {
      const { diagnostics: d, purchases, spend, rfm, churnRisk, nps } = model;
      const id = randomUUID();
      await db.query(
        `INSERT INTO insights_models (id, model_version, as_of, fitted_at, duration_ms, customers, customers_fitted, repeat_customers_fitted,
           purchase_log_likelihood, spend_log_likelihood, history_span_days, parts, nps_promoters, nps_passives, nps_detractors)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13, $14, $15)`,
        [id, model.modelVersion, d.asOf, fittedAt.toISOString(), d.durationMs, d.customers, d.customersFitted, d.repeatCustomersFitted,
          d.purchaseLogLikelihood, d.spendLogLikelihood, d.historySpanDays, JSON.stringify({ purchases, spend, rfm, churnRisk }),
          nps?.promoters ?? null, nps?.passives ?? null, nps?.detractors ?? null],
      );
      const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM insights_models WHERE id = $1`, [id]);
      return fromRow(rows[0] as Row);
    },
    /** The newest model (by `asOf`, then by when it was fitted) whose `asOf` is at or before `atOrBefore` (any, when absent). */
    async latest(atOrBefore?: Date): Promise<StoredInsightsModel | null> {
      const { rows } = atOrBefore
        ? await db.query<Row>(`SELECT ${COLUMNS} FROM insights_models WHERE as_of <= $1 ORDER BY as_of DESC, fitted_at DESC LIMIT 1`, [atOrBefore.toISOString()])
        : await db.query<Row>(`SELECT ${COLUMNS} FROM insights_models ORDER BY as_of DESC, fitted_at DESC LIMIT 1`);
      return rows[0] ? fromRow(rows[0]) : null;
    },
  };
}

/** The model store. */
export type InsightsModelStore = ReturnType<typeof createInsightsModelStore>;
