import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ENTRY = fileURLToPath(new URL('../../../web/explorer/main.ts', import.meta.url));

/** The explorer's browser bundle: one script and one stylesheet, fonts inlined, nothing fetched from elsewhere. */
export interface ExplorerBundle {
  js: string;
  css: string;
}

/**
 * Bundles GraphiQL, React and the explorer's page script with esbuild from the project's own node_modules, into
 * memory, on first use: `npm start` does not wait for it, and nothing built is written or committed. Later calls
 * share the one build; a failed build is tried again on the next call.
 */
export function createExplorerAssets(): () => Promise<ExplorerBundle> {
  let building: Promise<ExplorerBundle> | null = null;
  return () => {
    building ??= build().catch((error: unknown) => {
      building = null;
      throw error;
    });
    return building;
  };
}

async function build(): Promise<ExplorerBundle> {
  const result = await esbuild.build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    outdir: 'explorer',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    // Minified for the browser, esbuild builds React's production code (it defines NODE_ENV as "production" then).
    // GraphiQL's stylesheet carries its fonts as data: URLs already; anything else it names is inlined too.
    loader: { '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl', '.svg': 'dataurl', '.png': 'dataurl' },
    logLevel: 'silent',
  });
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'))?.text;
  const css = result.outputFiles.find((f) => f.path.endsWith('.css'))?.text;
  if (js === undefined || css === undefined) throw new Error('explorer bundle: esbuild gave no script or no stylesheet');
  return { js, css };
}
