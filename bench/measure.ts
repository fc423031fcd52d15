import type { System } from '../src/model/index.js';
import { postGraphql, round, runLoad, type LoadPlan, type LoadResult } from './load.js';
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
  /** The audit trail's CPU in the window as a percentage of the server tree's (its `/metrics`); null for a server without it. */
  auditCpuPercent: number | null;
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
  /** Warm mode: ask every input of the rotation once before the warm-up, so the caches hold them all. */
  prime: boolean;
}

// Priming is not measured: a few callers at a time, so a slow server is not overloaded by it.
const PRIMING_CALLERS = 10;

/** Sends every input of the rotation once, `PRIMING_CALLERS` at a time. */
async function prime(plan: MeasurePlan): Promise<void> {
  let next = 0;
  const caller = async () => {
    while (next < plan.variables.length) {
      const variables = plan.variables[next++] as Record<string, unknown>;
      await postGraphql(plan.graphqlUrl, plan.nextToken(), plan.scenario.query, variables).catch(() => undefined);
    }
  };
  await Promise.all(Array.from({ length: PRIMING_CALLERS }, caller));
}

/**
 * Waits until the server's process tree stops using CPU (at most 10 % of a core over `quietMs`): a load window
 * that ends leaves queries the load generator hung up on, and a server without upstream calls to wait for
 * (a warm cache) keeps computing them; the next window must not inherit that backlog. Gives up after `capMs`.
 */
export async function settleCpu(pid: number, quietMs = 200, capMs = 10_000): Promise<void> {
  const until = Date.now() + capMs;
  let last = cpuSeconds(pid);
  while (last !== null && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, quietMs));
    const now = cpuSeconds(pid);
    if (now === null || now - last <= (0.1 * quietMs) / 1000) return;
    last = now;
  }
}

/**
 * The audit trail's CPU seconds so far, summed over its threads, from the gateway's `/metrics` (next to `/graphql`);
 * null when the server reports none (the peers keep no audit trail).
 */
async function auditCpuSeconds(graphqlUrl: string): Promise<number | null> {
  const response = await fetch(new URL('/metrics', graphqlUrl)).catch(() => null);
  if (!response?.ok) return null;
  const series = (await response.text()).split('\n').filter((line) => line.startsWith('c360_audit_cpu_seconds_total{'));
  return series.length === 0 ? null : series.reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

const perQuery = (n: number, queries: number) => Math.round((n / Math.max(queries, 1)) * 100) / 100;

/**
 * One window: resets the sandboxes' counters, runs the load while sampling the server tree's RSS, waits for
 * the server to finish queries still in flight (the sandboxes go quiet, the server's CPU too), then reads the
 * counters; the CPU of the queries finished after the window is theirs. Upstream
 * calls and CPU are divided by requests *sent*: a server completes a query even when the load generator hung
 * up on it at the end of the window, so those calls belong to a query too.
 */
async function measureWindow(plan: MeasurePlan, quietMs: number): Promise<WindowFigures> {
  await plan.sandboxes.resetStats();
  const sandboxPid = plan.sandboxes.service.pid;
  const before = { server: cpuSeconds(plan.pid), sandboxes: cpuSeconds(sandboxPid), bench: process.cpuUsage(), audit: await auditCpuSeconds(plan.graphqlUrl) };
  const rss = sampleRss(plan.pid);
  const load = await runLoad(plan);
  const maxRss = rss.stop();
  await settle(plan.sandboxes, quietMs);
  await settleCpu(plan.pid);
  const after = { server: cpuSeconds(plan.pid), sandboxes: cpuSeconds(sandboxPid), bench: process.cpuUsage(before.bench), audit: await auditCpuSeconds(plan.graphqlUrl) };
  const stats = await plan.sandboxes.stats();
  const perSilo: Partial<Record<System, number>> = {};
  const byEndpoint: Partial<Record<System, Record<string, number>>> = {};
  let total = 0;
  for (const [system, s] of stats) {
    total += s.total;
    perSilo[system] = perQuery(s.total, load.sent);
    byEndpoint[system] = Object.fromEntries(Object.entries(s.byEndpoint).map(([endpoint, n]) => [endpoint, perQuery(n, load.sent)]));
  }
  const percent = (a0: number | null, a1: number | null, s0: number | null, s1: number | null) =>
    a0 === null || a1 === null || s0 === null || s1 === null || s1 <= s0 ? null : round((100 * (a1 - a0)) / (s1 - s0), 2);
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
    auditCpuPercent: percent(before.audit, after.audit, before.server, after.server),
    loadAverage: loadAverage(),
  };
}

/** Primes (warm mode), warms up (unmeasured, then the sandboxes and the server go quiet) and measures `windows` windows back to back. */
export async function measureWindows(plan: MeasurePlan): Promise<WindowFigures[]> {
  const quietMs = Math.max(200, 3 * plan.latencyMs);
  if (plan.prime) await prime(plan);
  if (plan.warmupSec > 0) await runLoad({ ...plan, durationSec: plan.warmupSec });
  await settle(plan.sandboxes, quietMs);
  await settleCpu(plan.pid);
  const windows: WindowFigures[] = [];
  for (let i = 0; i < Math.max(1, plan.windows); i++) windows.push(await measureWindow(plan, quietMs));
  return windows;
}
