import type { System } from '../src/model/index.js';
import { round, type Outcome } from './load.js';
import type { Upstream, WindowFigures } from './measure.js';

/** Lowest and highest value over a run's windows; null when no window had one. */
export type Spread = [number, number] | null;

/** A run's figures over its windows: counts summed, rates and latencies the median window value, RSS the largest. */
export interface Aggregate extends Omit<WindowFigures, 'upstream'> {
  windows: number;
  /** Windows in which no response at all arrived. */
  windowsNoneCompleted: number;
  upstream: Upstream;
  spread: { requestsPerSec: Spread; p50: Spread; upstreamPerQuery: Spread; serverCpuMsPerQuery: Spread };
}

/** The median of the values that are there (the mean of the middle two for an even count); null when none is. */
export function median(values: readonly (number | null | undefined)[]): number | null {
  const v = values.filter((x): x is number => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? (v[mid] as number) : ((v[mid - 1] as number) + (v[mid] as number)) / 2;
}

function spread(values: readonly (number | null)[]): Spread {
  const v = values.filter((x): x is number => x !== null);
  return v.length === 0 ? null : [Math.min(...v), Math.max(...v)];
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

function sumCounts(maps: readonly Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of maps) for (const [k, n] of Object.entries(m)) out[k] = (out[k] ?? 0) + n;
  return out;
}

function medianRecord<K extends string>(maps: readonly Partial<Record<K, number>>[]): Partial<Record<K, number>> {
  const keys = [...new Set(maps.flatMap((m) => Object.keys(m) as K[]))];
  return Object.fromEntries(keys.map((k) => [k, median(maps.map((m) => m[k]))])) as Partial<Record<K, number>>;
}

/** Folds a run's windows into one figure set (see `Aggregate`). */
export function aggregate(windows: readonly WindowFigures[]): Aggregate {
  const w = windows;
  const served = sum(w.map((x) => x.served));
  const completed = sum(w.map((x) => x.completed));
  const outcome: Outcome = completed === 0 ? 'none-completed' : served === 0 ? 'none-served' : 'served';
  const silos = [...new Set(w.flatMap((x) => Object.keys(x.errors.blamed)))];
  const med = (pick: (x: WindowFigures) => number | null) => {
    const m = median(w.map(pick));
    return m === null ? null : round(m, 2);
  };
  const systems = [...new Set(w.flatMap((x) => Object.keys(x.upstream.byEndpoint) as System[]))];
  return {
    windows: w.length,
    windowsNoneCompleted: w.filter((x) => x.outcome === 'none-completed').length,
    outcome,
    durationSec: round(sum(w.map((x) => x.durationSec)), 2),
    completed,
    served,
    overloaded: sum(w.map((x) => x.overloaded)),
    overloadedWithoutRetryAfter: sum(w.map((x) => x.overloadedWithoutRetryAfter)),
    sent: sum(w.map((x) => x.sent)),
    requestsPerSec: med((x) => x.requestsPerSec) ?? 0,
    latencyMs: {
      p50: med((x) => x.latencyMs.p50), p95: med((x) => x.latencyMs.p95), p99: med((x) => x.latencyMs.p99),
      mean: med((x) => x.latencyMs.mean), max: med((x) => x.latencyMs.max),
    },
    errors: {
      transport: sum(w.map((x) => x.errors.transport)),
      non2xx: sum(w.map((x) => x.errors.non2xx)),
      graphql: sum(w.map((x) => x.errors.graphql)),
      empty: sum(w.map((x) => x.errors.empty)),
      codes: sumCounts(w.map((x) => x.errors.codes)),
      blamed: Object.fromEntries(silos.map((s) => [s, sumCounts(w.map((x) => x.errors.blamed[s] ?? {}))])),
    },
    upstream: {
      perQuery: med((x) => x.upstream.perQuery) ?? 0,
      perSilo: medianRecord(w.map((x) => x.upstream.perSilo)),
      byEndpoint: Object.fromEntries(systems.map((s) => [s, medianRecord(w.map((x) => x.upstream.byEndpoint[s] ?? {}))])),
      total: sum(w.map((x) => x.upstream.total)),
    },
    rssMB: w.some((x) => x.rssMB !== null) ? Math.max(...w.map((x) => x.rssMB ?? 0)) : null,
    cpuMsPerQuery: { server: med((x) => x.cpuMsPerQuery.server), sandboxes: med((x) => x.cpuMsPerQuery.sandboxes), loadGenerator: med((x) => x.cpuMsPerQuery.loadGenerator) },
    sandboxCpuMsPerUpstreamCall: med((x) => x.sandboxCpuMsPerUpstreamCall),
    auditCpuPercent: med((x) => x.auditCpuPercent),
    loadAverage: Math.max(...w.map((x) => x.loadAverage)),
    spread: {
      requestsPerSec: spread(w.map((x) => (x.outcome === 'none-completed' ? null : x.requestsPerSec))),
      p50: spread(w.map((x) => x.latencyMs.p50)),
      upstreamPerQuery: spread(w.map((x) => x.upstream.perQuery)),
      serverCpuMsPerQuery: spread(w.map((x) => x.cpuMsPerQuery.server)),
    },
  };
}
