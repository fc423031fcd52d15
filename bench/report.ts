import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { System } from '../src/model/index.js';
import type { Spread } from './aggregate.js';
import { comparePeers } from './issue-figures.js';
import type { LoadResult } from './load.js';
import type { SystemId } from './options.js';
import type { BenchResults, RunFigures } from './results-types.js';
import { evaluateTargets } from './targets.js';

const SILOS: readonly System[] = ['hubspot', 'shopify', 'zendesk', 'square'];
const NAMES: Readonly<Record<SystemId, string>> = { gateway: 'gateway', peer1: 'peer 1', peer2: 'peer 2' };

const fixed = (n: number | null | undefined, digits = 1) => (n == null ? '—' : n.toFixed(digits));
const range = (s: Spread, digits = 1) => (s === null || s[0] === s[1] ? '' : ` (${s[0].toFixed(digits)}–${s[1].toFixed(digits)})`);

/** The error codes of a run, most frequent first, `OVERLOADED` left out (it has its own column): `SOURCE_TIMEOUT×29`. */
function codeList(r: LoadResult): string {
  return Object.entries(r.errors.codes).filter(([code]) => code !== 'OVERLOADED').sort((a, b) => b[1] - a[1]).map(([code, n]) => `${code}×${n}`).join(', ');
}

/** Which silos the errors blame: `CRM: CIRCUIT_OPEN×3`. */
function blameList(r: LoadResult): string {
  return Object.entries(r.errors.blamed).map(([silo, codes]) => `${silo}: ${Object.entries(codes).map(([c, n]) => `${c}×${n}`).join(' ')}`).join('; ');
}

/** The errors cell: transport and HTTP failures, GraphQL errors by code, which silos they blame. */
function errorCell(r: LoadResult): string {
  const total = r.errors.transport + r.errors.non2xx + r.errors.graphql;
  const codes = codeList(r);
  const blamed = blameList(r);
  return `${total}${codes ? ` (${codes})` : ''}${blamed ? ` blames ${blamed}` : ''}${r.errors.empty ? ` +${r.errors.empty} empty` : ''}`;
}

/** The throughput cell: served req/s with its spread, or why there is none. */
function throughputCell(r: RunFigures): string {
  if (r.outcome === 'none-completed') return `none completed (${r.sent} sent)`;
  if (r.outcome === 'none-served') return `none served (${r.completed} answered)`;
  const empty = r.windowsNoneCompleted ? `; ${r.windowsNoneCompleted}/${r.windows} windows none completed` : '';
  return `${fixed(r.requestsPerSec)}${range(r.spread.requestsPerSec)}${empty}`;
}

/** One line per finished run, for stderr while the bench runs. */
export function progressLine(done: number, total: number, r: RunFigures): string {
  const label = `${NAMES[r.system]} ${r.scenario} ${r.mode} c=${r.concurrency}`;
  return `[${String(done).padStart(2)}/${total}] ${label.padEnd(26)} ${throughputCell(r).padStart(10)} req/s  p50 ${fixed(r.latencyMs.p50)} ms  p95 ${fixed(r.latencyMs.p95)}  `
    + `shed ${r.overloaded}  errors ${errorCell(r)}  upstream/query ${r.upstream.perQuery}  CPU ms/query ${fixed(r.cpuMsPerQuery.server, 2)}  `
    + `sandbox CPU ms/call ${fixed(r.sandboxCpuMsPerUpstreamCall, 2)}${r.auditCpuPercent === null ? '' : `  audit ${fixed(r.auditCpuPercent, 1)} % CPU`}  RSS ${r.rssMB ?? '?'} MB  load ${r.loadAverage}  (${r.before})`;
}

function runTable(results: BenchResults): string[] {
  const title = new Map(results.scenarios.map((s) => [s.id, s.title]));
  const head = '| system | scenario | mode | c | req/s (spread) | p50 ms (spread) | p95 ms | p99 ms | shed (OVERLOADED) | errors | upstream/query | hubspot | shopify | zendesk | square | RSS MB | CPU ms/query | sandbox CPU ms/call | p50/floor | ÷ peer 1 | ÷ peer 2 |';
  const rows = results.runs.map((r) => `| ${NAMES[r.system]} | ${title.get(r.scenario)} | ${r.mode} | ${r.concurrency} | ${throughputCell(r)} | ${fixed(r.latencyMs.p50)}${range(r.spread.p50)} | ${fixed(r.latencyMs.p95)} | ${fixed(r.latencyMs.p99)} | ${r.overloaded} | ${errorCell(r)} | ${fixed(r.upstream.perQuery, 2)} | ${SILOS.map((s) => fixed(r.upstream.perSilo[s], 2)).join(' | ')} | ${fixed(r.rssMB, 0)} | ${fixed(r.cpuMsPerQuery.server, 2)} | ${fixed(r.sandboxCpuMsPerUpstreamCall, 2)} | ${fixed(r.ratios.p50OverFloor, 2)} | ${fixed(r.ratios.throughputOverPeer1, 2)} | ${fixed(r.ratios.throughputOverPeer2, 2)} |`);
  return [head, `|${' --- |'.repeat(21)}`, ...rows];
}

