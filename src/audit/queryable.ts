/** Runs one SQL statement; `$1…` placeholders, rows as plain objects. */
export interface Queryable {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

/** The one database surface the audit store is written against: PostgreSQL (`pg`) or embedded PGlite. */
export interface AuditDatabase extends Queryable {
  /** Runs `work` in one transaction on one connection; rolls back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /**
   * True for the embedded database, which opens beside the gateway (its queries wait until it is up): start-up
   * need not wait for it, and a failure to open shows as an outage, as a PostgreSQL that is away does.
   */
  readonly opensInBackground?: boolean;
  /**
   * CPU milliseconds the database's own thread has used since it opened (the embedded worker's); absent for a
   * server in its own process, whose work the gateway does not pay for.
   */
  cpuMs?(): number;
  /**
   * The embedded database's memory in bytes as of its latest reply: its worker's V8 heap in use and PGlite's
   * WebAssembly memory (null while it opens); null before any reply. Absent for a server in its own process.
   */
  memoryBytes?(): DatabaseMemory | null;
}

/** An embedded database's memory, in bytes. */
export interface DatabaseMemory {
  /** Its worker thread's V8 heap in use. */
  heap: number;
  /** Its WebAssembly memory (which never shrinks); null while it opens. */
  webAssembly: number | null;
}
