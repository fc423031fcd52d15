import { PGlite } from '@electric-sql/pglite';

// A child process of its own: initdb leaves PGlite holding some 800 MB that a worker thread's exit does not give
// back to the process, so the gateway never runs it itself (pglite-cluster.ts copies the cluster this makes).
const dir = process.argv[2];
if (!dir) {
  console.error('usage: pglite-initdb <empty directory>');
  process.exit(2);
}
const db = await PGlite.create(dir);
await db.close();
