import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

// Proves the benchmark runs end to end, peers included, and writes a complete results file. Shape and counted
// upstream requests only: figures of speed belong in the benchmark itself, never in assertions. On a loaded
// machine a short window may complete nothing; such a run must say so, and nothing here needs it to complete.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCENARIOS = ['agent', 'insights', 'bi', 'search'];
const PEER_SCENARIOS = ['agent', 'bi'];

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
    // A hang guard, not a speed assertion: the quick bench starts the sandboxes, a gateway per level where a
    // circuit stayed open, and both peers.
  }, 900_000);

  it('prints the results table on stdout', () => {
    expect(stdout).toContain('| system | scenario | mode | c |');
    expect(stdout).toMatch(/\| gateway \| Agent context \| cold \| 1 \|/);
    expect(stdout).toMatch(/\| peer 1 \| Agent context \| cold \| 1 \|/);
    expect(stdout).toMatch(/\| peer 2 \| BI page \| cold \| 1 \|/);
    expect(stdout).toContain('| target (issue 14) | measured | verdict |');
    expect(stdout).toMatch(/\| insights on top of the agent view: mode \|.*\n.*\n\| cold \| 1 \|/);
  });

  it('records the settings, the machine, the world and when it ran', () => {
    expect(results.settings).toMatchObject({ quick: true, modes: ['cold'], concurrencies: [1, 10], windows: 1, startup: false });
    expect(results.machine.nproc).toBeGreaterThan(0);
    expect(results.machine.node).toBe(process.version);
    expect(Number.isNaN(Date.parse(results.timestamp))).toBe(false);
    expect(results.world).toMatchObject({ seed: 42, people: 2000, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(results.startup).toBeNull();
  });

  it('has a run for every scenario at every concurrency, and a floor for each scenario', () => {
    for (const id of SCENARIOS) {
      const scenario = results.scenarios.find((s: Json) => s.id === id);
      expect(scenario?.floorLevels, id).toBeGreaterThan(0);
      expect(scenario?.floorMs, id).toBeGreaterThan(0);
      for (const c of [1, 10]) expect(results.runs.filter((r: Json) => r.system === 'gateway' && r.scenario === id && r.concurrency === c && r.mode === 'cold'), `${id} c=${c}`).toHaveLength(1);
    }
    for (const system of ['peer1', 'peer2']) {
      const scenarios = [...new Set(results.runs.filter((r: Json) => r.system === system).map((r: Json) => r.scenario))].sort();
      expect(scenarios, system).toEqual(PEER_SCENARIOS);
    }
  });

  it('writes only finite numbers', () => {
    const bad = numbersIn(results).filter(([, n]) => !Number.isFinite(n));
    expect(bad).toEqual([]);
  });

  it('counts upstream requests for every run', () => {
    for (const run of results.runs) {
      const label = `${run.system} ${run.scenario} c=${run.concurrency}`;
      expect(run.sent, label).toBeGreaterThan(0);
      expect(run.upstream.total, label).toBeGreaterThan(0);
      expect(run.upstream.perQuery, label).toBeGreaterThan(0);
      expect(Object.keys(run.upstream.perSilo).sort()).toEqual(['hubspot', 'shopify', 'square', 'zendesk']);
    }
  });

  it('counts the peers\' upstream requests as the issue describes them', () => {
    // One agent query alone: ticket, requester and the requester's tickets (Zendesk); one HubSpot search; one
    // Shopify search with the orders; a Square search, and its orders only when it found a profile.
    for (const system of ['peer1', 'peer2']) {
      const one = results.agreement[system].upstreamForOneTicket;
      expect(one.perSilo, system).toMatchObject({ zendesk: 3, hubspot: 1, shopify: 1 });
      expect([1, 2], system).toContain(one.perSilo.square);
      expect(one.total, system).toBe(5 + one.perSilo.square);
    }
    expect(results.agreement.peer2.upstreamForOneTicket).toEqual(results.agreement.peer1.upstreamForOneTicket);
    // A BI page: peer 1 searches Shopify once per customer; peer 2's DataLoader batches 25 addresses a search.
    for (const run of results.runs.filter((r: Json) => r.scenario === 'bi' && r.system !== 'gateway')) {
      const label = `${run.system} c=${run.concurrency}`;
      expect(run.upstream.perSilo.hubspot, label).toBeLessThanOrEqual(1);
      expect(run.upstream.perSilo.zendesk, label).toBe(0);
      expect(run.upstream.perSilo.square, label).toBe(0);
      if (run.system === 'peer2') expect(run.upstream.perSilo.shopify, label).toBeLessThanOrEqual(4);
      if (run.system === 'peer1') expect(run.upstream.perSilo.shopify, label).toBeGreaterThan(4 * run.upstream.perSilo.hubspot);
    }
  });

  it('has every system link the ticket requester\'s email, as the world holds it', () => {
    for (const system of ['gateway', 'peer1', 'peer2']) {
      const agreement = results.agreement[system];
      expect(agreement.of, system).toBeGreaterThan(0);
      expect(agreement.failed, system).toEqual([]);
      expect(agreement.requesterEmailFound, system).toBe(agreement.of);
    }
  });

  it('gives latency and the ratios wherever an answer was served, and says so where none completed', () => {
    for (const run of results.runs) {
      const label = `${run.system} ${run.scenario} c=${run.concurrency}`;
      expect(run.ratios).toHaveProperty('p50OverFloor');
      expect(run.ratios).toHaveProperty('throughputOverPeer1');
      expect(run.ratios).toHaveProperty('throughputOverPeer2');
      expect(['served', 'none-served', 'none-completed']).toContain(run.outcome);
      expect(run.served + run.overloaded, label).toBeLessThanOrEqual(run.completed);
      if (run.outcome === 'none-completed') {
        expect(run.completed, label).toBe(0);
        expect(run.latencyMs.p50, label).toBeNull();
        continue;
      }
      if (run.outcome !== 'served') continue;
      for (const p of ['p50', 'p95', 'p99']) expect(run.latencyMs[p], `${label} ${p}`).toEqual(expect.any(Number));
      expect(run.ratios.p50OverFloor, label).toEqual(expect.any(Number));
    }
    const gatewayRow = (r: Json) => r.system === 'gateway' && r.outcome === 'served';
    const peer = (system: string, r: Json) => results.runs.find((p: Json) => p.system === system && p.scenario === r.scenario && p.concurrency === r.concurrency && p.outcome === 'served');
    for (const run of results.runs.filter((r: Json) => gatewayRow(r) && PEER_SCENARIOS.includes(r.scenario))) {
      if (peer('peer1', run)) expect(run.ratios.throughputOverPeer1, `${run.scenario} c=${run.concurrency}`).toEqual(expect.any(Number));
      if (peer('peer2', run)) expect(run.ratios.throughputOverPeer2, `${run.scenario} c=${run.concurrency}`).toEqual(expect.any(Number));
    }
    const noneCompleted = results.runs.filter((r: Json) => r.outcome === 'none-completed').length;
    expect(stdout.match(/none completed \(\d+ sent\)/g) ?? []).toHaveLength(noneCompleted);
  });
});
