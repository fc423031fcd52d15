import type { AuditDatabase, Migration } from '../audit/index.js';
import { migrate } from '../audit/index.js';
import type { Logger } from '../logging/index.js';

/** Runs `tick` every `ms` until the returned function is called (injected in tests: no wall-clock waits). */
export type Every = (ms: number, tick: () => void) => () => void;

/** `setInterval`, unref'd so a schedule never keeps the process alive. */
export const every: Every = (ms, tick) => {
  const timer = setInterval(tick, ms);
  timer.unref();
  return () => clearInterval(timer);
};

/** A job whose runs go one after another, never two at once; a failed run does not stop the next. */
export function serialised<A extends unknown[], R>(run: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  let queue: Promise<unknown> = Promise.resolve();
  return (...args: A) => {
    const next = queue.then(() => run(...args));
    queue = next.catch(() => {});
    return next;
  };
}

/** Starts `run` every `intervalSeconds` (none when 0), logging a failed run as `what`; the returned function stops it. */
export function schedule(intervalSeconds: number, run: () => Promise<unknown>, { logger, what, every: tick = every }: { logger: Logger; what: string; every?: Every | undefined }): () => void {
  if (intervalSeconds <= 0) return () => {};
  return tick(intervalSeconds * 1000, () => {
    run().catch((error: unknown) => logger.warn({ reason: error instanceof Error ? error.name : 'unknown' }, `scheduled ${what} failed`));
  });
}

/** Migrates `component`'s table on first use, and again after a failure, so a database that is away delays only that job. */
export function migratedOnce(database: AuditDatabase, component: string, migrations: readonly Migration[]): () => Promise<unknown> {
  let migrated: Promise<unknown> | null = null;
  return () => (migrated ??= migrate(database, component, migrations).catch((error: unknown) => {
    migrated = null;
    throw error;
  }));
}
