import { randomBytes } from 'node:crypto';
import type { Role } from '../src/auth/index.js';
import { checkAgreement, sampleTickets } from './agreement.js';
import { aggregate } from './aggregate.js';
import { benchWorld, tokenPool, worldFingerprint, worldVariables } from './inputs.js';
import { gitInfo, machineInfo } from './machine.js';
import { measureWindows } from './measure.js';
import type { BenchOptions, Mode, ScenarioId, SystemId } from './options.js';
import { startPeer } from './peer-process.js';
import { crawlPositions, prepareGatewayPositions } from './prepare.js';
import { progressLine } from './report.js';
import type { BenchResults, RunFigures } from './results-types.js';
import { selectScenarios, type Scenario } from './scenarios.js';
import { openCircuits, settle, startGateway, startSandboxes, type Sandboxes } from './stack.js';
import { measureStartup } from './startup.js';

const say = (line: string) => process.stderr.write(`${line}\n`);

/** The scenarios the peers implement (bench/peers/): the agent view and the BI page. */
const PEER_SCENARIOS: readonly ScenarioId[] = ['agent', 'bi'];

/** Rotates through a role's pre-signed tokens, across runs, so consecutive requests never share a `sub`. */
function rotation(tokens: readonly string[]): () => string {
  let i = 0;
  return () => tokens[i++ % tokens.length] as string;
}

/** One measured server process, whichever system it is. */
interface Server {
  pid: number;
  graphqlUrl: string;
  stop(): Promise<void>;
}

/** What every phase shares. */
interface Bench {
  o: BenchOptions;
  sandboxes: Sandboxes;
  tokens(s: Scenario): () => string;
  /** BI positions per system family: the gateway's cursors, and the peers' (both page HubSpot the same way). */
  variables: Map<string, Record<string, unknown>[]>;
  start(system: SystemId, mode: Mode): Promise<Server>;
  results: Pick<BenchResults, 'agreement' | 'notes'>;
  samples: { ticketId: string; email: string }[];
  quietMs: number;
  progress(r: RunFigures): void;
}

const varsKey = (system: SystemId, s: Scenario) => (s.id === 'bi' ? `bi:${system === 'gateway' ? 'gateway' : 'peers'}` : s.id);

/**
 * After a level: wait for the sandboxes to go quiet (the server's backlog drained) and, for the gateway, read
 * which circuits the level left open (`/readyz`). The bench injects no faults, so an open circuit here was fed
 * by the gateway's own queueing or deadlines; an unreadable `/readyz` counts as one.
 */
async function circuitsAfterLevel(b: Bench, system: SystemId, server: Server): Promise<string[] | null> {
  await settle(b.sandboxes, b.quietMs);
  if (system !== 'gateway') return null;
  return openCircuits(server.graphqlUrl).catch((error: unknown) => [`readyz failed: ${error instanceof Error ? error.message : String(error)}`]);
}

/** Every scenario the system implements at every concurrency, against one server (restarted where needed). */
async function systemPhase(b: Bench, system: SystemId, mode: Mode, scenarios: Scenario[]): Promise<RunFigures[]> {
  const runs: RunFigures[] = [];
  let server = await b.start(system, mode);
  say(`bench: ${system} (${mode}) at ${server.graphqlUrl}, pid ${server.pid}`);
  try {
    const agent = scenarios.find((s) => s.id === 'agent');
    if (agent && mode === 'cold' && !b.results.agreement[system]) {
      b.results.agreement[system] = await checkAgreement({ graphqlUrl: server.graphqlUrl, agent, token: b.tokens(agent), sandboxes: b.sandboxes, samples: b.samples, quietMs: b.quietMs });
    }
    const bi = scenarios.find((s) => s.id === 'bi');
    if (bi && system !== 'gateway' && !b.variables.has(varsKey(system, bi))) {
      const crawl = await crawlPositions({ graphqlUrl: server.graphqlUrl, bi, token: b.tokens(bi), pages: b.o.biPages, who: system, say });
      b.variables.set(varsKey(system, bi), crawl.variables);
      if (crawl.note) b.results.notes.push(crawl.note);
    }
    // A gateway a level left with an open circuit is restarted, so one level's open breaker never poisons the next.
    let before = 'started';
    for (const scenario of scenarios) {
      for (const connections of b.o.concurrencies) {
        const windows = await measureWindows({
          graphqlUrl: server.graphqlUrl, scenario, variables: b.variables.get(varsKey(system, scenario)) ?? [], nextToken: b.tokens(scenario), connections,
          durationSec: b.o.durationSec, pid: server.pid, sandboxes: b.sandboxes, warmupSec: b.o.warmupSec, windows: b.o.windows, latencyMs: b.o.latencyMs,
          prime: mode === 'warm',
        });
        const figures = aggregate(windows);
        const floorMs = b.o.latencyMs * scenario.floorLevels;
        const run: RunFigures = {
          system, scenario: scenario.id, mode, concurrency: connections, before, openCircuitsAfter: null, ...figures, floorMs,
          ratios: {
            p50OverFloor: floorMs > 0 && figures.latencyMs.p50 !== null ? Math.round((figures.latencyMs.p50 / floorMs) * 100) / 100 : null,
            throughputOverPeer1: null,
            throughputOverPeer2: null,
          },
          windowFigures: windows,
        };
        run.openCircuitsAfter = await circuitsAfterLevel(b, system, server);
        runs.push(run);
        b.progress(run);
        before = 'settled';
        if (run.openCircuitsAfter?.length) {
          await server.stop();
          server = await b.start(system, mode);
          before = `restarted (${run.openCircuitsAfter.join(', ')} after the previous level)`;
        }
      }
    }
  } finally {
    await server.stop();
  }
  return runs;
}

