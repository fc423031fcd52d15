import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { UnreachableCaseError } from '../model/index.js';
import { prepareCluster } from './pglite-cluster.js';
import type { PgliteReply, PgliteRequest, PgliteWorkerData } from './pglite-protocol.js';

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

const opening = prepareCluster(dir).then(() => PGlite.create(dir, { startParams: START_PARAMS }));
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

async function handle(request: PgliteRequest): Promise<unknown[]> {
  const db = await opening;
  switch (request.kind) {
    case 'query': {
      const on = request.tx === null ? db : open.get(request.tx)?.tx;
      if (!on) throw new Error(`no open transaction ${request.tx}`);
      return (await on.query(request.text, request.params)).rows;
    }
    case 'begin':
      await begin(db, request.id);
      return [];
    case 'end': {
      const transaction = open.get(request.tx);
      if (!transaction) throw new Error(`no open transaction ${request.tx}`);
      open.delete(request.tx);
      transaction.finish(request.commit);
      await transaction.settled.catch((error: unknown) => {
        if (!(error instanceof RollBack)) throw error;
      });
      return [];
    }
    case 'close':
      if (!db.closed) await db.close();
      return [];
    default:
      throw new UnreachableCaseError(request);
  }
}

port.on('message', (request: PgliteRequest) => {
  handle(request).then(
    (rows) => port.postMessage({ id: request.id, rows } satisfies PgliteReply),
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      const code = (error as { code?: unknown } | null)?.code;
      port.postMessage({ id: request.id, error: { message, code: typeof code === 'string' ? code : undefined } } satisfies PgliteReply);
    },
  );
});
