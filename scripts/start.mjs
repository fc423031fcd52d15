// @ts-check
// `npm start`: bundles src/main.ts with esbuild (only when a source changed since the last bundle) and runs the
// bundle on plain Node. tsx would transpile every module on every start, and keep a loader and an esbuild
// process beside the gateway; a bundle is one file to parse. Plain JavaScript, because it runs before any build.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, '.data', 'start');
const INPUTS = join(OUT, 'inputs.json');
const SELF = fileURLToPath(import.meta.url);

const BANNER = [
  "import { createRequire as __createRequire } from 'node:module';",
  "import { fileURLToPath as __fileURLToPath } from 'node:url';",
  'const require = __createRequire(import.meta.url);',
  'const __filename = __fileURLToPath(import.meta.url);',
  "const __dirname = __fileURLToPath(new URL('.', import.meta.url));",
].join(' ');

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

// npm gives every installed file the same old mtime, so packages are judged by the lockfile npm rewrites on each
// install (node_modules/.package-lock.json) and by package-lock.json, not file by file.
const INSTALLED = [SELF, join(ROOT, 'package-lock.json'), join(ROOT, 'node_modules', '.package-lock.json')];
const isPackageFile = (/** @type {string} */ file) => file.split(/[\\/]/).includes('node_modules');

/** True when the last bundle is newer than every source it was built from, the installed packages and this script. */
function isFresh() {
  try {
    /** @type {string[]} */
    const inputs = JSON.parse(readFileSync(INPUTS, 'utf8'));
    const built = Math.min(...Object.keys(ENTRIES).map((name) => statSync(join(OUT, `${name}.mjs`)).mtimeMs));
    return [...INSTALLED, ...inputs.map((file) => join(ROOT, file))].every((file) => statSync(file).mtimeMs < built);
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
    // Packages are bundled too: resolving and compiling some 2 000 CommonJS files took about as long as the rest of
    // start-up. PGlite stays outside (its worker loads its WebAssembly beside its own files), as does pg's optional
    // native binding. The banner gives bundled CommonJS the require, __filename and __dirname it expects.
    external: ['@electric-sql/pglite', 'pg-native'],
    banner: { js: BANNER },
    sourcemap: 'linked',
    metafile: true,
    write: false,
    logLevel: 'warning',
    plugins: [sourceLocations],
  });
  mkdirSync(OUT, { recursive: true });
  for (const file of result.outputFiles) writeAtomically(file.path, file.contents);
  writeAtomically(INPUTS, JSON.stringify(Object.keys(result.metafile.inputs).filter((file) => !isPackageFile(file))));
  await esbuild.stop();
}

if (!isFresh()) await build();
await import(pathToFileURL(join(OUT, 'main.mjs')).href);
