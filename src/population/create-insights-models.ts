import type { AuditAction, AuditDatabase } from '../audit/index.js';
import type { Principal } from '../auth/index.js';
import { isSourceError } from '../model/index.js';
import { migratedOnce, schedule, type Every } from './jobs.js';
import { createRefit, type RefitDeps } from './refit.js';
import { createInsightsModelStore, POPULATION_MIGRATIONS, type StoredInsightsModel } from './store.js';

/** How long a replica trusts its memory of the newest model before it reads the table again (others may have refitted). */
export const LATEST_MODEL_TTL_MS = 60_000;

/** What the population models are built from. */
export interface InsightsModelsOptions extends Pick<RefitDeps, 'context' | 'now' | 'clock' | 'logger'> {
  /** The audit trail's database: the model table lives beside it (its own numbered migrations). */
  database: AuditDatabase;
  /** Seconds between scheduled refits; 0 = only on demand. */
  refitIntervalSeconds: number;
  /** Who scheduled refits run as, in the audit trail. */
  scheduledAs: Principal;
  /** Records each refit and its outcome in the audit trail (it reads every customer's purchases, and keeps no id). */
  recordAction?: (action: AuditAction) => void;
  every?: Every;
}

/** The population models: refits (scheduled and on demand) and the newest stored model, over one database. */
export function createInsightsModels(options: InsightsModelsOptions) {
  const { database, logger, now } = options;
  // Migrated on first use and retried after a failure, so a database that is away delays only the models.
  const ready = migratedOnce(database, 'insights', POPULATION_MIGRATIONS);
  const store = createInsightsModelStore(database);
  let newest: { model: StoredInsightsModel | null; readAt: number } | null = null;
  const refitOnce = createRefit({ ...options, store, ready });
  /** Refits at `asOf` (default now) on behalf of `by` (default the scheduled principal), and audits it. */
  const refit = async (asOf?: Date, by: Principal = options.scheduledAs) => {
    const audit = (outcome: string) =>
      options.recordAction?.({ sub: by.sub, roles: by.roles, action: 'insights.model.refitted', outcome, customerIds: [], categories: { PURCHASES: 'ALLOWED', INSIGHTS_MODEL_REFIT: 'ALLOWED' } });
    try {
      const stored = await refitOnce(asOf);
      newest = null;
      audit(`asOf ${stored.diagnostics.asOf} customers ${stored.diagnostics.customers}`);
      return stored;
    } catch (error) {
      audit(`failed ${isSourceError(error) ? `${error.source} ${error.code}` : error instanceof Error ? error.name : 'unknown'}`);
      throw error;
    }
  };
  /** The newest stored model whose `asOf` is at or before `atOrBefore` (any, when absent); null when there is none. */
  const latest = async (atOrBefore?: Date): Promise<StoredInsightsModel | null> => {
    await ready();
    if (!newest || now() - newest.readAt > LATEST_MODEL_TTL_MS) newest = { model: await store.latest(), readAt: now() };
    const { model } = newest;
    if (!model || !atOrBefore || Date.parse(model.diagnostics.asOf) <= atOrBefore.getTime()) return model;
    return store.latest(atOrBefore);
  };
  return {
    ready,
    refit,
    latest,
    /** Starts the scheduled refits (none when the interval is 0); the returned function stops them. */
    start(): () => void {
      return schedule(options.refitIntervalSeconds, () => refit(), { logger, what: 'insights refit', every: options.every });
    },
  };
}

/** The gateway's population models. */
export type InsightsModels = ReturnType<typeof createInsightsModels>;
