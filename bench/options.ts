import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** Record cache off (`CACHE_TTL_SECONDS=0`) or the gateway's default settings. */
export type Mode = 'cold' | 'warm';

/** The scenarios the benchmark knows, by id. */
export const SCENARIO_IDS = ['agent', 'insights', 'bi', 'search'] as const;

/** One scenario's id. */
export type ScenarioId = (typeof SCENARIO_IDS)[number];

/** What the bench measures: the gateway and the two reference peers (bench/peers/). */
export const SYSTEM_IDS = ['gateway', 'peer1', 'peer2'] as const;

/** One measured system. */
export type SystemId = (typeof SYSTEM_IDS)[number];

/** Everything a benchmark run is configured by; all of it is written into the results file. */
export interface BenchOptions {
  quick: boolean;
  /** Base latency of every sandbox call (`SANDBOX_LATENCY_MS`). */
  latencyMs: number;
  /** Measured seconds per gateway run, after `warmupSec` of unmeasured load. */
  durationSec: number;
  warmupSec: number;
  /** Measured windows per scenario × mode × concurrency; a full run reports their median and spread. */
  windows: number;
  /** The systems measured, in run order. */
  systems: SystemId[];
  /** Whether to time `npm start` (fresh clone and restart). */
  startup: boolean;
  concurrencies: number[];
  modes: Mode[];
  scenarios: ScenarioId[];
  /** World the sandboxes generate (`SANDBOX_SEED`, `SANDBOX_PEOPLE`); the bench generates the same one for its inputs. */
  seed: number;
  people: number;
  /** BI pages crawled up front whose cursors the BI scenario rotates through. */
  biPages: number;
  /** Distinct bearer tokens (distinct `sub`) per role. */
  tokenPool: number;
  out: string;
  /** REQUEST_DEADLINE_MS of the measured gateways; null keeps the gateway's default. */
  deadlineMs: number | null;
  /** When set, the measured gateways run with `node --cpu-prof` and write their profiles here. */
  profileDir: string | null;
  /**
   * Whether the gateways keep their request budgets under the vendors' default rate limits. Off by default: the
   * sandboxes limit nothing, and the bench measures the gateway, not a vendor plan.
   */
  vendorLimits: boolean;
}

const DEFAULT_OUT = fileURLToPath(new URL('./results/latest.json', import.meta.url));
// --quick never overwrites the committed full results.
const QUICK_OUT = fileURLToPath(new URL('./results/quick.json', import.meta.url));

const USAGE = `usage: npm run bench -- [--quick] [--latency MS] [--duration S] [--concurrency 1,10,50]
       [--modes cold,warm] [--scenarios agent,insights,bi,search] [--systems gateway,peer1,peer2] [--windows N]
       [--startup | --no-startup] [--people N] [--bi-pages N] [--deadline MS] [--out FILE] [--profile DIR]
       [--vendor-limits]
  A full run measures 3 windows per cell and reports their median with the spread, at c = 1, 10, 50, 200.
  --quick is one short window per cell, cold only, no npm start timing, and writes bench/results/quick.json.`;

function list<T extends string>(name: string, value: string, allowed: readonly T[]): T[] {
  const items = value.split(',').map((v) => v.trim()).filter(Boolean);
  const bad = items.filter((v) => !(allowed as readonly string[]).includes(v));
  if (bad.length > 0 || items.length === 0) throw new Error(`--${name} takes a comma-separated list of ${allowed.join(', ')}: ${value}`);
  return items as T[];
}

function positive(name: string, value: string, min = 1): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number ≥ ${min}: ${value}`);
  return n;
}

/** Parses the command line; `--quick` picks short settings that any explicit flag still overrides. */
export function parseOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      latency: { type: 'string' },
      duration: { type: 'string' },
      concurrency: { type: 'string' },
      modes: { type: 'string' },
      scenarios: { type: 'string' },
      systems: { type: 'string' },
      windows: { type: 'string' },
      startup: { type: 'boolean' },
      'no-startup': { type: 'boolean' },
      people: { type: 'string' },
      'bi-pages': { type: 'string' },
      deadline: { type: 'string' },
      out: { type: 'string' },
      profile: { type: 'string' },
      'vendor-limits': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.error(USAGE);
    process.exit(0);
  }
  const quick = values.quick ?? false;
  const duration = values.duration ? positive('duration', values.duration) : quick ? 2 : 10;
  return {
    quick,
    // Quick runs use a lower latency so that a BI page, which takes seconds at 40 ms, completes within a run.
    latencyMs: values.latency ? positive('latency', values.latency, 0) : quick ? 10 : 40,
    durationSec: duration,
    warmupSec: quick ? 0 : 2,
    windows: values.windows ? Math.round(positive('windows', values.windows)) : quick ? 1 : 3,
    systems: values.systems ? list('systems', values.systems, SYSTEM_IDS) : [...SYSTEM_IDS],
    startup: values['no-startup'] ? false : (values.startup ?? !quick),
    concurrencies: values.concurrency
      ? values.concurrency.split(',').map((c) => Math.round(positive('concurrency', c)))
      : quick ? [1, 10] : [1, 10, 50, 200],
    modes: values.modes ? list('modes', values.modes, ['cold', 'warm'] as const) : quick ? ['cold'] : ['cold', 'warm'],
    scenarios: values.scenarios ? list('scenarios', values.scenarios, SCENARIO_IDS) : [...SCENARIO_IDS],
    seed: 42,
    people: values.people ? Math.round(positive('people', values.people)) : 2000,
    biPages: values['bi-pages'] ? Math.round(positive('bi-pages', values['bi-pages'])) : quick ? 2 : 10,
    tokenPool: quick ? 2_000 : 20_000,
    deadlineMs: values.deadline ? Math.round(positive('deadline', values.deadline)) : null,
    out: values.out ?? (quick ? QUICK_OUT : DEFAULT_OUT),
    profileDir: values.profile ?? null,
    vendorLimits: values['vendor-limits'] ?? false,
  };
}
