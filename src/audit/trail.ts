import { z } from 'zod';
import { openAuditDatabase } from './database.js';
import type { AuditDatabaseError } from './database-error.js';
import type { AuditDatabase } from './queryable.js';
import { checkPage, createEventClock, parseCursor } from './event-key.js';
import { migrate } from './migrations.js';
import { createRequestAudit } from './request-audit.js';
import { insertEvents, selectEvents } from './store.js';
import type { AuditTrail } from './types.js';
import { createWriteQueue, type AuditLogger } from './write-queue.js';

/** How to create the audit trail. Without `databaseUrl`, PGlite persists in `${dataDir}/audit-pglite`. */
export interface AuditTrailOptions {
  databaseUrl?: string;
  dataDir: string;
  /** Events per INSERT; a full batch is written at once. Default 200. */
  batchSize?: number;
  /**
   * Customer ids per INSERT, summed over its events (each is a row of the per-customer index); a batch ends at this
   * bound or at `batchSize`, whichever comes first. Default 2000.
   */
  batchMaxCustomerIds?: number;
  /** Longest an event waits in memory while the database is up. Default 250 ms. */
  flushIntervalMs?: number;
  /** Queue length at which accepting() turns false. Default 10 000. */
  maxQueued?: number;
  /** Cap of the retry backoff while the database is away. Default 5 000 ms. */
  maxRetryDelayMs?: number;
  /** How long close() keeps trying to write what is queued. Default 5 000 ms. */
  closeTimeoutMs?: number;
  logger?: AuditLogger;
  /** An already-open database to use instead of `databaseUrl` / `dataDir`; the trail closes it. A seam for tests. */
  database?: AuditDatabase;
}

const Tuning = z.object({
  batchSize: z.number().int().min(1).max(5_000).default(200),
  batchMaxCustomerIds: z.number().int().min(1).default(2_000),
  flushIntervalMs: z.number().int().min(1).default(250),
  maxQueued: z.number().int().min(1).default(10_000),
  maxRetryDelayMs: z.number().int().min(1).default(5_000),
  closeTimeoutMs: z.number().int().min(0).default(5_000),
});

const silent: AuditLogger = { info() {}, warn() {}, error() {} };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** `work`'s result, or `fallback` after `ms`; the timer is cleared either way so it never holds the process. */
async function within<T>(work: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(fallback), Math.max(0, ms))));
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

// Failures that mean "not reachable now": a socket error, SQLSTATE class 08 (connection), 53 (resources),
// 57P (shutdown, starting up), or no code at all (a dropped connection, a closed PGlite). Anything else at
// start-up (wrong password, missing database, a bad URL) is a misconfiguration and fails fast.
const isUnreachable = ({ reason }: AuditDatabaseError) =>
  reason === undefined || /^(ECONN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|EPIPE|08|53|57P)/.test(reason);

/**
 * Opens the database, applies migrations and starts the writer. When the database is unreachable the trail still
 * starts (status down, events queue) and migrates once it answers; any other start-up failure throws.
 *
 * Accept/refuse rule: accepting() is false once `maxQueued` events wait (or the trail is closing). The gateway
 * checks it before a request reads personal data and refuses that read with AUDIT_UNAVAILABLE. commit() never
 * refuses: a request admitted earlier always gets its event queued, even past the bound, so the queue can exceed
 * `maxQueued` by at most the requests in flight, and no served read goes unrecorded. Events are only ever lost
 * when close() gives up after closeTimeoutMs or commit() comes after close(); both are logged with the count.
 */
