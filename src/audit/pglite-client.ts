import type { Worker } from 'node:worker_threads';
import type { AuditDatabase, Queryable } from './queryable.js';
import { guard } from './database-error.js';
import { startEntryWorker } from './entry-runner.js';
import { PGLITE_WORKER_ENTRY } from './pglite-entry-urls.js';
import type { PgliteMemory, PgliteReply, PgliteRequest, PgliteWorkerData } from './pglite-protocol.js';

type Pending = { resolve(rows: unknown[]): void; reject(error: Error): void };
// Distributes Omit over the union, so each request kind keeps its own fields.
type Unnumbered<T> = T extends unknown ? Omit<T, 'id'> : never;

/** An Error carrying PGlite's SQLSTATE, for guard() to turn into an AuditDatabaseError. */
const failure = (message: string, code?: string) => Object.assign(new Error(message), { code });

/** How the embedded database's worker thread is sized. */
export interface PgliteOptions {
  /**
   * The worker's V8 young generation, in MB: its JavaScript only relays messages (the database's own memory is
   * WebAssembly's), so a small one serves it; Node's default (48 MB on 64-bit) costs some 10 MB more RSS.
   */
  youngGenerationMb: number;
}

/**
 * PGlite in a worker thread (pglite-worker.ts), behind the AuditDatabase interface: every query is a message and
 * its reply. Returns at once; requests sent while the worker still opens (or first makes) the cluster wait there,
 * so the gateway can listen meanwhile. A worker that fails or has been closed answers like an unreachable server
 * (no SQLSTATE), so the audit trail queues and retries as it does for PostgreSQL.
 */
export function openPglite(dir: string, { youngGenerationMb }: PgliteOptions): AuditDatabase {
  const worker: Worker = startEntryWorker(PGLITE_WORKER_ENTRY, { dir } satisfies PgliteWorkerData, { maxYoungGenerationSizeMb: youngGenerationMb });
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let stopped: Error | null = null;
  let closing: Promise<void> | undefined;

  // The worker keeps the process alive only while a reply is awaited, as a socket with a query in flight would.
  const holdWhileBusy = () => (pending.size > 0 ? worker.ref() : worker.unref());
  holdWhileBusy();

  const stop = (reason: Error) => {
    stopped ??= reason;
    for (const { reject } of pending.values()) reject(stopped);
    pending.clear();
    holdWhileBusy();
  };
  let workerCpuMs = 0;
  let workerMemory: PgliteMemory | null = null;
  worker.on('message', (reply: PgliteReply) => {
    workerCpuMs = reply.cpuMs;
    workerMemory = reply.memory;
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    pending.delete(reply.id);
    holdWhileBusy();
    if ('error' in reply) waiting.reject(failure(reply.error.message, reply.error.code));
    else waiting.resolve(reply.rows);
  });
  worker.on('error', (error) => stop(failure(`embedded database stopped: ${error.message}`)));
  worker.on('exit', () => stop(failure('embedded database closed')));

  const send = (request: Unnumbered<PgliteRequest>, id = nextId++): Promise<unknown[]> =>
    guard([], () => {
      if (stopped) return Promise.reject(stopped);
      return new Promise<unknown[]>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        holdWhileBusy();
        worker.postMessage({ ...request, id } as PgliteRequest);
      });
    });
  const on = (tx: number | null): Queryable => ({
    query: async <R>(text: string, params?: unknown[]) => ({ rows: (await send({ kind: 'query', text, params, tx })) as R[] }),
  });

  return {
    ...on(null),
    opensInBackground: true,
    // As of the worker's latest reply: every query it runs is answered, so nothing it spent goes unreported for long.
    cpuMs: () => workerCpuMs,
    memoryBytes: () => (workerMemory ? { heap: workerMemory.heapBytes, webAssembly: workerMemory.webAssemblyBytes } : null),
    async transaction(work) {
      const tx = nextId++;
      await send({ kind: 'begin' }, tx);
      let result;
      try {
        result = await work(on(tx));
      } catch (error) {
        await send({ kind: 'end', tx, commit: false }).catch(() => {});
        throw error;
      }
      await send({ kind: 'end', tx, commit: true });
      return result;
    },
    close: () =>
      (closing ??= (async () => {
        if (!stopped) await send({ kind: 'close' }).catch(() => {});
        stop(failure('embedded database closed'));
        await worker.terminate();
      })()),
  };
}
