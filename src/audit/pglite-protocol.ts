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

/** The worker's memory as of a reply, in bytes: counts only, nothing a query carried. */
export interface PgliteMemory {
  /** The worker's own V8 heap in use (its JavaScript: PGlite's wrapper and the message relay). */
  heapBytes: number;
  /** PGlite's WebAssembly memory (PostgreSQL's whole address space, which never shrinks); null until it is open. */
  webAssemblyBytes: number | null;
}

/**
 * The worker's answer to one request: rows, or the error PGlite raised (message and SQLSTATE only), with the CPU
 * milliseconds the worker's thread has used so far and its memory.
 */
export type PgliteReply =
  | { id: number; cpuMs: number; memory: PgliteMemory; rows: unknown[] }
  | { id: number; cpuMs: number; memory: PgliteMemory; error: { message: string; code: string | undefined } };

/** What the worker is started with. */
export interface PgliteWorkerData {
  /** The cluster directory to open (made from the template when absent). */
  dir: string;
}
