import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// graphql 16 ships CommonJS and ESM builds without an "exports" map: Node gives Apollo and graphql-tools the
// CommonJS one, Vite would give our sources the ESM one, and the two refuse each other's schemas and errors.
// Pin every import of graphql to the build Node resolves, as it is at run time.
const graphql = createRequire(import.meta.url).resolve('graphql');

export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphql }] },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One process per worker runs file after file: the sandboxes, Apollo and faker are imported once per worker
    // rather than once per file (most of the suite's time). Suites share no module state that outlives them.
    poolOptions: { forks: { isolate: false } },
  },
});
