import { randomBytes } from 'node:crypto';
import type { Role } from '../src/auth/index.js';
import { baselineMatches, startBaseline, type BaselineProcess } from './baseline.js';
import { benchWorld, tokenPool, worldVariables } from './inputs.js';
import { postGraphql } from './load.js';
import { measureBaseline, measureGateway } from './measure.js';
import type { BenchOptions, Mode } from './options.js';
import { prepare } from './prepare.js';
import { gitInfo, machineInfo, progressLine, type BaselineFigures, type BenchResults, type RunFigures } from './report.js';
import { selectScenarios, type Scenario } from './scenarios.js';
import { startGateway, startSandboxes, type GatewayProcess, type Sandboxes } from './stack.js';

const say = (line: string) => process.stderr.write(`${line}\n`);

/** Rotates through a role's pre-signed tokens, across runs, so consecutive requests never share a `sub`. */
function rotation(tokens: readonly string[]): () => string {
  let i = 0;
  return () => tokens[i++ % tokens.length] as string;
}

/** What every phase shares. */
interface Bench {
  o: BenchOptions;
  scenarios: Scenario[];
  sandboxes: Sandboxes;
  varsOf(s: Scenario): readonly Record<string, unknown>[];
  tokens(s: Scenario): () => string;
  progress(label: string, figures: Parameters<typeof progressLine>[3], extra?: string): void;
}

/** Every scenario at every concurrency against one gateway. */
async function gatewayPhase(b: Bench, mode: Mode, gateway: GatewayProcess): Promise<RunFigures[]> {
  const runs: RunFigures[] = [];
  say(`bench: gateway (${mode}) at ${gateway.graphqlUrl}, pid ${gateway.service.pid}`);
  try {
    for (const scenario of b.scenarios) {
      for (const connections of b.o.concurrencies) {
        const figures = await measureGateway({
          graphqlUrl: gateway.graphqlUrl, scenario, variables: b.varsOf(scenario), nextToken: b.tokens(scenario), connections,
          durationSec: b.o.durationSec, mode, gatewayPid: gateway.service.pid, sandboxes: b.sandboxes, warmupSec: b.o.warmupSec,
          latencyMs: b.o.latencyMs, floorLevels: scenario.floorLevels,
        });
        runs.push(figures);
        const { cpuMsPerQuery: cpu, upstream, ratios } = figures;
        b.progress(`${scenario.id} ${mode} c=${connections}`, figures,
          `  upstream/query ${upstream.perQuery}  CPU ms/query gateway ${cpu.gateway} sandboxes ${cpu.sandboxes}  RSS ${figures.gatewayRssMB ?? '?'} MB  p50/floor ${ratios.p50OverFloor ?? '—'}  load ${figures.loadAverage}`);
      }
    }
  } finally {
    await gateway.service.stop();
  }
  return runs;
}

/** The replayed scenarios at every concurrency against the baseline. */
async function baselinePhase(b: Bench, base: BaselineProcess, replayed: Scenario[]): Promise<BaselineFigures[]> {
  const figures: BaselineFigures[] = [];
  say(`bench: baseline at ${base.graphqlUrl}`);
  try {
    for (const scenario of replayed) {
      for (const connections of b.o.concurrencies) {
        const plan = { graphqlUrl: base.graphqlUrl, scenario, variables: b.varsOf(scenario), nextToken: b.tokens(scenario), connections, durationSec: b.o.baselineDurationSec };
        const result = await measureBaseline(plan, b.o.quick ? 0 : 1);
        figures.push({ scenario: scenario.id, concurrency: connections, ...result });
        b.progress(`${scenario.id} baseline c=${connections}`, result);
      }
    }
  } finally {
    await base.service.stop();
  }
  return figures;
}

/**
 * The whole benchmark: sandboxes in one process; a preparing gateway (BI crawl, responses for the
 * baseline); per mode a fresh gateway running every scenario at every concurrency; then the baseline.
 * Processes start while others work where that cannot disturb a measurement (nothing is measured yet).
 */
export async function runBench(o: BenchOptions): Promise<BenchResults> {
  const started = new Date();
  const machine = machineInfo();
  const scenarios = selectScenarios(o.scenarios);
  const sandboxesStarting = startSandboxes(o);
  say(`bench: world of ${o.people} people (seed ${o.seed}), ${o.tokenPool} tokens per role, sandbox latency ${o.latencyMs} ms`);
  const variables = worldVariables(benchWorld(o.seed, o.people));
  const jwtSecret = randomBytes(32).toString('base64url');
  const gatewaySecret = randomBytes(32).toString('base64url');
  const roles = [...new Set(scenarios.map((s) => s.role))];
  const pools = new Map<Role, string[]>(await Promise.all(roles.map(async (r) => [r, await tokenPool(jwtSecret, r, o.tokenPool)] as const)));
  const rotations = new Map([...pools].map(([role, pool]) => [role, rotation(pool)]));
  const tokens = (s: Scenario) => rotations.get(s.role) as () => string;
  const sandboxes = await sandboxesStarting;
  say(`bench: sandboxes up (${[...sandboxes.urls.keys()].join(', ')})`);

  const total = scenarios.length * o.concurrencies.length * (o.modes.length + 1);
  let done = 0;
  const b: Bench = {
    o, scenarios, sandboxes, tokens,
    varsOf: (s) => variables.get(s.id) ?? [],
    progress: (label, figures, extra) => say(progressLine(++done, total, label, figures, extra)),
  };
  try {
    const gateway = (mode: Mode) => startGateway({ sandboxes, mode, jwtSecret, gatewaySecret, deadlineMs: o.deadlineMs, profileDir: o.profileDir, vendorLimits: o.vendorLimits });
    const [firstGateway, { captured, notes }] = await Promise.all([
      gateway(o.modes[0] ?? 'cold'),
      prepare({ options: o, scenarios, sandboxes, variables, nextToken: (s) => tokens(s)(), jwtSecret, gatewaySecret, say }),
    ]);
    for (const note of notes) say(`bench: note: ${note}`);
    const baselineStarting = startBaseline(captured);
    const runs: RunFigures[] = [];
    for (const [i, mode] of o.modes.entries()) runs.push(...(await gatewayPhase(b, mode, i === 0 ? firstGateway : await gateway(mode))));

    const replayed = scenarios.filter((s) => captured[s.rootField]);
    const base = await baselineStarting;
    const post = (s: Scenario, v: Record<string, unknown>) => postGraphql(base.graphqlUrl, tokens(s)(), s.query, v);
    const matches = await baselineMatches(replayed, b.varsOf, captured, post);
    const baseline = await baselinePhase(b, base, replayed);
    for (const run of runs) {
      const x = baseline.find((f) => f.scenario === run.scenario && f.concurrency === run.concurrency);
      if (x && x.requestsPerSec > 0) run.ratios.throughputOverBaseline = Math.round((run.requestsPerSec / x.requestsPerSec) * 1000) / 1000;
    }
    const { out: _out, profileDir: _profile, ...settings } = o;
    return {
      benchmark: 'customer-360-gateway',
      timestamp: started.toISOString(),
      git: gitInfo(),
      machine,
      settings,
      scenarios: scenarios.map((s) => ({
        id: s.id, title: s.title, role: s.role, floorLevels: s.floorLevels, floorMs: s.floorLevels * o.latencyMs, levelDerivation: s.levelDerivation, query: s.query,
      })),
      baselineMatchesGateway: matches,
      notes,
      runs,
      baseline,
    };
  } finally {
    await sandboxes.service.stop();
  }
}
