import { z } from 'zod';
import type { Migration, Queryable } from '../audit/index.js';
import { SOURCES, type Source, type VendorReceipt } from '../model/index.js';

/**
 * The privacy tables. They hold identifiers, keyed hashes and outcomes; the only personal data is the subject's
 * look-up keys, sealed (AES-GCM) while a job runs and wiped when it completes. Append migrations; never edit one.
 */
export const PRIVACY_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'erasure jobs, steps, suppression list, reappearances',
    statements: [
      `CREATE TABLE privacy_erasure_jobs (
        id uuid PRIMARY KEY,
        status text NOT NULL,
        requested_by text NOT NULL,
        customer_id text NULL,
        sealed_keys text NULL,
        for_review jsonb NOT NULL,
        read_back jsonb NULL,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz(3) NOT NULL,
        lease_until timestamptz(3) NULL,
        created_at timestamptz(3) NOT NULL,
        completed_at timestamptz(3) NULL
      )`,
      `CREATE INDEX privacy_erasure_jobs_newest ON privacy_erasure_jobs (created_at DESC, id DESC)`,
      // Keyed hashes of the subject's identifiers and records: a second request sharing any joins the running job.
      `CREATE TABLE privacy_erasure_subject_keys (
        hash text NOT NULL,
        job_id uuid NOT NULL REFERENCES privacy_erasure_jobs (id) ON DELETE CASCADE,
        PRIMARY KEY (hash, job_id)
      )`,
      `CREATE TABLE privacy_erasure_steps (
        job_id uuid NOT NULL REFERENCES privacy_erasure_jobs (id) ON DELETE CASCADE,
        source text NOT NULL,
        status text NOT NULL,
        discover boolean NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz(3) NOT NULL,
        lease_until timestamptz(3) NULL,
        last_error text NULL,
        records jsonb NOT NULL,
        receipts jsonb NOT NULL,
        PRIMARY KEY (job_id, source)
      )`,
      `CREATE INDEX privacy_erasure_steps_due ON privacy_erasure_steps (next_attempt_at)
        WHERE status IN ('PENDING', 'RUNNING', 'RETRYING', 'PENDING_AT_VENDOR')`,
      `CREATE TABLE privacy_suppressions (
        hash text PRIMARY KEY,
        kind text NOT NULL,
        job_id uuid NOT NULL,
        created_at timestamptz(3) NOT NULL
      )`,
      `CREATE TABLE privacy_reappearances (
        id uuid PRIMARY KEY,
        source text NOT NULL,
        record_id text NOT NULL,
        kind text NOT NULL,
        job_id uuid NOT NULL,
        detected_at timestamptz(3) NOT NULL,
        UNIQUE (source, record_id, job_id)
      )`,
      `CREATE INDEX privacy_reappearances_newest ON privacy_reappearances (detected_at DESC, id DESC)`,
    ],
  },
];

// The text columns of the privacy tables that hold a union, parsed when read: a value outside it is a corrupt row
// and fails loudly here, rather than travel on typed as something it is not.
const StepStatus_ = z.enum(['PENDING', 'RUNNING', 'RETRYING', 'PENDING_AT_VENDOR', 'DONE', 'NOTHING_FOUND']);
const StoredJobStatus_ = z.enum(['RUNNING', 'VERIFYING', 'COMPLETED', 'COMPLETED_WITH_REMAINS', 'NOTHING_FOUND']);
const Source_ = z.custom<Source>((value) => SOURCES.some((source) => source === value), 'not a silo');
const ReappearanceKind_ = z.enum(['EMAIL', 'PHONE']);

/** Where one silo's part of an erasure stands. */
export type StepStatus = z.infer<typeof StepStatus_>;
/** Where a job stands as stored; RUNNING splits into RUNNING / PENDING_AT_VENDOR / VERIFYING when read. */
export type StoredJobStatus = z.infer<typeof StoredJobStatus_>;

/** A record of the subject in one silo and where its erasure stands (`PENDING` before the vendor was asked). */
export interface StepRecord {
  recordId: string;
  state: 'PENDING' | 'ERASED' | 'PENDING_AT_VENDOR' | 'NOT_FOUND';
}

/** A vendor answer kept against the record and the attempt that got it. */
export interface StepReceipt {
  recordId: string;
  attempt: number;
  vendor: VendorReceipt;
}