/** The gateway beside the peers, per scenario × mode × concurrency: served req/s, the ratios, p50 over the floor. */
function comparisonTable(results: BenchResults): string[] {
  const title = new Map(results.scenarios.map((s) => [s.id, s.title]));
  const find = (system: SystemId, r: RunFigures, mode = r.mode) =>
    results.runs.find((x) => x.system === system && x.scenario === r.scenario && x.mode === mode && x.concurrency === r.concurrency);
  const rps = (x: RunFigures | undefined) => (x === undefined ? '—' : x.outcome === 'none-completed' ? 'none completed' : fixed(x.requestsPerSec));
  const rows = results.runs.filter((r) => r.system === 'gateway' && (find('peer1', r, 'cold') || find('peer2', r))).map((r) => {
    const p1 = find('peer1', r, 'cold');
    const p2 = find('peer2', r);
    return `| ${title.get(r.scenario)} | ${r.mode} | ${r.concurrency} | ${rps(r)} | ${rps(p1)} | ${rps(p2)} | ${fixed(r.ratios.throughputOverPeer1, 2)} | ${fixed(r.ratios.throughputOverPeer2, 2)} | ${[r, p1, p2].map((x) => fixed(x?.ratios.p50OverFloor, 2)).join(' / ')} |`;
  });
  if (rows.length === 0) return [];
  return ['', '| scenario | mode | c | gateway req/s | peer 1 req/s (cold) | peer 2 req/s | gateway ÷ peer 1 | gateway ÷ peer 2 | p50/floor: gateway / peer 1 / peer 2 |', `|${' --- |'.repeat(9)}`, ...rows];
}

/** What `insights` adds to the agent view: the two scenarios side by side at each mode and concurrency both ran. */
function insightsCostTable(results: BenchResults): string[] {
  const gateway = results.runs.filter((r) => r.system === 'gateway');
  const rows = gateway.filter((r) => r.scenario === 'insights').flatMap((withInsights) => {
    const plain = gateway.find((x) => x.scenario === 'agent' && x.mode === withInsights.mode && x.concurrency === withInsights.concurrency);
    if (!plain) return [];
    const delta = (a: number | null, b: number | null, digits: number) => (a === null || b === null ? '—' : `${a - b >= 0 ? '+' : ''}${(a - b).toFixed(digits)}`);
    return [`| ${withInsights.mode} | ${withInsights.concurrency} | ${throughputCell(plain)} / ${throughputCell(withInsights)} | ${fixed(plain.latencyMs.p50)} / ${fixed(withInsights.latencyMs.p50)} | ${delta(withInsights.upstream.perQuery, plain.upstream.perQuery, 2)} | ${delta(withInsights.cpuMsPerQuery.server, plain.cpuMsPerQuery.server, 2)} |`];
  });
  if (rows.length === 0) return [];
  return ['', '| insights on top of the agent view: mode | c | req/s: agent / with insights | p50 ms: agent / with insights | upstream/query added | CPU ms/query added |', `|${' --- |'.repeat(6)}`, ...rows];
}

/** The results as Markdown: the runs, the issue's targets (met / missed), the peers beside the issue's figures. */
export function formatTable(results: BenchResults): string {
  const targets = evaluateTargets(results).map((t) => `| ${t.target} | ${t.measured} | ${t.verdict} |`);
  const peers = comparePeers(results).map((p) => `| ${p.figure} | ${p.issue} | ${p.measured} | ${p.within30 === null ? '—' : p.within30 ? 'yes' : 'no'} |`);
  const floors = results.scenarios.map((s) => `${s.title} ${s.floorLevels} levels = ${s.floorMs} ms`).join('; ');
  const agreement = Object.entries(results.agreement).map(([system, a]) =>
    `${NAMES[system as SystemId]} ${a.requesterEmailFound}/${a.of} (one ticket: ${a.upstreamForOneTicket.total} upstream requests${a.failed.length ? `; failed ${a.failed.join(', ')}` : ''})`).join('; ');
  const w = results.world;
  const s = results.startup;
  const busy = results.runs.filter((r) => r.loadAverage > results.machine.nproc).length;
  const notes = [
    ...results.notes,
    ...(w.matchesPinned === false ? [`the seed-${w.seed} world (sha256 ${w.sha256.slice(0, 12)}) is not the pinned one (${w.pinned?.slice(0, 12)}): the generator changed, figures are not comparable with runs before`] : []),
    ...(busy ? [`the machine's load average exceeded its ${results.machine.nproc} cores during ${busy} of ${results.runs.length} runs: other work competed with the bench`] : []),
  ].map((n) => `Note: ${n}.`);
  return [
    ...runTable(results),
    ...comparisonTable(results),
    ...insightsCostTable(results),
    '',
    `Each row: the median of ${results.settings.windows} measured window(s) of ${results.settings.durationSec} s (spread min–max in brackets); req/s counts served answers only, never OVERLOADED ones. CPU and RSS are summed over each server's process tree.`,
    `Floors: ${floors}.`,
    `World: seed ${w.seed}, ${w.people} people, sha256 ${w.sha256.slice(0, 16)}…${w.matchesPinned === null ? ' (no pinned world of this size)' : w.matchesPinned ? ' (the pinned world)' : ' (NOT the pinned world)'}.`,
    `Requester's email found for the sample tickets: ${agreement || 'not checked'}.`,
    `npm start to the first answered query: ${s ? `fresh clone ${fixed(s.freshCloneMs, 0)} ms, restart ${fixed(s.restartMs, 0)} ms (node_modules: ${s.nodeModules})${s.failures.length ? `; ${s.failures.join('; ')}` : ''}` : 'not timed'}.`,
    '',
    '| target (issue 14) | measured | verdict |',
    '| --- | --- | --- |',
    ...targets,
    '',
    ...(results.settings.latencyMs === 40 ? [] : [`The issue's peer figures were measured at 40 ms per call; this run used ${results.settings.latencyMs} ms, so they compare only loosely.`, '']),
    '| peer figure | issue 14 | this run | within ±30 % |',
    '| --- | --- | --- | --- |',
    ...peers,
    ...(notes.length ? ['', ...notes] : []),
  ].join('\n');
}

/** Writes the results file, pretty-printed so diffs between runs read well. */
export function writeResults(file: string, results: BenchResults): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}