/** The gateway's served req/s over each peer's at the same scenario and concurrency (peer 1, without a cache, cold). */
function fillRatios(runs: RunFigures[]): void {
  const find = (system: SystemId, r: RunFigures, mode: Mode) =>
    runs.find((x) => x.system === system && x.scenario === r.scenario && x.concurrency === r.concurrency && x.mode === mode && x.outcome === 'served');
  const ratio = (a: number, b: number | undefined) => (b ? Math.round((a / b) * 100) / 100 : null);
  for (const r of runs.filter((x) => x.system === 'gateway')) {
    r.ratios.throughputOverPeer1 = ratio(r.requestsPerSec, find('peer1', r, 'cold')?.requestsPerSec);
    r.ratios.throughputOverPeer2 = ratio(r.requestsPerSec, find('peer2', r, r.mode)?.requestsPerSec);
  }
}

/**
 * The whole benchmark: the sandboxes in one process; a preparing gateway crawls the BI positions; then per mode
 * each system in its own process, every scenario it implements at every concurrency, measured in windows; the
 * gateway's ratios to the peers; last, `npm start` timed from a fresh clone and on a restart.
 */
export async function runBench(o: BenchOptions): Promise<BenchResults> {
  const started = new Date();
  const machine = machineInfo();
  const scenarios = selectScenarios(o.scenarios);
  const sandboxesStarting = startSandboxes(o);
  say(`bench: world of ${o.people} people (seed ${o.seed}), ${o.tokenPool} tokens per role, sandbox latency ${o.latencyMs} ms, ${o.windows} window(s) of ${o.durationSec} s`);
  const worldData = benchWorld(o.seed, o.people);
  const world = worldFingerprint(worldData, o.people);
  if (world.matchesPinned === false) say(`bench: note: the world is not the pinned one (sha256 ${world.sha256})`);
  const variables = new Map<string, Record<string, unknown>[]>(worldVariables(worldData));
  const jwtSecret = randomBytes(32).toString('base64url');
  const gatewaySecret = randomBytes(32).toString('base64url');
  const roles = [...new Set(scenarios.map((s) => s.role))];
  const pools = new Map<Role, string[]>(await Promise.all(roles.map(async (r) => [r, await tokenPool(jwtSecret, r, o.tokenPool)] as const)));
  const rotations = new Map([...pools].map(([role, pool]) => [role, rotation(pool)]));
  const tokens = (s: Scenario) => rotations.get(s.role) as () => string;
  const sandboxes = await sandboxesStarting;
  say(`bench: sandboxes up (${[...sandboxes.urls.keys()].join(', ')})`);

  const scenariosOf = (system: SystemId) => (system === 'gateway' ? scenarios : scenarios.filter((s) => PEER_SCENARIOS.includes(s.id)));
  // Peer 1 has no cache: warm would measure it cold again.
  const phases = o.modes.flatMap((mode) => o.systems.filter((system) => !(system === 'peer1' && mode === 'warm')).map((system) => ({ mode, system })));
  const total = phases.reduce((n, p) => n + scenariosOf(p.system).length * o.concurrencies.length, 0);
  let done = 0;
  const results: Pick<BenchResults, 'agreement' | 'notes'> = { agreement: {}, notes: [] };
  const b: Bench = {
    o, sandboxes, tokens, variables, results,
    samples: sampleTickets(worldData),
    quietMs: Math.max(200, 3 * o.latencyMs),
    start: async (system, mode) => {
      if (system === 'gateway') {
        const g = await startGateway({ sandboxes, mode, jwtSecret, gatewaySecret, deadlineMs: o.deadlineMs, profileDir: o.profileDir, vendorLimits: o.vendorLimits });
        return { pid: g.service.pid, graphqlUrl: g.graphqlUrl, stop: () => g.service.stop() };
      }
      const p = await startPeer(system, sandboxes, mode);
      return { pid: p.service.pid, graphqlUrl: p.graphqlUrl, stop: () => p.service.stop() };
    },
    progress: (r) => say(progressLine(++done, total, r)),
  };
  try {
    const bi = scenarios.find((s) => s.id === 'bi');
    if (bi && o.systems.includes('gateway')) {
      const crawl = await prepareGatewayPositions({ options: o, bi, sandboxes, token: tokens(bi), jwtSecret, gatewaySecret, say });
      variables.set('bi:gateway', crawl.variables);
      if (crawl.note) results.notes.push(crawl.note);
    }
    const runs: RunFigures[] = [];
    for (const { mode, system } of phases) runs.push(...(await systemPhase(b, system, mode, scenariosOf(system))));
    fillRatios(runs);
    let startup: BenchResults['startup'] = null;
    if (o.startup) {
      say('bench: timing npm start (fresh clone, then restart)');
      startup = await measureStartup();
    }
    for (const note of results.notes) say(`bench: note: ${note}`);
    const { out: _out, profileDir: _profile, ...settings } = o;
    return {
      benchmark: 'customer-360-gateway',
      timestamp: started.toISOString(),
      git: gitInfo(),
      machine,
      settings,
      world,
      scenarios: scenarios.map((s) => ({
        id: s.id, title: s.title, role: s.role, floorLevels: s.floorLevels, floorMs: s.floorLevels * o.latencyMs, levelDerivation: s.levelDerivation, query: s.query,
      })),
      agreement: results.agreement,
      startup,
      notes: results.notes,
      runs,
    };
  } finally {
    await sandboxes.service.stop();
  }
}
