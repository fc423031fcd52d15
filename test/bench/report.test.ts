import { describe, expect, it } from 'vitest';
import { aggregate, median } from '../../bench/aggregate.js';
import type { WindowFigures } from '../../bench/measure.js';
import { parseOptions } from '../../bench/options.js';
import { formatTable } from '../../bench/report.js';
import type { BenchResults, RunFigures } from '../../bench/results-types.js';
import { evaluateTargets } from '../../bench/targets.js';

// The report's reading of figures: medians and spreads over windows, "none completed" shown as such, targets
// met or missed by the thresholds, --quick never pointed at the committed results.

function window(o: Partial<WindowFigures> = {}): WindowFigures {
  return {
    durationSec: 1, outcome: 'served', completed: 10, served: 10, overloaded: 0, overloadedWithoutRetryAfter: 0, sent: 10, requestsPerSec: 10,
    latencyMs: { p50: 100, p95: 150, p99: 160, mean: 110, max: 170 },
    errors: { transport: 0, non2xx: 0, graphql: 0, empty: 0, codes: {}, blamed: {} },
    upstream: { perQuery: 6, perSilo: { hubspot: 1, shopify: 1, zendesk: 3, square: 1 }, byEndpoint: {}, total: 60 },
    rssMB: 100, cpuMsPerQuery: { server: 2, sandboxes: 1, loadGenerator: 0.5 }, sandboxCpuMsPerUpstreamCall: 0.2, auditCpuPercent: 2.5, loadAverage: 0.5,
    ...o,
  };
}

const nothing = window({ outcome: 'none-completed', completed: 0, served: 0, requestsPerSec: 0, latencyMs: { p50: null, p95: null, p99: null, mean: null, max: null } });

function run(o: Partial<RunFigures> & Pick<RunFigures, 'system' | 'scenario' | 'mode' | 'concurrency'>, windows: WindowFigures[]): RunFigures {
  return { ...aggregate(windows), before: 'started', openCircuitsAfter: null, floorMs: 200, ratios: { p50OverFloor: 0.5, throughputOverPeer1: null, throughputOverPeer2: null }, windowFigures: windows, ...o };
}

function results(runs: RunFigures[]): BenchResults {
  const { out: _out, profileDir: _p, ...settings } = parseOptions([]);
  return {
    benchmark: 'customer-360-gateway', timestamp: new Date(0).toISOString(), git: { commit: null, dirty: null },
    machine: { nproc: 2, cpu: 'x', memoryGB: 1, node: process.version, platform: 'linux', kernel: 'k', loadAverageAtStart: 0 },
    settings, world: { seed: 42, people: 2000, sha256: 'a'.repeat(64), pinned: 'a'.repeat(64), matchesPinned: true },
    scenarios: [{ id: 'agent', title: 'Agent context', role: 'support', floorLevels: 5, floorMs: 200, levelDerivation: '', query: '' }],
    agreement: {}, startup: null, notes: [], runs,
  };
}

