import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

// Proves the benchmark runs end to end and writes a complete results file. Shape only: figures of speed
// belong in the benchmark itself, never in assertions.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCENARIOS = ['agent', 'bi', 'search'];

type Json = Record<string, any>;

/** Every number anywhere in a value, with its path. */
function numbersIn(value: unknown, path = '$'): [string, number][] {
  if (typeof value === 'number') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => numbersIn(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => numbersIn(v, `${path}.${k}`));
  return [];
}

describe('npm run bench -- --quick', () => {
  let results: Json;
  let stdout = '';

  beforeAll(async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'c360-bench-test-')), 'results.json');
    stdout = await new Promise<string>((resolve, reject) => {
      execFile('npm', ['run', '--silent', 'bench', '--', '--quick', '--out', out], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 }, (error, out, err) =>
        error ? reject(new Error(`bench failed: ${error.message}\n${err.slice(-3000)}`)) : resolve(out));
    });
    results = JSON.parse(readFileSync(out, 'utf8')) as Json;
  }, 170_000);

  it('prints the results table on stdout', () => {
    expect(stdout).toContain('| scenario | mode | c |');
    expect(stdout).toMatch(/\| Agent context \| cold \| 1 \|/);
  });

  it('records the settings, the machine and when it ran', () => {
    expect(results.settings).toMatchObject({ quick: true, modes: ['cold'], concurrencies: [1, 10] });
    expect(results.machine.nproc).toBeGreaterThan(0);
    expect(results.machine.node).toBe(process.version);
    expect(Number.isNaN(Date.parse(results.timestamp))).toBe(false);
  });

  it('has a run for every scenario at every concurrency, and a floor for each scenario', () => {
    for (const id of SCENARIOS) {
      const scenario = results.scenarios.find((s: Json) => s.id === id);
      expect(scenario?.floorLevels, id).toBeGreaterThan(0);
      expect(scenario?.floorMs, id).toBeGreaterThan(0);
      for (const c of [1, 10]) expect(results.runs.filter((r: Json) => r.scenario === id && r.concurrency === c && r.mode === 'cold'), `${id} c=${c}`).toHaveLength(1);
    }
  });

  it('writes only finite numbers', () => {
    const bad = numbersIn(results).filter(([, n]) => !Number.isFinite(n));
    expect(bad).toEqual([]);
  });

  it('counts upstream requests for every run', () => {
    for (const run of results.runs) {
      expect(run.sent, `${run.scenario} c=${run.concurrency}`).toBeGreaterThan(0);
      expect(run.upstream.total, `${run.scenario} c=${run.concurrency}`).toBeGreaterThan(0);
      expect(run.upstream.perQuery).toBeGreaterThan(0);
      expect(Object.keys(run.upstream.perSilo).sort()).toEqual(['hubspot', 'shopify', 'square', 'zendesk']);
    }
  });

  it('gives latency and both ratios wherever a response came back, and a baseline to compare with', () => {
    for (const run of results.runs) {
      expect(run.ratios).toHaveProperty('p50OverFloor');
      expect(run.ratios).toHaveProperty('throughputOverBaseline');
      if (run.completed === 0) continue; // a run shorter than one response has no latency to report
      const label = `${run.scenario} c=${run.concurrency}`;
      for (const p of ['p50', 'p95', 'p99']) expect(run.latencyMs[p], `${label} ${p}`).toEqual(expect.any(Number));
      expect(run.ratios.p50OverFloor, label).toEqual(expect.any(Number));
      expect(run.ratios.throughputOverBaseline, label).toEqual(expect.any(Number));
    }
    expect(results.baseline.length).toBeGreaterThan(0);
    for (const b of results.baseline) expect(b.requestsPerSec).toBeGreaterThan(0);
    expect(Object.values(results.baselineMatchesGateway).every(Boolean)).toBe(true);
  });
});
