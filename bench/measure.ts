import type { System } from '../src/model/index.js';
import { runLoad, type LoadPlan, type LoadResult } from './load.js';
import type { Mode } from './options.js';
import { cpuSeconds, sampleRss } from './processes.js';
import { loadAverage, type RunFigures } from './report.js';
import { settle, type Sandboxes } from './stack.js';

/** A run against the gateway: the load plan plus where to count upstream calls and memory. */
export interface GatewayRun extends LoadPlan {
  mode: Mode;
  gatewayPid: number;
  sandboxes: Sandboxes;
  warmupSec: number;
  latencyMs: number;
  floorLevels: number;
}

const perQuery = (n: number, queries: number) => Math.round((n / Math.max(queries, 1)) * 100) / 100;

/**
 * Warms up (unmeasured), resets the sandboxes' counters, runs the measured load while sampling the
 * gateway's RSS, waits for the gateway to finish queries still in flight, then reads the counters.
 * Upstream calls are divided by requests *sent*: the gateway completes a query even when autocannon hung
 * up on it at the end of the run, so those calls belong to a query too.
 */
export async function measureGateway(run: GatewayRun): Promise<RunFigures> {
  const quietMs = Math.max(200, 3 * run.latencyMs);
  if (run.warmupSec > 0) await runLoad({ ...run, durationSec: run.warmupSec });
  await settle(run.sandboxes, quietMs);
  await run.sandboxes.resetStats();
  const sandboxPid = run.sandboxes.service.pid;
  const cpuBefore = { gateway: cpuSeconds(run.gatewayPid), sandboxes: cpuSeconds(sandboxPid), bench: process.cpuUsage() };
  const rss = sampleRss(run.gatewayPid);
  const load = await runLoad(run);
  const maxRss = rss.stop();
  await settle(run.sandboxes, quietMs);
  const bench = process.cpuUsage(cpuBefore.bench);
  const cpuMs = (before: number | null, after: number | null) =>
    before === null || after === null ? null : Math.round(((after - before) * 1000 * 10) / Math.max(load.sent, 1)) / 10;
  const stats = await run.sandboxes.stats();
  const perSilo: Partial<Record<System, number>> = {};
  const byEndpoint: Partial<Record<System, Record<string, number>>> = {};
  let total = 0;
  for (const [system, s] of stats) {
    total += s.total;
    perSilo[system] = perQuery(s.total, load.sent);
    byEndpoint[system] = Object.fromEntries(Object.entries(s.byEndpoint).map(([endpoint, n]) => [endpoint, perQuery(n, load.sent)]));
  }
  const floorMs = run.latencyMs * run.floorLevels;
  return {
    scenario: run.scenario.id,
    mode: run.mode,
    concurrency: run.connections,
    ...load,
    upstream: { perQuery: perQuery(total, load.sent), perSilo, byEndpoint, total },
    gatewayRssMB: maxRss === null ? null : Math.round(maxRss / 2 ** 20),
    loadAverage: loadAverage(),
    cpuMsPerQuery: {
      gateway: cpuMs(cpuBefore.gateway, cpuSeconds(run.gatewayPid)),
      sandboxes: cpuMs(cpuBefore.sandboxes, cpuSeconds(sandboxPid)),
      loadGenerator: cpuMs(0, (bench.user + bench.system) / 1e6),
    },
    floorMs,
    ratios: {
      p50OverFloor: floorMs > 0 && load.latencyMs.p50 !== null ? Math.round((load.latencyMs.p50 / floorMs) * 100) / 100 : null,
      throughputOverBaseline: null,
    },
  };
}

/** A baseline run: a short warm-up, then the measured load. */
export async function measureBaseline(plan: LoadPlan, warmupSec: number): Promise<LoadResult> {
  if (warmupSec > 0) await runLoad({ ...plan, durationSec: warmupSec });
  return runLoad(plan);
}
