import type { AuditAction, AuditDatabase } from '../audit/index.js';
import type { Principal } from '../auth/index.js';
import type { RequestContext } from '../context/index.js';
import { customerFindings } from '../data-quality/index.js';
import type { Logger } from '../logging/index.js';
import { DATA_QUALITY_CODES, isSourceError, SOURCES, type DataQualityCode, type Source } from '../model/index.js';
import { crawlCustomers } from './crawl-customers.js';
import { createDataQualityStore, DATA_QUALITY_MIGRATIONS, type DataQualityReport, type DataQualityReportCount, type StoredDataQualityReport } from './data-quality-store.js';
import { migratedOnce, schedule, serialised, type Every } from './jobs.js';

/** Example record ids a report keeps per silo and code. */
export const EXAMPLES_PER_COUNT = 3;

/** What the data-quality reports are built from. */
export interface DataQualityReportsOptions {
  /** The audit trail's database: the report table lives beside it (its own numbered migrations). */
  database: AuditDatabase;
  /** A fresh context over the pipeline's live path, one per crawl page (each page gets a whole deadline). */
  context: () => RequestContext;
  /** Epoch ms: the default `asOf` and the time a report is kept at. */
  now: () => number;
  /** Milliseconds, for the report's duration only (default: performance.now). */
  clock?: () => number;
  /** DATA_QUALITY_STALE_DAYS. */
  staleDays: number;
  /** Seconds between scheduled reports; 0 = only on demand. */
  intervalSeconds: number;
  /** Who scheduled reports run as, in the audit trail. */
  scheduledAs: Principal;
  /** Records each report and its outcome in the audit trail (it reads every customer's records, and keeps no id). */
  recordAction?: (action: AuditAction) => void;
  /** Told each new report's counts, and the newest stored one's at start (the metrics). */
  onReport?: (counts: readonly DataQualityReportCount[]) => void;
  logger: Logger;
  every?: Every;
}

/** Counts findings per silo and code as a crawl visits customers, keeping a few record ids of each. */
function createTally() {
  const counts = new Map<string, DataQualityReportCount>();
  let customers = 0;
  let records = 0;
  return {
    add(source: Source, code: DataQualityCode, recordId: string) {
      const key = `${source}|${code}`;
      const entry = counts.get(key) ?? { source, code, count: 0, exampleRecordIds: [] };
      entry.count += 1;
      if (entry.exampleRecordIds.length < EXAMPLES_PER_COUNT && !entry.exampleRecordIds.includes(recordId)) entry.exampleRecordIds.push(recordId);
      counts.set(key, entry);
    },
    customer(recordCount: number) {
      customers += 1;
      records += recordCount;
    },
    result(): Pick<DataQualityReport, 'customers' | 'records' | 'counts'> {
      const order = (c: DataQualityReportCount) => SOURCES.indexOf(c.source) * DATA_QUALITY_CODES.length + DATA_QUALITY_CODES.indexOf(c.code);
      return { customers, records, counts: [...counts.values()].sort((a, b) => order(a) - order(b)) };
    },
  };
}

/**
 * The data-quality reports: a crawl of every customer (the refit's `crawlCustomers`, through identity resolution and
 * nothing more: findings need no facet), each customer's findings counted per silo and code, and only the counts and
 * a few example record ids kept. A silo that fails a read fails the report with its error (SourceFailure): counts
 * with a silo missing would read as a cleaner silo. Reports run one after another, never two at once.
 */
export function createDataQualityReports(options: DataQualityReportsOptions) {
  const { database, logger, now } = options;
  const ready = migratedOnce(database, 'data-quality', DATA_QUALITY_MIGRATIONS);
  const store = createDataQualityStore(database);
  const crawl = serialised(async (asOf: Date): Promise<StoredDataQualityReport> => {
    await ready();
    const clock = options.clock ?? (() => performance.now());
    const started = clock();
    const tally = createTally();
    await crawlCustomers(options.context, (customers, ctx) => {
      for (const customer of customers) {
        const failure = [...customer.failures.values()][0];
        // The silo's own typed error: its code and source reach the caller and the audit outcome as they are.
        if (failure) throw failure;
        tally.customer(customer.records.length);
        for (const f of customerFindings(customer, { now: asOf, staleDays: options.staleDays, region: ctx.phoneRegion })) tally.add(f.source, f.code, f.recordId);
      }
    });
    const stored = await store.save({ asOf: asOf.toISOString(), staleDays: options.staleDays, durationMs: clock() - started, ...tally.result() }, new Date(now()));
    options.onReport?.(stored.counts);
    logger.info({ asOf: stored.asOf, customers: stored.customers, records: stored.records, durationMs: Math.round(stored.durationMs) }, 'data-quality report made');
    return stored;
  });
  /** Crawls and keeps a report at `asOf` (default now) on behalf of `by` (default the scheduled principal), and audits it. */
  const run = async (asOf: Date = new Date(now()), by: Principal = options.scheduledAs): Promise<StoredDataQualityReport> => {
    const audit = (outcome: string) =>
      options.recordAction?.({ sub: by.sub, roles: by.roles, action: 'data-quality.report.made', outcome, customerIds: [], categories: { DATA_QUALITY: 'ALLOWED', DATA_QUALITY_REPORT: 'ALLOWED' } });
    try {
      const stored = await crawl(asOf);
      audit(`asOf ${stored.asOf} customers ${stored.customers} records ${stored.records}`);
      return stored;
    } catch (error) {
      audit(`failed ${isSourceError(error) ? `${error.source} ${error.code}` : error instanceof Error ? error.name : 'unknown'}`);
      throw error;
    }
  };
  return {
    ready,
    run,
    /** DATA_QUALITY_STALE_DAYS, for `Customer.dataQuality`. */
    staleDays: options.staleDays,
    /** The report that ran last; null while none has. */
    async latest(): Promise<StoredDataQualityReport | null> {
      await ready();
      return store.latest();
    },
    /** Hands the newest stored report's counts to `onReport` and starts the scheduled reports; the returned function stops them. */
    start(): () => void {
      void (async () => {
        const newest = await ready().then(() => store.latest());
        if (newest) options.onReport?.(newest.counts);
      })().catch((error: unknown) => logger.warn({ reason: error instanceof Error ? error.name : 'unknown' }, 'newest data-quality report unreadable'));
      return schedule(options.intervalSeconds, () => run(), { logger, what: 'data-quality report', every: options.every });
    },
  };
}

/** The gateway's data-quality reports. */
export type DataQualityReports = ReturnType<typeof createDataQualityReports>;