describe('aggregate', () => {
  it('takes the median of rates, sums counts and gives the spread', () => {
    const a = aggregate([window({ requestsPerSec: 10 }), window({ requestsPerSec: 30, served: 30, completed: 30, sent: 30 }), window({ requestsPerSec: 20 })]);
    expect(a.requestsPerSec).toBe(20);
    expect(a.served).toBe(50);
    expect(a.spread.requestsPerSec).toEqual([10, 30]);
    expect(a.windows).toBe(3);
  });

  it('counts windows that completed nothing, and a run made only of them is none completed', () => {
    expect(aggregate([window(), nothing, window()]).windowsNoneCompleted).toBe(1);
    const none = aggregate([nothing, nothing, nothing]);
    expect(none.outcome).toBe('none-completed');
    expect(none.latencyMs.p50).toBeNull();
    expect(none.spread.requestsPerSec).toBeNull();
  });

  it('has a median of nothing that is null', () => {
    expect(median([null, undefined])).toBeNull();
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('formatTable', () => {
  it('shows a run that completed nothing as "none completed", not as 0 req/s', () => {
    const table = formatTable(results([run({ system: 'gateway', scenario: 'agent', mode: 'cold', concurrency: 50 }, [nothing])]));
    expect(table).toMatch(/\| gateway \| Agent context \| cold \| 50 \| none completed \(10 sent\) \| — \|/);
    expect(table).not.toMatch(/\| 50 \| 0\.0 \|/);
  });

  it('shows errors by code and the silo they blame, and sheds apart', () => {
    const w = window({ overloaded: 4, completed: 14, errors: { transport: 0, non2xx: 0, graphql: 2, empty: 0, codes: { CIRCUIT_OPEN: 2, OVERLOADED: 4 }, blamed: { CRM: { CIRCUIT_OPEN: 2 } } } });
    const table = formatTable(results([run({ system: 'gateway', scenario: 'agent', mode: 'cold', concurrency: 200 }, [w])]));
    expect(table).toContain('| 4 | 2 (CIRCUIT_OPEN×2) blames CRM: CIRCUIT_OPEN×2 |');
  });
});

describe('evaluateTargets', () => {
  it('marks the agent target met or missed against peer 1 and the fixed floor', () => {
    const peer = run({ system: 'peer1', scenario: 'agent', mode: 'cold', concurrency: 50 }, [window({ requestsPerSec: 200 })]);
    const fast = run({ system: 'gateway', scenario: 'agent', mode: 'cold', concurrency: 50 }, [window({ requestsPerSec: 250 })]);
    const slow = run({ system: 'gateway', scenario: 'agent', mode: 'cold', concurrency: 50 }, [window({ requestsPerSec: 150 })]);
    const verdict = (runs: RunFigures[]) => evaluateTargets(results(runs)).find((t) => t.target.startsWith('Agent context, cold, c=50'))?.verdict;
    expect(verdict([fast, peer])).toBe('met');
    expect(verdict([slow, peer])).toBe('missed');
    expect(verdict([fast])).toBe('not measured');
  });

  it("judges the audit target by the trail's largest CPU share over the gateway's c=50 runs, and not for a peer", () => {
    const verdict = (runs: RunFigures[]) => evaluateTargets(results(runs)).find((t) => t.target.startsWith('Audit writes'))?.verdict;
    const at = (percent: number | null, system: RunFigures['system'] = 'gateway') =>
      run({ system, scenario: 'agent', mode: 'cold', concurrency: 50 }, [window({ auditCpuPercent: percent })]);
    expect(verdict([at(1.2), at(4.9)])).toBe('met');
    expect(verdict([at(1.2), at(6.6)])).toBe('missed');
    expect(verdict([at(null), at(9, 'peer2')])).toBe('not measured');
  });

  it('misses the overload target when an error blames a silo at c=200', () => {
    const blamed = window({ errors: { transport: 0, non2xx: 0, graphql: 1, empty: 0, codes: { SOURCE_TIMEOUT: 1 }, blamed: { SUPPORT: { SOURCE_TIMEOUT: 1 } } } });
    const runs = [run({ system: 'gateway', scenario: 'agent', mode: 'cold', concurrency: 50 }, [window()]), run({ system: 'gateway', scenario: 'agent', mode: 'cold', concurrency: 200 }, [blamed])];
    const overload = evaluateTargets(results(runs)).find((t) => t.target.startsWith('Overload'));
    expect(overload?.verdict).toBe('missed');
    expect(overload?.measured).toContain('SUPPORT SOURCE_TIMEOUT×1');
  });
});

describe('evaluateTargets on overload', () => {
  const overload = (runs: RunFigures[]) => evaluateTargets(results(runs)).find((t) => t.target.startsWith('Overload'));
  const c50 = run({ system: 'gateway', scenario: 'agent', mode: 'cold', concurrency: 50 }, [window()]);

  it('misses when a level left a circuit open with every silo healthy', () => {
    const c200 = run({ system: 'gateway', scenario: 'agent', mode: 'cold', concurrency: 200, openCircuitsAfter: ['SUPPORT open'] }, [window()]);
    expect(overload([c50, c200])?.verdict).toBe('missed');
    expect(overload([c50, c200])?.measured).toContain('agent cold c=200 left SUPPORT open');
  });

  it('is not measured when a level completed nothing, and met when every level answered cleanly', () => {
    expect(overload([c50, run({ system: 'gateway', scenario: 'agent', mode: 'cold', concurrency: 200 }, [nothing])])?.verdict).toBe('not measured');
    expect(overload([c50, run({ system: 'gateway', scenario: 'agent', mode: 'cold', concurrency: 200 }, [window({ overloaded: 3, completed: 13 })])])?.verdict).toBe('met');
  });
});

describe('parseOptions', () => {
  it('writes --quick to results/quick.json, never to the committed latest.json', () => {
    expect(parseOptions(['--quick']).out).toMatch(/bench\/results\/quick\.json$/);
    expect(parseOptions([]).out).toMatch(/bench\/results\/latest\.json$/);
  });

  it('measures 3 windows at c = 1, 10, 50, 200 in a full run and 1 window in a quick one', () => {
    expect(parseOptions([])).toMatchObject({ windows: 3, concurrencies: [1, 10, 50, 200], startup: true });
    expect(parseOptions(['--quick'])).toMatchObject({ windows: 1, startup: false });
  });
});
