// The entry files of the two other threads of execution the embedded database runs in. Beside this file they are
// TypeScript (run through tsx); the start-up bundle (scripts/build-start.ts) replaces this module with one naming
// its own built copies, beside the bundle.

/** The worker thread that hosts PGlite (pglite-worker.ts). */
export const PGLITE_WORKER_ENTRY = new URL('./pglite-worker.ts', import.meta.url);
/** The child process that initialises the template cluster (pglite-initdb.ts). */
export const PGLITE_INITDB_ENTRY = new URL('./pglite-initdb.ts', import.meta.url);