export async function createAuditTrail(options: AuditTrailOptions): Promise<AuditTrail> {
  const parsed = Tuning.safeParse(options);
  if (!parsed.success) throw new RangeError(`audit trail options: ${z.prettifyError(parsed.error)}`);
  const tuning = parsed.data;
  const logger = options.logger ?? silent;
  const db = options.database ?? (await openAuditDatabase(options));

  let migrated = false;
  let migrating: Promise<void> | null = null;
  // One migration at a time (start-up, the writer and reads may all ask); retried after a failure.
  const ensureSchema = (): Promise<void> =>
    migrated ? Promise.resolve() : (migrating ??= migrate(db).then(
      () => void (migrated = true),
      (error: unknown) => {
        migrating = null;
        throw error;
      },
    ));
  const unreachableAtStart = (error: unknown) => {
    const { reason, message } = error as AuditDatabaseError;
    logger.warn({ reason, error: message }, 'audit database unreachable at start-up: events queue until it answers');
  };
  if (db.opensInBackground) {
    // The embedded database opens beside the gateway: events queue meanwhile and the writer waits for the schema.
    ensureSchema().catch(unreachableAtStart);
  } else {
    try {
      await ensureSchema();
    } catch (error) {
      if (!isUnreachable(error as AuditDatabaseError)) {
        await db.close().catch(() => {});
        throw error;
      }
      unreachableAtStart(error);
    }
  }

  // The trail's own time on the event loop: what commit() and each batch's preparation and hand-over cost (the
  // synchronous part of insertEvents, up to the query being sent). Waiting for the database is not counted.
  let eventLoopMs = 0;
  const timed = <T>(work: () => T): T => {
    const started = performance.now();
    try {
      return work();
    } finally {
      eventLoopMs += performance.now() - started;
    }
  };
  const queue = createWriteQueue({
    ...tuning,
    logger,
    databaseUp: migrated || db.opensInBackground === true,
    write: async (batch) => {
      await ensureSchema();
      await timed(() => insertEvents(db, batch));
    },
  });
  const nextKey = createEventClock();
  let state: 'open' | 'closing' | 'closed' = 'open';
  let closing: Promise<void> | undefined;

  async function shutdown(): Promise<void> {
    state = 'closing';
    queue.stop();
    const deadline = Date.now() + tuning.closeTimeoutMs;
    const timeLeft = () => deadline - Date.now();
    while (queue.status().queued > 0 && timeLeft() > 0) {
      const written = await within(queue.flush().then(() => true, () => false), timeLeft(), false);
      if (!written) await sleep(Math.min(queue.retryDelay(), timeLeft()));
    }
    const { queued } = queue.status();
    if (queued > 0) logger.error({ unwritten: queued }, 'audit events could not be written before shutdown');
    state = 'closed';
    // A migration under way (the embedded database migrates in the background) ends before the database closes,
    // so no restart finds it half done; it always settles: the database answers, or fails and its query times out.
    await migrating?.catch(() => {});
    await within(db.close().catch(() => {}), tuning.closeTimeoutMs, undefined);
  }

  return {
    accepting: () => state === 'open' && queue.belowBound(),
    begin(principal) {
      const audit = createRequestAudit(principal, nextKey, (event) => {
        if (state !== 'closed') return queue.push(event);
        logger.error({ unwritten: 1 }, 'audit event committed after close: not recorded');
      });
      return { note: audit.note, commit: (operationName) => timed(() => audit.commit(operationName)) };
    },
    record({ sub, roles = [], action, outcome, customerIds, categories = { PRIVACY_OPERATIONS: 'ALLOWED' } }) {
      const event = { ...nextKey(), sub, roles, operationName: null, customerIds, categories, action, outcome };
      if (state !== 'closed') return queue.push(event);
      logger.error({ unwritten: 1 }, 'audit event recorded after close: not recorded');
    },
    async eventsFor(customerId, first, after) {
      checkPage(customerId, first);
      const key = after === null ? null : parseCursor(after);
      // Read your writes: events still in memory are written first (failing that, the read reports the outage).
      await queue.flush().catch(() => {});
      await ensureSchema();
      return selectEvents(db, customerId, first, key);
    },
    flush: () => queue.flush(),
    close: () => (closing ??= shutdown()),
    status: () => queue.status(),
    cpuMs: () => ({ eventLoop: eventLoopMs, database: db.cpuMs?.() ?? null }),
    databaseMemoryBytes: () => db.memoryBytes?.() ?? null,
  };
}
