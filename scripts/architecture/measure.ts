import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cyclesOf, readImportGraph, type ImportGraph } from './import-graph.js';

/** One measure of the wiring: its value, the value it must reach, and what makes it up. */
export interface Measure {
  name: string;
  value: number;
  /** Rendered beside the value; the test asserts it. */
  target?: number | string;
  details: string[];
}

/** What `npm run architecture` prints. */
export interface ArchitectureReport {
  measures: Measure[];
}

/** The one home of the canonical model and the connector contract, which both trees import. */
export const CONTRACT_HOME = 'src/model/';
/**
 * The files that assemble the product and may import every concern (ARCHITECTURE.md): the gateway's (`npm start`),
 * the settings it composes from both trees, and the sandboxes' own program (`npm run sandbox`).
 */
export const COMPOSITION_ROOTS: readonly string[] = ['src/app.ts', 'src/main.ts', 'src/settings.ts', 'connectors/sandbox-main.ts'];

const PRODUCT = /^(src|connectors)\//;

/**
 * The layers of ARCHITECTURE.md, lowest first: a concern imports only concerns of lower layers. Vendors sit on the
 * shared mechanics and the sandbox kit, which sit on the contract home; the gateway's root assembles everything.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['src/model'],
  ['src/errors', 'src/config', 'src/logging', 'src/lifecycle', 'src/tracing', 'src/insights', 'connectors/shared', 'connectors/sandbox-kit'],
  ['src/auth', 'src/identity', 'src/cache', 'src/resilience', 'src/timeline', 'connectors/hubspot', 'connectors/shopify', 'connectors/zendesk', 'connectors/square'],
  ['src/audit', 'src/silos', 'src/webhooks', 'src/data-quality', 'connectors'],
  ['src/context', 'src/metrics'],
  ['src/access'],
  ['src/privacy', 'src/population'],
  ['src/resolvers'],
  ['src/server'],
  ['src'],
];

/** The layer of a concern, or undefined when ARCHITECTURE.md does not place it. */
export function layerOf(concern: string): number | undefined {
  const layer = LAYERS.findIndex((concerns) => concerns.includes(concern));
  return layer < 0 ? undefined : layer;
}

/** The concern a product file belongs to: `src/<folder>` or `connectors/<folder>`; root files belong to their tree. */
export function concernOf(file: string): string {
  const parts = file.split('/');
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : (parts[0] as string);
}

function bypasses(graph: ImportGraph): string[] {
  const indexes = new Set(graph.files.filter((f) => f.endsWith('/index.ts')).map((f) => f.slice(0, -'/index.ts'.length)));
  const found: string[] = [];
  for (const { from, to } of graph.edges) {
    if (!PRODUCT.test(from)) continue;
    const parts = to.split('/');
    // The outermost folder below a tree's root that holds the target but not the importer, and has an entry file.
    for (let depth = 2; depth < parts.length; depth += 1) {
      const folder = parts.slice(0, depth).join('/');
      if (from.startsWith(`${folder}/`)) continue;
      if (indexes.has(folder) && to !== `${folder}/index.ts`) found.push(`${from} → ${to} (entry: ${folder}/index.ts)`);
      break;
    }
  }
  return found;
}

function read(cwd: string, file: string): string {
  return readFileSync(join(cwd, file), 'utf8');
}

function productFiles(graph: ImportGraph): string[] {
  return graph.files.filter((f) => PRODUCT.test(f) && !f.startsWith('src/resolvers/generated/'));
}