/** One silo's step. */
export interface StepRow {
  jobId: string;
  source: Source;
  status: StepStatus;
  /** The silo could not be searched when the job was made: find the subject's records there first. */
  discover: boolean;
  attempts: number;
  nextAttemptAt: string;
  leaseUntil: string | null;
  lastError: string | null;
  records: StepRecord[];
  receipts: StepReceipt[];
}

/** A weak link left for review. */
export interface ReviewLinkRow {
  source: Source;
  recordId: string;
  matchedOn: string[];
  confidence: number;
}

/** What the read-back found still held. */
export interface FindingRow {
  source: Source;
  recordId: string;
  reason: string;
}

/** One erasure job. */
export interface JobRow {
  id: string;
  status: StoredJobStatus;
  requestedBy: string;
  customerId: string | null;
  sealedKeys: string | null;
  forReview: ReviewLinkRow[];
  readBack: FindingRow[] | null;
  attempts: number;
  nextAttemptAt: string;
  leaseUntil: string | null;
  createdAt: string;
  completedAt: string | null;
}

/** A new job and its steps. */
export interface NewJob {
  id: string;
  requestedBy: string;
  customerId: string | null;
  sealedKeys: string;
  forReview: ReviewLinkRow[];
  subjectHashes: string[];
  steps: Pick<StepRow, 'source' | 'status' | 'discover' | 'records'>[];
  now: string;
}

/** A position in a newest-first list: the row's time and id. */
export interface Keyset {
  at: string;
  id: string;
}

/** A flagged reappearance. */
export interface ReappearanceRow {
  id: string;
  source: Source;
  recordId: string;
  kind: 'EMAIL' | 'PHONE';
  jobId: string;
  detectedAt: string;
}

const iso = (value: unknown) => (value === null || value === undefined ? null : new Date(value as string).toISOString());
const json = <T>(value: unknown): T => (typeof value === 'string' ? (JSON.parse(value) as T) : (value as T));

function toStep(row: Record<string, unknown>): StepRow {
  return {
    jobId: String(row.job_id),
    source: Source_.parse(row.source),
    status: StepStatus_.parse(row.status),
    discover: Boolean(row.discover),
    attempts: Number(row.attempts),
    nextAttemptAt: iso(row.next_attempt_at) as string,
    leaseUntil: iso(row.lease_until),
    lastError: (row.last_error as string | null) ?? null,
    records: json<StepRecord[]>(row.records),
    receipts: json<StepReceipt[]>(row.receipts),
  };
}

function toJob(row: Record<string, unknown>): JobRow {
  return {
    id: String(row.id),
    status: StoredJobStatus_.parse(row.status),
    requestedBy: String(row.requested_by),
    customerId: (row.customer_id as string | null) ?? null,
    sealedKeys: (row.sealed_keys as string | null) ?? null,
    forReview: json<ReviewLinkRow[]>(row.for_review),
    readBack: row.read_back === null ? null : json<FindingRow[]>(row.read_back),
    attempts: Number(row.attempts),
    nextAttemptAt: iso(row.next_attempt_at) as string,
    leaseUntil: iso(row.lease_until),
    createdAt: iso(row.created_at) as string,
    completedAt: iso(row.completed_at),
  };
}

function toReappearance(row: Record<string, unknown>): ReappearanceRow {
  return {
    id: String(row.id),
    source: Source_.parse(row.source),
    recordId: String(row.record_id),
    kind: ReappearanceKind_.parse(row.kind),
    jobId: String(row.job_id),
    detectedAt: iso(row.detected_at) as string,
  };
}

// Every replica creates jobs under this transaction-scoped lock, so two requests for one subject cannot both create.
const JOB_CREATION_LOCK = 360_360_009;
const OPEN_STEP = `status IN ('PENDING', 'RUNNING', 'RETRYING', 'PENDING_AT_VENDOR')`;

