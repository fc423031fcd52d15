import type { System } from '../src/model/index.js';
import { round, runLoad, type LoadPlan, type LoadResult } from './load.js';
import { cpuSeconds, sampleRss } from './processes.js';
import { loadAverage } from './machine.js';
import { settle, type Sandboxes } from './stack.js';

/** Upstream requests the sandboxes counted in a window. */
export interface Upstream {
  /** Sandbox requests per sent query, all silos together. */
  perQuery: number;
  perSilo: Partial<Record<System, number>>;
  /** Per sent query, by silo and endpoint. */
  byEndpoint: Partial<Record<System, Record<string, number>>>;
  total: number;
}

/** One measured window: the load client's figures plus what the server side counted meanwhile. */
export interface WindowFigures extends LoadResult {
  upstream: Upstream;
  /** Largest RSS sampled, summed over the measured server's process tree. */
  rssMB: number | null;
  /** CPU time per sent query: the measured server's process tree, the sandboxes', the load generator's. */
  cpuMsPerQuery: { server: number | null; sandboxes: number | null; loadGenerator: number | null };
  /** The sandboxes' CPU time divided by the upstream requests they served in the window. */
  sandboxCpuMsPerUpstreamCall: number | null;
  /** The machine's 1-minute load average when the window ended. */
  loadAverage: number;
}

/** A measured run: load against one server, with where to count upstream calls and process figures. */
export interface MeasurePlan extends LoadPlan {
  /** The pid of the measured server (its whole process tree is counted). */
  pid: number;
  sandboxes: Sandboxes;
  warmupSec: number;
  windows: number;
  latencyMs: number;
}

const perQuery = (n: number, queries: number) => Math.round((n / Math.max(queries, 1)) * 100) / 100;

/**
 * One window: resets the sandboxes' counters, runs the load while sampling the server tree's RSS, waits for
 * the server to finish queries still in flight (the sandboxes go quiet), then reads the counters. Upstream
 * calls and CPU are divided by requests *sent*: a server completes a query even when the load generator hung
 * up on it at the end of the window, so those calls belong to a query too.
 */
async function measureWindow(plan: MeasurePlan, quietMs: number): Promise<WindowFigures> {
  await plan.sandboxes.resetStats();
  const sandboxPid = plan.sandboxes.service.pid;
  const before = { server: cpuSeconds(plan.pid), sandboxes: cpuSeconds(sandboxPid), bench: process.cpuUsage() };
  const rss = sampleRss(plan.pid);
  const load = await runLoad(plan);
  const maxRss = rss.stop();
  await settle(plan.sandboxes, quietMs);
  const after = { server: cpuSeconds(plan.pid), sandboxes: cpuSeconds(sandboxPid), bench: process.cpuUsage(before.bench) };
  const stats = await plan.sandboxes.stats();
  const perSilo: Partial<Record<System, number>> = {};
  const byEndpoint: Partial<Record<System, Record<string, number>>> = {};
  let total = 0;
  for (const [system, s] of stats) {
    total += s.total;
    perSilo[system] = perQuery(s.total, load.sent);
    byEndpoint[system] = Object.fromEntries(Object.entries(s.byEndpoint).map(([endpoint, n]) => [endpoint, perQuery(n, load.sent)]));
  }
  const ms = (a: number | null, b: number | null, per: number) => (a === null || b === null || per === 0 ? null : round(((b - a) * 1000) / per, 2));
  return {
    ...load,
    upstream: { perQuery: perQuery(total, load.sent), perSilo, byEndpoint, total },
    rssMB: maxRss === null ? null : Math.round(maxRss / 2 ** 20),
    cpuMsPerQuery: {
      server: ms(before.server, after.server, load.sent),
      sandboxes: ms(before.sandboxes, after.sandboxes, load.sent),
      loadGenerator: ms(0, (after.bench.user + after.bench.system) / 1e6, load.sent),
    },
    sandboxCpuMsPerUpstreamCall: ms(before.sandboxes, after.sandboxes, total),
    loadAverage: loadAverage(),
  };
}

/** Warms up (unmeasured, then the sandboxes go quiet) and measures `windows` windows back to back. */
export async function measureWindows(plan: MeasurePlan): Promise<WindowFigures[]> {
  const quietMs = Math.max(200, 3 * plan.latencyMs);
  if (plan.warmupSec > 0) await runLoad({ ...plan, durationSec: plan.warmupSec });
  await settle(plan.sandboxes, quietMs);
  const windows: WindowFigures[] = [];
  for (let i = 0; i < Math.max(1, plan.windows); i++) windows.push(await measureWindow(plan, quietMs));
  return windows;
}