// How a code reaches a client in product code: `code: 'X'` (an extensions or body literal; not `x.code : 'X'`,
// a ternary's other branch), `code = 'X'` (a class field, or Apollo's extensions.code overwritten), or the code
// argument of an error class or reply helper, the first or after up to two plain arguments
// (`replyWithError(reply, 'X', …)`, `problem(reply, 404, 'X', …)`).
const CODE_LITERAL = /(?:(?<![.\w])code\s*:|\bcode\s*=(?!=))\s*(['"])([A-Z][A-Z_]{2,})\1/g;
const CODE_ARGUMENT = /\b(?:\w*Error|QueryLimitExceeded|replyWith\w+|errorBody|problem)\(\s*(?:[\w.]+\s*,\s*){0,2}(['"])([A-Z][A-Z_]{2,})\1/g;

/** The error codes a source file emits, as far as its literals show (typed positions are checked by tsc). */
export function errorCodesIn(source: string): string[] {
  return [...source.matchAll(CODE_LITERAL), ...source.matchAll(CODE_ARGUMENT)].map((m) => m[2] as string);
}

/** Measures the project at `cwd`. */
export function measureArchitecture(cwd: string): ArchitectureReport {
  const graph = readImportGraph(cwd);
  const product = productFiles(graph);
  const text = new Map(product.map((f) => [f, read(cwd, f)]));
  const measures: Measure[] = [];

  const concernEdges = graph.edges
    .filter((e) => PRODUCT.test(e.from) && PRODUCT.test(e.to) && concernOf(e.from) !== concernOf(e.to))
    .map((e) => [concernOf(e.from), concernOf(e.to)] as const);
  const concerns = [...new Set(product.map(concernOf))];
  const concernCycles = cyclesOf(concerns, concernEdges);
  measures.push({ name: 'concern cycles', value: concernCycles.length, target: 0, details: concernCycles.map((c) => c.join(' ⇄ ')) });

  const unplaced = concerns.filter((c) => layerOf(c) === undefined);
  const upward = [...new Set(concernEdges.filter(([a, b]) => (layerOf(a) ?? -1) <= (layerOf(b) ?? Infinity)).map(([a, b]) => `${a} → ${b}`))];
  measures.push({
    name: 'imports against the layer order of ARCHITECTURE.md (or concerns it does not place)', value: upward.length + unplaced.length, target: 0,
    details: [...unplaced.map((c) => `${c}: no layer`), ...upward],
  });

  const fileCycles = cyclesOf(graph.files, graph.edges.map((e) => [e.from, e.to] as const));
  measures.push({ name: 'file cycles', value: fileCycles.length, target: 0, details: fileCycles.map((c) => c.join(' ⇄ ')) });

  const bypassed = bypasses(graph);
  measures.push({ name: 'index bypasses (product code)', value: bypassed.length, target: 0, details: bypassed });

  const intoGateway = graph.edges.filter((e) => e.from.startsWith('connectors/') && e.to.startsWith('src/') && !e.to.startsWith(CONTRACT_HOME));
  measures.push({
    name: `connectors → src imports outside the contract home (${CONTRACT_HOME})`,
    value: intoGateway.length, target: 0, details: intoGateway.map((e) => `${e.from} → ${e.to}`),
  });
  const intoConnectors = graph.edges.filter((e) => e.from.startsWith('src/') && e.to.startsWith('connectors/') && !COMPOSITION_ROOTS.includes(e.from));
  measures.push({
    name: 'src → connectors imports outside the composition root',
    value: intoConnectors.length, target: 0, details: intoConnectors.map((e) => `${e.from} → ${e.to}`),
  });
  const homes = new Set(graph.edges.filter((e) => /^(src|connectors)\//.test(e.from) && /(contract|model)/.test(e.to) && /\/(index|contract)\.ts$/.test(e.to)).map((e) => e.to.replace(/\/[^/]+$/, '')));
  measures.push({ name: 'homes of the model and connector contract', value: homes.size, target: 1, details: [...homes] });

  const normalisers: string[] = [];
  const spellings = { normalise: 0, normalize: 0 };
  for (const [file, source] of text) {
    for (const m of source.matchAll(/export (?:async )?function (normali[sz]e\w*)/g)) normalisers.push(`${m[1]} (${file})`);
    // String.prototype.normalize (Unicode forms) is the language's, not ours.
    for (const m of source.matchAll(/(?<!\.)\bnormali([sz])e\w*/g)) spellings[m[1] === 's' ? 'normalise' : 'normalize'] += 1;
  }
  measures.push({ name: 'exported email/phone normalisers', value: normalisers.length, target: 2, details: normalisers });
  measures.push({
    name: 'identifiers spelled "normalize" (the project writes "normalise")', value: spellings.normalize, target: 0,
    details: [`normalise: ${spellings.normalise}`, `normalize: ${spellings.normalize}`],
  });

  const filing = [...text].filter(([file, source]) => /^connectors\/(?!shared\/)/.test(file) && /lookupKeyId\(\w+\),\s*\[\]/.test(source)).map(([file]) => file);
  measures.push({ name: 'vendor files that file look-up results by hand', value: filing.length, target: 0, details: filing });

  const envReaders = [...text]
    .filter(([file, source]) => !file.startsWith('src/config/') && !COMPOSITION_ROOTS.includes(file)
      && (/process\.env/.test(source) || /function \w+FromEnv\(/.test(source)))
    .map(([file]) => file);
  measures.push({ name: 'places reading configuration from the environment (outside src/config)', value: envReaders.length, target: 0, details: envReaders });

  const proxies = [...text].filter(([, source]) => /new Proxy\(/.test(source)).map(([file]) => file);
  measures.push({ name: 'Proxy decorators on the silo-call path', value: proxies.length, target: 0, details: proxies });

  const codesFile = 'src/errors/codes.ts';
  const listed = existsSync(join(cwd, codesFile)) ? new Set([...read(cwd, codesFile).matchAll(/^\s{2}([A-Z][A-Z_]+):\s*\{/gm)].map((m) => m[1] as string)) : new Set<string>();
  const used = new Set<string>();
  // The sandboxes speak their vendors' codes (THROTTLED, PROPERTY_DOESNT_EXIST, …), not the gateway's.
  for (const [file, source] of text) {
    // src/config's SettingsError (INVALID_SETTINGS) stops the process at start-up: no request is ever answered with it.
    if (/^connectors\/(sandbox-kit|\w+\/sandbox)\//.test(file) || file.startsWith('src/config/') || file === codesFile) continue;
    for (const code of errorCodesIn(source)) used.add(code);
  }
  const unlisted = [...used].filter((c) => !listed.has(c)).sort();
  measures.push({
    name: `error codes used in product code but not listed in ${codesFile}`, value: unlisted.length, target: 0,
    details: [`listed: ${listed.size}`, ...unlisted],
  });

  const tests = graph.files.filter((f) => f.startsWith('test/'));
  const contractRuns = tests.flatMap((f) => [...readFileSync(join(cwd, f), 'utf8').matchAll(/\bdefineConnectorContract\(/g)].map(() => f));
  measures.push({ name: 'connectors run through defineConnectorContract', value: contractRuns.filter((f) => !f.includes('/support')).length, target: 4, details: contractRuns });

  // The gateway's own connections, not a vendor sandbox's paging.
  const pageInfo = tests.filter((f) => !f.startsWith('test/connectors/') && /hasPreviousPage/.test(readFileSync(join(cwd, f), 'utf8')));
  measures.push({ name: "suites asserting the gateway's pageInfo.hasPreviousPage", value: pageInfo.length, target: '≥ 1', details: pageInfo });

  return { measures };
}
