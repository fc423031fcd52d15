import { z } from 'zod';

/** The population models' refit job: INSIGHTS_REFIT_INTERVAL_SECONDS. */
export const insightsSettings = z
  .object({
    // 0: refits only on demand (refitInsightsModel). The first scheduled refit runs one interval after start-up.
    INSIGHTS_REFIT_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(2_592_000).default(86_400),
  })
  .transform((s) => ({ refitIntervalSeconds: s.INSIGHTS_REFIT_INTERVAL_SECONDS }));
