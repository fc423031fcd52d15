import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';
import { dirname } from 'node:path';
import type { System } from '../src/model/index.js';
import type { LoadResult } from './load.js';
import type { BenchOptions, Mode, ScenarioId } from './options.js';

/** The figures of one scenario × mode × concurrency against the gateway. */
export interface RunFigures extends LoadResult {
  scenario: ScenarioId;
  mode: Mode;
  concurrency: number;
  upstream: {
    /** Sandbox requests per sent query, all silos together. */
    perQuery: number;
    perSilo: Partial<Record<System, number>>;
    /** Per sent query, by silo and endpoint. */
    byEndpoint: Partial<Record<System, Record<string, number>>>;
    total: number;
  };
  /** Largest gateway RSS sampled during the measured run. */
  gatewayRssMB: number | null;
  /** The machine's 1-minute load average when the run ended: above nproc, something else competed for the cores. */
  loadAverage: number;
  /** CPU time per sent query of each process on the machine (all share its cores). */
  cpuMsPerQuery: { gateway: number | null; sandboxes: number | null; loadGenerator: number | null };
  floorMs: number;
  ratios: { p50OverFloor: number | null; throughputOverBaseline: number | null };
}

/** The figures of the baseline for one scenario × concurrency. */
export interface BaselineFigures extends LoadResult {
  scenario: ScenarioId;
  concurrency: number;
}

/** Everything `bench/results/latest.json` holds. */
export interface BenchResults {
  benchmark: 'customer-360-gateway';
  timestamp: string;
  git: { commit: string | null; dirty: boolean | null };
  machine: { nproc: number; cpu: string; memoryGB: number; node: string; platform: string; kernel: string; loadAverageAtStart: number };
  settings: Omit<BenchOptions, 'out' | 'profileDir'>;
  scenarios: { id: ScenarioId; title: string; role: string; floorLevels: number; floorMs: number; levelDerivation: string; query: string }[];
  /** Whether the baseline's `data` equalled the gateway's captured response, per scenario. */
  baselineMatchesGateway: Record<string, boolean>;
  /** Anything that kept the bench from measuring what it meant to (a crawl cut short, a missing baseline). */
  notes: string[];
  runs: RunFigures[];
  baseline: BaselineFigures[];
}

const SILOS: readonly System[] = ['hubspot', 'shopify', 'zendesk', 'square'];

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** The commit the figures belong to (read-only git calls). */
export function gitInfo(): BenchResults['git'] {
  const status = git(['status', '--porcelain']);
  return { commit: git(['rev-parse', '--short', 'HEAD']), dirty: status === null ? null : status.length > 0 };
}

/** What the figures were measured on. */
export function machineInfo(): BenchResults['machine'] {
  return {
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    kernel: release(),
    loadAverageAtStart: loadAverage(),
  };
}

/** The 1-minute load average, rounded. */
export function loadAverage(): number {
  return Math.round((loadavg()[0] ?? 0) * 100) / 100;
}

const fixed = (n: number | null | undefined, digits = 1) => (n == null ? '—' : n.toFixed(digits));

/** The GraphQL error codes of a run, most frequent first: `SOURCE_TIMEOUT×29, FORBIDDEN×3`. */
function codeList(r: LoadResult): string {
  return Object.entries(r.errors.codes).sort((a, b) => b[1] - a[1]).map(([code, n]) => `${code}×${n}`).join(', ');
}

/** One line per finished run, for stderr while the bench runs. */
export function progressLine(done: number, total: number, label: string, r: LoadResult, extra = ''): string {
  const errors = r.errors.transport + r.errors.non2xx + r.errors.graphql;
  const codes = codeList(r);
  return `[${String(done).padStart(2)}/${total}] ${label.padEnd(22)} ${fixed(r.requestsPerSec).padStart(8)} req/s  p50 ${fixed(r.latencyMs.p50)} ms  p95 ${fixed(r.latencyMs.p95)}  p99 ${fixed(r.latencyMs.p99)}  errors ${errors}${codes ? ` (${codes})` : ''}${extra}`;
}

/** The results as a Markdown table (the README's "Benchmark" section shows it as is). */
export function formatTable(results: BenchResults): string {
  const title = new Map(results.scenarios.map((s) => [s.id, s.title]));
  const head = '| scenario | mode | c | req/s | p50 ms | p95 ms | p99 ms | errors | upstream/query | hubspot | shopify | zendesk | square | RSS MB | gateway CPU ms/query | p50/floor | req/s ÷ baseline |';
  const rule = `|${' --- |'.repeat(17)}`;
  const rows = results.runs.map((r) => {
    const errors = r.errors.transport + r.errors.non2xx + r.errors.graphql;
    const errorCell = `${errors}${codeList(r) ? ` (${codeList(r)})` : ''}${r.errors.empty ? ` +${r.errors.empty} empty` : ''}`;
    return `| ${title.get(r.scenario)} | ${r.mode} | ${r.concurrency} | ${fixed(r.requestsPerSec)} | ${fixed(r.latencyMs.p50)} | ${fixed(r.latencyMs.p95)} | ${fixed(r.latencyMs.p99)} | ${errorCell} | ${fixed(r.upstream.perQuery)} | ${SILOS.map((s) => fixed(r.upstream.perSilo[s])).join(' | ')} | ${fixed(r.gatewayRssMB, 0)} | ${fixed(r.cpuMsPerQuery.gateway)} | ${fixed(r.ratios.p50OverFloor, 2)} | ${fixed(r.ratios.throughputOverBaseline, 3)} |`;
  });
  const baseline = results.baseline.map((b) => `${title.get(b.scenario)} c=${b.concurrency}: ${fixed(b.requestsPerSec)} req/s`).join('; ');
  const floors = results.scenarios.map((s) => `${s.title} ${s.floorLevels} levels = ${s.floorMs} ms`).join('; ');
  const busy = results.runs.filter((r) => r.loadAverage > results.machine.nproc).length;
  const notes = [
    ...results.notes,
    ...(busy ? [`the machine's load average exceeded its ${results.machine.nproc} cores during ${busy} of ${results.runs.length} runs: other work competed with the bench`] : []),
  ].map((n) => `Note: ${n}.`);
  return [head, rule, ...rows, '', `Floors: ${floors}.`, `Baseline: ${baseline || 'not run'}.`, ...notes].join('\n');
}

/** Writes the results file, pretty-printed so diffs between runs read well. */
export function writeResults(file: string, results: BenchResults): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}
