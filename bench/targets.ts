import type { Mode, ScenarioId, SystemId } from './options.js';
import type { BenchResults, RunFigures } from './results-types.js';

/** One of the issue's targets, read off a run. */
export interface TargetVerdict {
  target: string;
  measured: string;
  verdict: 'met' | 'missed' | 'not measured';
}

// The floors are fixed numbers (issue 14): 5 dependent silo levels for the agent view, 7 for the BI page,
// whatever the gateway's plan, at the run's latency per call (200 ms and 280 ms at 40 ms).
const FLOOR_LEVELS: Readonly<Record<'agent' | 'bi', number>> = { agent: 5, bi: 7 };
// "Well below today's, which is about 2.3 ms": the bench reads it as at most half of that.
const SANDBOX_CPU_MS_PER_CALL = 1.15;

const f = (n: number | null | undefined, digits = 1) => (n == null ? '—' : n.toFixed(digits));

/** Reads the issue's targets off the results: each met, missed or not measured (with what was measured). */
export function evaluateTargets(r: BenchResults): TargetVerdict[] {
  const run = (system: SystemId, scenario: ScenarioId, mode: Mode, c: number): RunFigures | undefined =>
    r.runs.find((x) => x.system === system && x.scenario === scenario && x.mode === mode && x.concurrency === c);
  const served = (x: RunFigures | undefined) => (x && x.outcome === 'served' ? x : undefined);
  const floor = (s: 'agent' | 'bi') => FLOOR_LEVELS[s] * r.settings.latencyMs;
  const out: TargetVerdict[] = [];
  const add = (target: string, measured: string, ok: boolean | null) => out.push({ target, measured, verdict: ok === null ? 'not measured' : ok ? 'met' : 'missed' });

  const a50 = run('gateway', 'agent', 'cold', 50);
  const p1a50 = served(run('peer1', 'agent', 'cold', 50));
  add(`Agent context, cold, c=50: req/s ≥ peer 1's, p50 ≤ 1.3 × ${floor('agent')} ms`,
    a50 ? `${a50.outcome === 'none-completed' ? 'none completed' : `${f(a50.requestsPerSec)} req/s`} vs peer 1 ${f(p1a50?.requestsPerSec)}; p50 ${f(a50.latencyMs.p50, 0)} ms` : '—',
    a50 && p1a50 ? a50.requestsPerSec >= p1a50.requestsPerSec && a50.latencyMs.p50 !== null && a50.latencyMs.p50 <= 1.3 * floor('agent') : null);

  const a1 = run('gateway', 'agent', 'cold', 1);
  const upstream = r.agreement.gateway?.upstreamForOneTicket.total ?? null;
  add('Upstream requests per agent view ≤ 8', a1 ? `${f(a1.upstream.perQuery, 2)} per query (c=1 cold)${upstream === null ? '' : `; ${upstream} for one ticket alone`}` : '—', a1 ? a1.upstream.perQuery <= 8 : null);

  const w50 = run('gateway', 'agent', 'warm', 50);
  add('Gateway CPU per agent view ≤ 5 ms cold (c=50)', a50 ? `${f(a50.cpuMsPerQuery.server, 2)} ms` : '—', a50?.cpuMsPerQuery.server == null ? null : a50.cpuMsPerQuery.server <= 5);
  add('Gateway CPU per agent view ≤ 0.5 ms warm (c=50)', w50 ? `${f(w50.cpuMsPerQuery.server, 2)} ms` : '—', w50?.cpuMsPerQuery.server == null ? null : w50.cpuMsPerQuery.server <= 0.5);

  const p2w50 = served(run('peer2', 'agent', 'warm', 50));
  add('Warm throughput, agent, c=50 ≥ 0.8 × peer 2', w50 ? `${f(w50.requestsPerSec)} vs peer 2 ${f(p2w50?.requestsPerSec)} req/s (×${f(w50.ratios.throughputOverPeer2, 2)})` : '—',
    w50 && p2w50 ? w50.requestsPerSec >= 0.8 * p2w50.requestsPerSec : null);

  const b1 = run('gateway', 'bi', 'cold', 1);
  add(`BI page, cold, c=1: p50 ≤ 1.5 × ${floor('bi')} ms, ≤ 15 upstream requests per page`,
    b1 ? `p50 ${b1.outcome === 'none-completed' ? 'none completed' : `${f(b1.latencyMs.p50, 0)} ms`}, ${f(b1.upstream.perQuery, 1)} requests per page` : '—',
    b1 ? b1.latencyMs.p50 !== null && b1.latencyMs.p50 <= 1.5 * floor('bi') && b1.upstream.perQuery <= 15 : null);

  const bw10 = run('gateway', 'bi', 'warm', 10);
  const p2bw10 = served(run('peer2', 'bi', 'warm', 10));
  add('BI page, warm, c=10 ≥ 0.6 × peer 2 pages/s', bw10 ? `${f(bw10.requestsPerSec)} vs peer 2 ${f(p2bw10?.requestsPerSec)} pages/s` : '—',
    bw10 && p2bw10 ? bw10.requestsPerSec >= 0.6 * p2bw10.requestsPerSec : null);

  // The bench injects no faults: every silo is healthy, so any error naming a silo blames a healthy one.
  const heavy = r.runs.filter((x) => x.system === 'gateway' && (x.concurrency === 50 || x.concurrency === 200));
  const blamed = heavy.flatMap((x) => Object.entries(x.errors.blamed).flatMap(([silo, codes]) =>
    Object.entries(codes).map(([code, n]) => `${x.scenario} ${x.mode} c=${x.concurrency}: ${silo} ${code}×${n}`)));
  // A circuit open once the level drained was fed by the gateway's own queueing or deadlines.
  const opened = heavy.flatMap((x) => (x.openCircuitsAfter?.length ? [`${x.scenario} ${x.mode} c=${x.concurrency} left ${x.openCircuitsAfter.join(', ')}`] : []));
  const unknown = heavy.filter((x) => x.outcome === 'none-completed').map((x) => `${x.scenario} ${x.mode} c=${x.concurrency} none completed`);
  const noRetryAfter = heavy.reduce((n, x) => n + x.overloadedWithoutRetryAfter, 0);
  const shed = heavy.reduce((n, x) => n + x.overloaded, 0);
  const c200 = heavy.some((x) => x.concurrency === 200);
  const failed = blamed.length > 0 || opened.length > 0 || noRetryAfter > 0;
  add('Overload, c=50 and c=200: no error blames a healthy silo, no circuit opened by the gateway\'s own load; excess shed with OVERLOADED + Retry-After',
    heavy.length === 0 ? '—' : [
      blamed.length === 0 ? 'no silo blamed' : blamed.slice(0, 4).join('; '),
      ...opened.slice(0, 4),
      `${shed} shed${noRetryAfter ? `, ${noRetryAfter} without Retry-After` : ''}`,
      ...unknown,
      ...(c200 ? [] : ['c=200 not run']),
    ].join('; '),
    failed ? false : heavy.length === 0 || !c200 || unknown.length > 0 ? null : true);

  const rss = r.runs.filter((x) => x.system === 'gateway' && x.concurrency === 50 && x.rssMB !== null);
  const maxRss = rss.length ? Math.max(...rss.map((x) => x.rssMB as number)) : null;
  add('RSS ≤ 300 MB at c=50, whole process tree', maxRss === null ? '—' : `${maxRss} MB (largest over c=50 runs)`, maxRss === null ? null : maxRss <= 300);

  const audit = r.runs.filter((x) => x.system === 'gateway' && x.concurrency === 50 && x.auditCpuPercent !== null);
  const maxAudit = audit.length ? Math.max(...audit.map((x) => x.auditCpuPercent as number)) : null;
  add('Audit writes off the request path, ≤ 5 % of gateway CPU at c=50',
    maxAudit === null ? '—' : `${f(maxAudit, 1)} % (largest over c=50 runs; the trail's own CPU on /metrics over the tree's)`,
    maxAudit === null ? null : maxAudit <= 5);

  const s = r.startup;
  add('npm start ≤ 5 s to the first answered query, fresh clone and restart',
    s ? `fresh clone ${f(s.freshCloneMs === null ? null : s.freshCloneMs / 1000, 1)} s, restart ${f(s.restartMs === null ? null : s.restartMs / 1000, 1)} s` : 'not timed',
    s && s.freshCloneMs !== null && s.restartMs !== null ? s.freshCloneMs <= 5000 && s.restartMs <= 5000 : null);

  const calls = r.runs.filter((x) => x.system === 'gateway' && x.sandboxCpuMsPerUpstreamCall !== null).map((x) => x.sandboxCpuMsPerUpstreamCall as number).sort((a, b) => a - b);
  const mid = calls.length ? (calls[Math.floor(calls.length / 2)] as number) : null;
  add(`Sandboxes CPU per upstream call well below 2.3 ms (≤ ${SANDBOX_CPU_MS_PER_CALL} ms)`, mid === null ? '—' : `${f(mid, 2)} ms (median over the gateway's runs)`, mid === null ? null : mid <= SANDBOX_CPU_MS_PER_CALL);
  return out;
}
