// @ts-check
// `npm start`: bundles src/main.ts with esbuild (only when a source changed since the last bundle) and runs the
// bundle on plain Node. tsx would transpile every module on every start and keep its loader in the gateway and in
// each of its workers; a bundle is one file to parse. Plain JavaScript, because it runs before any build.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, '.data', 'start');
const INPUTS = join(OUT, 'inputs.json');
const SELF = fileURLToPath(import.meta.url);

/** The bundle's entries: the gateway, and the two the embedded database runs in (see src/audit/pglite-entry-urls.ts). */
const ENTRIES = {
  main: 'src/main.ts',
  'pglite-worker': 'src/audit/pglite-worker.ts',
  'pglite-initdb': 'src/audit/pglite-initdb.ts',
};

/**
 * Source files resolve data files beside themselves (`new URL('../../schema/', import.meta.url)`): in the bundle,
 * each file's `import.meta.url` becomes its own source location, relative to the bundle so the checkout may move.
 * The module naming the embedded database's entries points at their bundled copies beside the bundle instead.
 * @type {esbuild.Plugin}
 */
const sourceLocations = {
  name: 'source-locations',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, ({ path }) => {
      const text = readFileSync(path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      if (path.endsWith(`${sep}pglite-entry-urls.ts`)) {
        return { contents: text.replace(/'\.\/(pglite-[a-z]+)\.ts'/g, "'./$1.mjs'"), loader: 'ts' };
      }
      const source = relative(OUT, path).split(sep).join('/');
      return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(source)}, import.meta.url).href`), loader: 'ts' };
    });
  },
};

/** True when the last bundle is newer than every source it was built from, and than this script. */
function isFresh() {
  try {
    /** @type {string[]} */
    const inputs = JSON.parse(readFileSync(INPUTS, 'utf8'));
    const built = Math.min(...Object.keys(ENTRIES).map((name) => statSync(join(OUT, `${name}.mjs`)).mtimeMs));
    return [SELF, ...inputs.map((file) => join(ROOT, file))].every((file) => statSync(file).mtimeMs < built);
  } catch {
    return false; // no bundle yet, or an input is gone
  }
}

/** Writes `text` to `path` through a temporary file: a gateway starting meanwhile never reads half a bundle. */
function writeAtomically(path, text) {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

async function build() {
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outdir: OUT,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Packages stay outside: bundling them too saved ~0.4 s of CPU per start but made the first build (a fresh
    // clone's first start) 4-5 times longer on a busy machine, and needs shims for bundled CommonJS.
    packages: 'external',
    sourcemap: 'linked',
    metafile: true,
    write: false,
    logLevel: 'warning',
    plugins: [sourceLocations],
  });
  mkdirSync(OUT, { recursive: true });
  for (const file of result.outputFiles) writeAtomically(file.path, file.contents);
  // The sources only: packages are imported from node_modules at run time.
  writeAtomically(INPUTS, JSON.stringify(Object.keys(result.metafile.inputs)));
  await esbuild.stop();
}

if (!isFresh()) await build();
await import(pathToFileURL(join(OUT, 'main.mjs')).href);
