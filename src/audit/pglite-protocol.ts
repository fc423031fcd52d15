/** What the gateway asks of the worker hosting PGlite (pglite-worker.ts); `id` pairs each request with its reply. */
export type PgliteRequest =
  /** One statement, inside transaction `tx` when set. */
  | { id: number; kind: 'query'; text: string; params: unknown[] | undefined; tx: number | null }
  /** Opens a transaction; its id is this request's id. */
  | { id: number; kind: 'begin' }
  /** Commits or rolls back transaction `tx`. */
  | { id: number; kind: 'end'; tx: number; commit: boolean }
  /** Closes the database; the worker is stopped after the reply. */
  | { id: number; kind: 'close' };

/**
 * The worker's answer to one request: rows, or the error PGlite raised (message and SQLSTATE only), with the CPU
 * milliseconds the worker's thread has used so far.
 */
export type PgliteReply =
  | { id: number; cpuMs: number; rows: unknown[] }
  | { id: number; cpuMs: number; error: { message: string; code: string | undefined } };

/** What the worker is started with. */
export interface PgliteWorkerData {
  /** The cluster directory to open (made from the template when absent). */
  dir: string;
}
