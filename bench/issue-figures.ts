import type { Mode, ScenarioId, SystemId } from './options.js';
import type { BenchResults, RunFigures } from './results-types.js';

/** One of the issue's peer figures next to the one measured, and whether it lands within ±30 %. */
export interface PeerFigureCheck {
  figure: string;
  issue: string;
  measured: string;
  within30: boolean | null;
}

type Pick = (x: RunFigures) => number | null;

interface IssueFigure {
  figure: string;
  system: SystemId;
  scenario: ScenarioId;
  mode: Mode;
  concurrency: number;
  pick: Pick;
  /** The issue's figure, or the range it gave. */
  expected: [number, number];
  unit: string;
}

// The peers' figures in issue 14 ("Where it stands", commit 51c2689), measured on this machine.
const ISSUE: readonly IssueFigure[] = [
  { figure: 'peer 1 agent cold c=1 p50', system: 'peer1', scenario: 'agent', mode: 'cold', concurrency: 1, pick: (x) => x.latencyMs.p50, expected: [135, 135], unit: 'ms' },
  { figure: 'peer 2 agent cold c=1 p50', system: 'peer2', scenario: 'agent', mode: 'cold', concurrency: 1, pick: (x) => x.latencyMs.p50, expected: [135, 135], unit: 'ms' },
  { figure: 'peer 1 agent cold c=50 req/s', system: 'peer1', scenario: 'agent', mode: 'cold', concurrency: 50, pick: (x) => x.requestsPerSec, expected: [227, 227], unit: 'req/s' },
  { figure: 'peer 1 agent cold c=50 p50', system: 'peer1', scenario: 'agent', mode: 'cold', concurrency: 50, pick: (x) => x.latencyMs.p50, expected: [210, 210], unit: 'ms' },
  { figure: 'peer 1 upstream requests per agent query', system: 'peer1', scenario: 'agent', mode: 'cold', concurrency: 1, pick: (x) => x.upstream.perQuery, expected: [6.1, 6.1], unit: '' },
  { figure: 'peer 1 CPU per agent query, cold (c=50)', system: 'peer1', scenario: 'agent', mode: 'cold', concurrency: 50, pick: (x) => x.cpuMsPerQuery.server, expected: [3, 11], unit: 'ms' },
  { figure: 'peer 2 agent warm c=50 req/s', system: 'peer2', scenario: 'agent', mode: 'warm', concurrency: 50, pick: (x) => x.requestsPerSec, expected: [2340, 2340], unit: 'req/s' },
  { figure: 'peer 2 agent warm c=50 p50', system: 'peer2', scenario: 'agent', mode: 'warm', concurrency: 50, pick: (x) => x.latencyMs.p50, expected: [17, 17], unit: 'ms' },
  { figure: 'peer 2 CPU per agent query, warm c=50', system: 'peer2', scenario: 'agent', mode: 'warm', concurrency: 50, pick: (x) => x.cpuMsPerQuery.server, expected: [0.4, 0.4], unit: 'ms' },
  { figure: 'peer 1 RSS at agent cold c=50', system: 'peer1', scenario: 'agent', mode: 'cold', concurrency: 50, pick: (x) => x.rssMB, expected: [75, 210], unit: 'MB' },
  { figure: 'peer 2 BI cold c=1 p50', system: 'peer2', scenario: 'bi', mode: 'cold', concurrency: 1, pick: (x) => x.latencyMs.p50, expected: [119, 119], unit: 'ms' },
  { figure: 'peer 2 BI cold c=1 upstream requests per page', system: 'peer2', scenario: 'bi', mode: 'cold', concurrency: 1, pick: (x) => x.upstream.perQuery, expected: [5, 5], unit: '' },
  { figure: 'peer 2 BI cold c=1 CPU per page', system: 'peer2', scenario: 'bi', mode: 'cold', concurrency: 1, pick: (x) => x.cpuMsPerQuery.server, expected: [18, 18], unit: 'ms' },
  { figure: 'peer 2 BI warm c=10 pages/s', system: 'peer2', scenario: 'bi', mode: 'warm', concurrency: 10, pick: (x) => x.requestsPerSec, expected: [100, 110], unit: 'pages/s' },
];

const show = ([lo, hi]: [number, number], unit: string) => `${lo === hi ? lo : `${lo}–${hi}`}${unit ? ` ${unit}` : ''}`;

/** The issue's peer figures beside this run's: a peer figure off by more than 30 % needs a reason in the note. */
export function comparePeers(r: BenchResults): PeerFigureCheck[] {
  return ISSUE.flatMap((e) => {
    const run = r.runs.find((x) => x.system === e.system && x.scenario === e.scenario && x.mode === e.mode && x.concurrency === e.concurrency);
    if (!run) return [];
    const value = run.outcome === 'served' ? e.pick(run) : null;
    const [lo, hi] = e.expected;
    return [{
      figure: e.figure,
      issue: show(e.expected, e.unit),
      measured: value === null ? (run.outcome === 'none-completed' ? 'none completed' : '—') : `${Math.round(value * 100) / 100}${e.unit ? ` ${e.unit}` : ''}`,
      within30: value === null ? null : value >= 0.7 * lo && value <= 1.3 * hi,
    }];
  });
}
