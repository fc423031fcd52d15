import type { Agreement } from './agreement.js';
import type { Aggregate } from './aggregate.js';
import type { WorldFingerprint } from './inputs.js';
import type { GitInfo, MachineInfo } from './machine.js';
import type { WindowFigures } from './measure.js';
import type { BenchOptions, Mode, ScenarioId, SystemId } from './options.js';
import type { StartupFigures } from './startup.js';

/** The figures of one system × scenario × mode × concurrency: the median over its windows, with the spread. */
export interface RunFigures extends Aggregate {
  system: SystemId;
  scenario: ScenarioId;
  mode: Mode;
  concurrency: number;
  /** How the server came to this level: freshly started, settled (sandboxes quiet, circuits closed) or restarted, and why. */
  before: string;
  /** The gateway's circuits not closed once the level's backlog drained (null for the peers, which have none). */
  openCircuitsAfter: string[] | null;
  floorMs: number;
  ratios: {
    p50OverFloor: number | null;
    /** Served req/s of the gateway ÷ the peer's at the same scenario and concurrency (peer 1 has no cache: its cold figure). */
    throughputOverPeer1: number | null;
    throughputOverPeer2: number | null;
  };
  windowFigures: WindowFigures[];
}

/** Everything a results file holds. */
export interface BenchResults {
  benchmark: 'customer-360-gateway';
  timestamp: string;
  git: GitInfo;
  machine: MachineInfo;
  settings: Omit<BenchOptions, 'out' | 'profileDir'>;
  world: WorldFingerprint;
  scenarios: { id: ScenarioId; title: string; role: string; floorLevels: number; floorMs: number; levelDerivation: string; query: string }[];
  /** Per system, the sample tickets' answers checked against the world, before any load. */
  agreement: Partial<Record<SystemId, Agreement>>;
  startup: StartupFigures | null;
  /** Anything that kept the bench from measuring what it meant to (a crawl cut short, a restart). */
  notes: string[];
  runs: RunFigures[];
}
