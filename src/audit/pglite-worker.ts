import { readFileSync } from 'node:fs';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { prepareCluster } from './pglite-cluster.js';
import type { PgliteMemory, PgliteReply, PgliteRequest, PgliteWorkerData } from './pglite-protocol.js';

// The worker thread that hosts the embedded database: PGlite's WebAssembly PostgreSQL, its parsing and its writes
// run here, never on the gateway's event loop. Requests come from pglite-client.ts; each gets one reply.

/**
 * 8 MB of shared buffers instead of PostgreSQL's 128 MB: the audit trail appends and pages by an index, so a
 * small buffer pool serves it, and PGlite's WebAssembly memory holds every buffer it touches (it is a large share
 * of the process's RSS).
 */
const START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=8MB'];

const port = parentPort;
if (!port) throw new Error('pglite-worker runs only as a worker thread');
const { dir } = workerData as PgliteWorkerData;

// PGlite's 9 MB WebAssembly module compiled by Liftoff only: V8's optimising tier would add ~50 MB of RSS and
// seconds of background compilation for no measurable gain on the audit trail's batched writes (about the same CPU
// per event either way). The flag is process-wide but only concerns WebAssembly (the gateway's HTTP server and
// client parse natively); it is set before PGlite compiles its module, when the database is created below.
setFlagsFromString('--liftoff-only');

/** The database once open, for memory(). */
let opened: PGlite | null = null;
const opening = prepareCluster(dir)
  .then(() => PGlite.create(dir, { startParams: START_PARAMS }))
  .then((db) => (opened = db));
// A failure to open is reported to every request that needs the database.
opening.catch(() => {});

/** Open transactions: the one PGlite connection is held by each until its `end` arrives. */
const open = new Map<number, { tx: Transaction; finish(commit: boolean): void; settled: Promise<unknown> }>();

/** Thrown into a transaction's callback to make PGlite roll it back. */
class RollBack extends Error {}

function begin(db: PGlite, id: number): Promise<void> {
  return new Promise((entered, failed) => {
    const settled = db.transaction(
      (tx) =>
        new Promise<void>((commit, rollBack) => {
          open.set(id, { tx, settled, finish: (ok) => (ok ? commit() : rollBack(new RollBack())) });
          entered();
        }),
    );
    settled.catch(failed);
  });
}

type Handlers = { [K in PgliteRequest['kind']]: (db: PGlite, request: Extract<PgliteRequest, { kind: K }>) => Promise<unknown[]> };

// One handler per request kind: the mapped type fails the type check when a kind has none.
const handlers: Handlers = {
  async query(db, { text, params, tx }) {
    const on = tx === null ? db : open.get(tx)?.tx;
    if (!on) throw new Error(`no open transaction ${tx}`);
    return (await on.query(text, params)).rows;
  },
  async begin(db, { id }) {
    await begin(db, id);
    return [];
  },
  async end(_db, { tx, commit }) {
    const transaction = open.get(tx);
    if (!transaction) throw new Error(`no open transaction ${tx}`);
    open.delete(tx);
    transaction.finish(commit);
    await transaction.settled.catch((error: unknown) => {
      if (!(error instanceof RollBack)) throw error;
    });
    return [];
  },
  async close(db) {
    if (!db.closed) await db.close();
    return [];
  },
};

async function handle(request: PgliteRequest): Promise<unknown[]> {
  const db = await opening;
  const handler = handlers[request.kind] as (db: PGlite, request: PgliteRequest) => Promise<unknown[]>;
  return handler(db, request);
}

/**
 * This thread's CPU time in ms, for the gateway's audit metrics: Node's own per-thread figure where it has one
 * (Node ≥ 23.9), else Linux's for this thread (utime + stime, in 10 ms clock ticks), else the event loop's active time.
 */
function threadCpuMs(): number {
  const threadCpuUsage = (process as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage;
  if (threadCpuUsage) {
    const { user, system } = threadCpuUsage();
    return (user + system) / 1000;
  }
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return performance.eventLoopUtilization().active;
  }
}

/** This thread's V8 heap in use and PGlite's WebAssembly memory, for the gateway's metrics. */
function memory(): PgliteMemory {
  const webAssembly = opened && !opened.closed ? opened.Module.wasmMemory.buffer.byteLength : null;
  return { heapBytes: getHeapStatistics().used_heap_size, webAssemblyBytes: webAssembly };
}

port.on('message', (request: PgliteRequest) => {
  handle(request).then(
    (rows) => port.postMessage({ id: request.id, cpuMs: threadCpuMs(), memory: memory(), rows } satisfies PgliteReply),
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      const code = (error as { code?: unknown } | null)?.code;
      port.postMessage({ id: request.id, cpuMs: threadCpuMs(), memory: memory(), error: { message, code: typeof code === 'string' ? code : undefined } } satisfies PgliteReply);
    },
  );
});
