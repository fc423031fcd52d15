import { z } from 'zod';

/** Data-quality findings and their report: DATA_QUALITY_STALE_DAYS, DATA_QUALITY_REPORT_INTERVAL_SECONDS. */
export const dataQualitySettings = z
  .object({
    // A record last changed more than this many days ago is STALE_RECORD (data decay).
    DATA_QUALITY_STALE_DAYS: z.coerce.number().int().min(1).max(36_500).default(730),
    // 0: the report is crawled only on demand (runDataQualityReport). The first scheduled one runs one interval after start-up.
    DATA_QUALITY_REPORT_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(2_592_000).default(86_400),
  })
  .transform((s) => ({ staleDays: s.DATA_QUALITY_STALE_DAYS, reportIntervalSeconds: s.DATA_QUALITY_REPORT_INTERVAL_SECONDS }));
