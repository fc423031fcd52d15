import type { AuditDatabaseError } from './database-error.js';
import type { AuditEvent } from './types.js';

/** Where the audit trail reports state changes; pino's logger fits. Never given values or credentials. */
export interface AuditLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** How the queue writes and paces itself. */
export interface WriteQueueOptions {
  write(batch: readonly AuditEvent[]): Promise<void>;
  batchSize: number;
  /** Customer ids per batch, summed over its events (each is an index row): a batch ends at whichever bound comes first. */
  batchMaxCustomerIds: number;
  flushIntervalMs: number;
  maxQueued: number;
  maxRetryDelayMs: number;
  logger: AuditLogger;
  databaseUp: boolean;
}

/** The in-memory queue between commit() and the database: one writer, batches, backoff while the database is away. */
export interface WriteQueue {
  push(event: AuditEvent): void;
  /** True while fewer than maxQueued events wait. */
  belowBound(): boolean;
  /** Resolves once every event queued before the call is written; rejects when a write fails. */
  flush(): Promise<void>;
  /** Stops the timer: from now on only flush() writes. */
  stop(): void;
  retryDelay(): number;
  status(): { database: 'up' | 'down'; queued: number };
}

const countIds = (events: readonly AuditEvent[]) => events.reduce((n, e) => n + e.customerIds.length, 0);

/**
 * The events the next batch writes: the queue's first, up to `maxEvents` and, after the first, as long as their
 * customer ids stay within `maxIds`. A BI page's event names 100 customers; 200 of them in one statement made the
 * embedded database's WebAssembly memory, which never shrinks, some 40 MB larger than batches of 20 did.
 */
function nextBatch(queue: readonly AuditEvent[], maxEvents: number, maxIds: number): AuditEvent[] {
  let ids = 0;
  let end = 0;
  while (end < Math.min(queue.length, maxEvents)) {
    ids += (queue[end] as AuditEvent).customerIds.length;
    if (end > 0 && ids > maxIds) break;
    end += 1;
  }
  return queue.slice(0, end);
}

/** Creates the queue; batches leave every flushIntervalMs, at once when batchSize is reached, with backoff after a failure. */
export function createWriteQueue(options: WriteQueueOptions): WriteQueue {
  const { batchSize, batchMaxCustomerIds, flushIntervalMs, maxQueued, maxRetryDelayMs, logger } = options;
  const queue: AuditEvent[] = [];
  // Customer ids of the queued events: a full batch leaves at once by either bound.
  let queuedIds = 0;
  let queuedTotal = 0;
  let writtenTotal = 0;
  let databaseUp = options.databaseUp;
  let failures = 0;
  let wasBelowBound = true;
  let writing: Promise<void> | null = null;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const batchFull = () => queue.length >= batchSize || queuedIds >= batchMaxCustomerIds;
  const retryDelay = () => Math.min(maxRetryDelayMs, flushIntervalMs * 2 ** failures) * (0.5 + Math.random() / 2);

  function noteBound(): void {
    const below = queue.length < maxQueued;
    if (below === wasBelowBound) return;
    wasBelowBound = below;
    if (below) logger.info({ queued: queue.length, maxQueued }, 'audit queue below its bound again: reads of personal data resume');
    else logger.warn({ queued: queue.length, maxQueued }, 'audit queue full: new reads of personal data are refused until it drains');
  }

  async function writeAll(): Promise<void> {
    try {
      while (queue.length > 0) {
        const batch = nextBatch(queue, batchSize, batchMaxCustomerIds);
        await options.write(batch);
        queue.splice(0, batch.length);
        queuedIds -= countIds(batch);
        writtenTotal += batch.length;
        if (!databaseUp) logger.info({ queued: queue.length }, 'audit database reachable again: writing queued events');
        databaseUp = true;
        failures = 0;
        noteBound();
      }
    } catch (error) {
      failures += 1;
      if (databaseUp) {
        const { reason, message } = error as AuditDatabaseError;
        logger.warn({ reason, error: message, queued: queue.length }, 'audit database unreachable: events stay queued in memory');
      }
      databaseUp = false;
      schedule(retryDelay());
      throw error;
    }
  }

  // One writer at a time; `.finally` runs after the assignment even when writeAll settles at once.
  const drain = (): Promise<void> => (writing ??= writeAll().finally(() => (writing = null)));

  function schedule(delayMs: number): void {
    if (timer || stopped) return;
    timer = setTimeout(() => {
      timer = undefined;
      // A failed drain has already scheduled its retry.
      drain().then(() => queue.length > 0 && schedule(batchFull() ? 0 : flushIntervalMs), () => {});
    }, delayMs);
    timer.unref();
  }

  return {
    push(event) {
      queue.push(event);
      queuedIds += event.customerIds.length;
      queuedTotal += 1;
      noteBound();
      if (failures > 0) return schedule(retryDelay()); // a retry is (normally) already pending: keep its backoff
      if (batchFull()) {
        clearTimeout(timer);
        timer = undefined;
        return schedule(0);
      }
      schedule(flushIntervalMs);
    },
    belowBound: () => queue.length < maxQueued,
    async flush() {
      const target = queuedTotal;
      while (writtenTotal < target) await drain();
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
    },
    retryDelay,
    status: () => ({ database: databaseUp ? 'up' : 'down', queued: queue.length }),
  };
}
