import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Migration, Queryable } from '../audit/index.js';
import { DATA_QUALITY_CODES, SOURCES, type DataQualityCode, type Source } from '../model/index.js';

/**
 * The data-quality report table, beside the audit trail. One row per report, holding only aggregates: how many
 * findings of each code each silo has, and a few example record ids (vendor ids, no personal value). There is no
 * customer id and no record value in it. Append migrations; never edit one.
 */
export const DATA_QUALITY_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'data-quality reports (counts per silo and code, example record ids)',
    statements: [
      `CREATE TABLE data_quality_reports (
        id uuid PRIMARY KEY,
        as_of timestamptz(3) NOT NULL,
        ran_at timestamptz(3) NOT NULL,
        stale_days integer NOT NULL,
        customers integer NOT NULL,
        records integer NOT NULL,
        duration_ms double precision NOT NULL,
        counts jsonb NOT NULL
      )`,
      `CREATE INDEX data_quality_reports_ran_at ON data_quality_reports (ran_at DESC)`,
    ],
  },
];

/** How many findings of one code one silo has, with a few of the records they are on. */
export interface DataQualityReportCount {
  source: Source;
  code: DataQualityCode;
  /** Findings, one per (record, field). */
  count: number;
  /** Up to EXAMPLES_PER_COUNT ids of records with such a finding, in crawl order. */
  exampleRecordIds: string[];
}

/** A data-quality report: what a crawl of every customer found, as counts. */
export interface DataQualityReport {
  /** The moment records' ages were measured at (ISO 8601). */
  asOf: string;
  /** The stale setting the report was made with. */
  staleDays: number;
  customers: number;
  records: number;
  durationMs: number;
  /** Sorted by silo (SOURCES order) then code (DATA_QUALITY_CODES order); only counts above 0. */
  counts: DataQualityReportCount[];
}

/** A report as stored: its row id and when it ran. */
export interface StoredDataQualityReport extends DataQualityReport {
  readonly id: string;
  /** ISO 8601. */
  readonly ranAt: string;
}

const Counts_ = z.array(z.object({
  source: z.enum(SOURCES as [Source, ...Source[]]),
  code: z.enum(DATA_QUALITY_CODES),
  count: z.number().int(),
  exampleRecordIds: z.array(z.string()),
}));

interface Row {
  id: string;
  as_of: unknown;
  ran_at: unknown;
  stale_days: number;
  customers: number;
  records: number;
  duration_ms: number;
  counts: unknown;
}

const iso = (value: unknown) => new Date(value as string).toISOString();

function fromRow(row: Row): StoredDataQualityReport {
  return {
    id: row.id,
    ranAt: iso(row.ran_at),
    asOf: iso(row.as_of),
    staleDays: row.stale_days,
    customers: row.customers,
    records: row.records,
    durationMs: row.duration_ms,
    counts: Counts_.parse(typeof row.counts === 'string' ? JSON.parse(row.counts) : row.counts),
  };
}

const COLUMNS = 'id::text AS id, as_of, ran_at, stale_days, customers, records, duration_ms, counts';

/** Reads and writes data-quality reports; the caller makes sure the table is migrated. */
export function createDataQualityStore(db: Queryable) {
  return {
    /** Keeps a report's counts. */
    async save(report: DataQualityReport, ranAt: Date): Promise<StoredDataQualityReport> {
      const id = randomUUID();
      await db.query(
        `INSERT INTO data_quality_reports (id, as_of, ran_at, stale_days, customers, records, duration_ms, counts)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`,
        [id, report.asOf, ranAt.toISOString(), report.staleDays, report.customers, report.records, report.durationMs, JSON.stringify(report.counts)],
      );
      const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM data_quality_reports WHERE id = $1`, [id]);
      return fromRow(rows[0] as Row);
    },
    /** The report that ran last; null when none has. */
    async latest(): Promise<StoredDataQualityReport | null> {
      const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM data_quality_reports ORDER BY ran_at DESC LIMIT 1`);
      return rows[0] ? fromRow(rows[0]) : null;
    },
  };
}

/** The report store. */
export type DataQualityStore = ReturnType<typeof createDataQualityStore>;