/** Erasure jobs, steps, suppression list and reappearances in PostgreSQL (or PGlite). */
export function createPrivacyStore(db: Queryable & { transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> }) {
  /** A page of a table newest first, after a keyset position. */
  async function newestFirst(table: 'privacy_erasure_jobs' | 'privacy_reappearances', at: 'created_at' | 'detected_at', first: number, after: Keyset | null) {
    const { rows } = after
      ? await db.query(`SELECT * FROM ${table} WHERE (${at}, id) < ($2::timestamptz, $3::uuid) ORDER BY ${at} DESC, id DESC LIMIT $1`, [first, after.at, after.id])
      : await db.query(`SELECT * FROM ${table} ORDER BY ${at} DESC, id DESC LIMIT $1`, [first]);
    return rows;
  }

  return {
    /** Creates the job unless one still running shares a subject hash; then returns that one's id and joined = true. */
    async createOrJoin(job: NewJob): Promise<{ id: string; joined: boolean }> {
      return db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [JOB_CREATION_LOCK]);
        const { rows } = await tx.query<{ id: string }>(
          `SELECT j.id::text AS id FROM privacy_erasure_subject_keys k JOIN privacy_erasure_jobs j ON j.id = k.job_id
           WHERE k.hash = ANY($1::text[]) AND j.status IN ('RUNNING', 'VERIFYING') ORDER BY j.created_at LIMIT 1`,
          [job.subjectHashes],
        );
        if (rows[0]) return { id: rows[0].id, joined: true };
        await tx.query(
          `INSERT INTO privacy_erasure_jobs (id, status, requested_by, customer_id, sealed_keys, for_review, next_attempt_at, created_at)
           VALUES ($1, 'RUNNING', $2, $3, $4, $5::jsonb, $6, $6)`,
          [job.id, job.requestedBy, job.customerId, job.sealedKeys, JSON.stringify(job.forReview), job.now],
        );
        await tx.query(
          `INSERT INTO privacy_erasure_subject_keys (hash, job_id) SELECT DISTINCT h, $2::uuid FROM unnest($1::text[]) AS h`,
          [job.subjectHashes, job.id],
        );
        for (const step of job.steps) {
          await tx.query(
            `INSERT INTO privacy_erasure_steps (job_id, source, status, discover, next_attempt_at, records, receipts)
             VALUES ($1, $2, $3, $4, $5, $6::jsonb, '[]'::jsonb)`,
            [job.id, step.source, step.status, step.discover, job.now, JSON.stringify(step.records)],
          );
        }
        return { id: job.id, joined: false };
      });
    },

    async job(id: string): Promise<{ job: JobRow; steps: StepRow[] } | null> {
      const { rows } = await db.query('SELECT * FROM privacy_erasure_jobs WHERE id = $1', [id]);
      if (!rows[0]) return null;
      const steps = await db.query('SELECT * FROM privacy_erasure_steps WHERE job_id = $1 ORDER BY source', [id]);
      return { job: toJob(rows[0]), steps: steps.rows.map(toStep) };
    },

    /** Jobs newest first, keyset-paged on (created_at, id). */
    async jobs(first: number, after: Keyset | null): Promise<JobRow[]> {
      return (await newestFirst('privacy_erasure_jobs', 'created_at', first, after)).map(toJob);
    },

    async stepsOf(jobIds: readonly string[]): Promise<StepRow[]> {
      if (jobIds.length === 0) return [];
      const { rows } = await db.query('SELECT * FROM privacy_erasure_steps WHERE job_id = ANY($1::uuid[]) ORDER BY source', [jobIds]);
      return rows.map(toStep);
    },

    /** Leases the step due first (a crashed holder's lease runs out), counting an attempt unless it only checks a vendor. */
    async claimStep(now: string, leaseUntil: string): Promise<StepRow | null> {
      const { rows } = await db.query(
        `UPDATE privacy_erasure_steps s
         SET lease_until = $2,
             attempts = CASE WHEN s.status = 'PENDING_AT_VENDOR' THEN s.attempts ELSE s.attempts + 1 END,
             status = CASE WHEN s.status = 'PENDING_AT_VENDOR' THEN s.status ELSE 'RUNNING' END
         WHERE (s.job_id, s.source) = (
           SELECT job_id, source FROM privacy_erasure_steps
           WHERE ${OPEN_STEP} AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until < $1)
           ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED)
         RETURNING s.*`,
        [now, leaseUntil],
      );
      return rows[0] ? toStep(rows[0]) : null;
    },

    /** Saves a step's progress while its lease is held; false when the lease was lost (another worker took over). */
    async saveStep(step: StepRow, lease: string, release: boolean): Promise<boolean> {
      const { rows } = await db.query(
        `UPDATE privacy_erasure_steps SET status = $3, next_attempt_at = $4, last_error = $5, records = $6::jsonb,
           receipts = $7::jsonb, discover = $8, lease_until = CASE WHEN $9 THEN NULL ELSE lease_until END
         WHERE job_id = $1 AND source = $2 AND lease_until = $10 RETURNING 1`,
        [step.jobId, step.source, step.status, step.nextAttemptAt, step.lastError, JSON.stringify(step.records),
          JSON.stringify(step.receipts), step.discover, release, lease],
      );
      return rows.length > 0;
    },

    /** Leases a running job whose steps have all finished, for its read-back. */
    async claimVerification(now: string, leaseUntil: string): Promise<JobRow | null> {
      const { rows } = await db.query(
        `UPDATE privacy_erasure_jobs j SET lease_until = $2, status = 'VERIFYING', attempts = j.attempts + 1
         WHERE j.id = (
           SELECT id FROM privacy_erasure_jobs x
           WHERE x.status IN ('RUNNING', 'VERIFYING') AND x.next_attempt_at <= $1 AND (x.lease_until IS NULL OR x.lease_until < $1)
             AND NOT EXISTS (SELECT 1 FROM privacy_erasure_steps s WHERE s.job_id = x.id AND s.${OPEN_STEP})
           ORDER BY x.next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED)
         RETURNING j.*`,
        [now, leaseUntil],
      );
      return rows[0] ? toJob(rows[0]) : null;
    },

    /** Puts a read-back off until `next` (a silo could not be asked), keeping the job VERIFYING. */
    async postponeVerification(id: string, lease: string, next: string): Promise<void> {
      await db.query('UPDATE privacy_erasure_jobs SET lease_until = NULL, next_attempt_at = $3 WHERE id = $1 AND lease_until = $2', [id, lease, next]);
    },

    /**
     * Ends a job: its read-back, the suppression list's keyed hashes, and the sealed keys wiped, in one transaction.
     * False when the lease was lost.
     */
    async complete(id: string, lease: string, outcome: { status: StoredJobStatus; readBack: FindingRow[]; suppress: { hash: string; kind: string }[]; now: string }): Promise<boolean> {
      return db.transaction(async (tx) => {
        const { rows } = await tx.query(
          `UPDATE privacy_erasure_jobs SET status = $3, read_back = $4::jsonb, sealed_keys = NULL, lease_until = NULL, completed_at = $5
           WHERE id = $1 AND lease_until = $2 RETURNING 1`,
          [id, lease, outcome.status, JSON.stringify(outcome.readBack), outcome.now],
        );
        if (rows.length === 0) return false;
        for (const { hash, kind } of outcome.suppress) {
          await tx.query(
            `INSERT INTO privacy_suppressions (hash, kind, job_id, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (hash) DO UPDATE SET job_id = EXCLUDED.job_id, created_at = EXCLUDED.created_at`,
            [hash, kind, id, outcome.now],
          );
        }
        return true;
      });
    },

    /** The suppression entries among `hashes`: hash → the erasure job that put it there. */
    async suppressed(hashes: readonly string[]): Promise<Map<string, { kind: string; jobId: string }>> {
      if (hashes.length === 0) return new Map();
      const { rows } = await db.query<{ hash: string; kind: string; job_id: string }>(
        'SELECT hash, kind, job_id::text AS job_id FROM privacy_suppressions WHERE hash = ANY($1::text[])',
        [hashes],
      );
      return new Map(rows.map((r) => [r.hash, { kind: r.kind, jobId: r.job_id }]));
    },

    /** Flags a reappearance once per record and job; true when it is new. */
    async flagReappearance(row: ReappearanceRow): Promise<boolean> {
      const { rows } = await db.query(
        `INSERT INTO privacy_reappearances (id, source, record_id, kind, job_id, detected_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (source, record_id, job_id) DO NOTHING RETURNING 1`,
        [row.id, row.source, row.recordId, row.kind, row.jobId, row.detectedAt],
      );
      return rows.length > 0;
    },

    /** Reappearances newest first, keyset-paged on (detected_at, id). */
    async reappearances(first: number, after: Keyset | null): Promise<ReappearanceRow[]> {
      return (await newestFirst('privacy_reappearances', 'detected_at', first, after)).map(toReappearance);
    },
  };
}

/** The privacy store's operations. */
export type PrivacyStore = ReturnType<typeof createPrivacyStore>;
