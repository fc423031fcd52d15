import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { System } from '../src/model/index.js';
import { SYSTEMS, parseSettingsLines } from '../connectors/index.js';
import type { Mode } from './options.js';
import { ROOT, startService, type Service } from './processes.js';

/** Requests one sandbox served, by endpoint (`GET /__sandbox/stats`). */
export interface SandboxStats {
  total: number;
  byEndpoint: Record<string, number>;
}

/** The four sandbox silos in their own process, with their control surface. */
export interface Sandboxes {
  service: Service;
  urls: ReadonlyMap<System, string>;
  /** The settings lines it printed for a gateway started separately (base URLs, credentials, webhook keys). */
  settings: Readonly<Record<string, string>>;
  resetStats(): Promise<void>;
  stats(): Promise<Map<System, SandboxStats>>;
}

/** The gateway in its own process. */
export interface GatewayProcess {
  service: Service;
  /** The GraphQL endpoint it announced. */
  graphqlUrl: string;
}

// Children get only these variables from the bench's environment, plus what the bench sets: a developer's
// DATABASE_URL, REDIS_URL, NODE_OPTIONS or vendor settings never leak into the figures.
const PASSED_THROUGH = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'LC_ALL', 'TZ'];
const baseEnv = () => Object.fromEntries(PASSED_THROUGH.flatMap((k) => (process.env[k] ? [[k, process.env[k]]] : [])));

/**
 * Starts `connectors/sandbox-main.ts` (what `npm run sandbox` runs) and reads what it prints: the four base URLs, and
 * the settings lines a user would paste into a gateway's environment, which the bench's gateway gets as they are.
 */
export async function startSandboxes(o: { seed: number; people: number; latencyMs: number }): Promise<Sandboxes> {
  const service = await startService('sandboxes', 'connectors/sandbox-main.ts', {
    env: { ...baseEnv(), SANDBOX_SEED: String(o.seed), SANDBOX_PEOPLE: String(o.people), SANDBOX_LATENCY_MS: String(o.latencyMs) },
    pattern: /^sandbox (hubspot|shopify|zendesk|square): (http:\/\/\S+)$|^[A-Z][A-Z0-9_]*=\S+$/,
    ready: /^sandboxes ready$/,
    count: 1,
  });
  const urls = new Map(service.announced.filter((m) => m[1] !== undefined).map((m) => [m[1] as System, m[2] as string]));
  const settings = parseSettingsLines(service.announced.filter((m) => m[1] === undefined).map((m) => m[0]));
  return {
    service,
    urls,
    settings,
    async resetStats() {
      await Promise.all([...urls.values()].map(async (url) => {
        const res = await fetch(`${url}/__sandbox/stats`, { method: 'DELETE' });
        if (!res.ok) throw new Error(`could not reset sandbox stats at ${url}: ${res.status}`);
      }));
    },
    async stats() {
      const entries = await Promise.all([...urls].map(async ([system, url]) => {
        const res = await fetch(`${url}/__sandbox/stats`);
        if (!res.ok) throw new Error(`could not read sandbox stats at ${url}: ${res.status}`);
        return [system, (await res.json()) as SandboxStats] as const;
      }));
      return new Map(entries);
    },
  };
}

/** The request-budget settings that turn every vendor rate budget off (0 = off). */
export const NO_VENDOR_LIMITS: Readonly<Record<string, string>> = {
  HUBSPOT_RATE_LIMIT_PER_10S: '0',
  HUBSPOT_SEARCH_RATE_LIMIT_PER_SECOND: '0',
  SHOPIFY_RESTORE_POINTS_PER_SECOND: '0',
  ZENDESK_RATE_LIMIT_PER_MINUTE: '0',
  SQUARE_RATE_LIMIT_PER_SECOND: '0',
};

/**
 * The node flags `npm start` runs the gateway with: package.json's `start` script is `node <flags> scripts/start.mjs`,
 * and the bench starts the gateway with the same flags, so it measures the process users run (V8's heap sizing
 * among them: see the README's "Memory").
 */
export function startNodeFlags(): string[] {
  const { scripts } = JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8')) as { scripts?: { start?: string } };
  const words = (scripts?.start ?? '').trim().split(/\s+/);
  if (words[0] !== 'node' || words.at(-1) !== 'scripts/start.mjs' || words.slice(1, -1).some((w) => !w.startsWith('--'))) {
    throw new Error(`package.json's start script is not "node [--flag …] scripts/start.mjs": ${scripts?.start ?? '(none)'}`);
  }
  return words.slice(1, -1);
}

/**
 * Starts scripts/start.mjs with `npm start`'s node flags (what `npm start` runs: src/main.ts bundled, on plain Node) on port 0 against the running sandboxes, with the settings lines they
 * printed (credentials and webhook keys), the bench's JWT secret, a fixed GATEWAY_SECRET (so BI cursors stay valid across restarts)
 * and a fresh data directory. Cold mode turns the record cache off; warm mode leaves the defaults.
 */
export async function startGateway(o: {
  sandboxes: Sandboxes;
  mode: Mode;
  jwtSecret: string;
  gatewaySecret: string;
  deadlineMs: number | null;
  profileDir: string | null;
  vendorLimits: boolean;
}): Promise<GatewayProcess> {
  const missing = SYSTEMS.filter((system) => !o.sandboxes.urls.has(system));
  if (missing.length > 0) throw new Error(`no ${missing.join(', ')} sandbox is running`);
  const env: NodeJS.ProcessEnv = {
    ...baseEnv(),
    PORT: '0',
    HOST: '127.0.0.1',
    AUTH_JWT_SECRET: o.jwtSecret,
    GATEWAY_SECRET: o.gatewaySecret,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'c360-bench-')),
    ...o.sandboxes.settings,
    ...(o.mode === 'cold' ? { CACHE_TTL_SECONDS: '0' } : {}),
    ...(o.deadlineMs ? { REQUEST_DEADLINE_MS: String(o.deadlineMs) } : {}),
    // The sandboxes limit nothing: without --vendor-limits the budgets that keep a gateway under real vendors'
    // plans (HubSpot search 4/s, Zendesk 400/min, Square 10/s, …) are off, so the figures are the gateway's own.
    ...(o.vendorLimits ? {} : NO_VENDOR_LIMITS),
  };
  // Node 20 refuses --cpu-prof in NODE_OPTIONS; the gateway is node itself, so it takes the flag directly.
  const nodeArgs = [...startNodeFlags(), ...(o.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${o.profileDir}`] : [])];
  const service = await startService(`gateway (${o.mode})`, 'scripts/start.mjs', { env, nodeArgs, pattern: /^GraphQL: (http:\/\/\S+)$/, count: 1 });
  return { service, graphqlUrl: service.announced[0]?.[1] as string };
}

/** Waits until the sandboxes stop counting requests: the gateway finishes queries whose callers hung up. */
export async function settle(sandboxes: Sandboxes, quietMs: number, capMs = 10_000): Promise<void> {
  const total = async () => [...(await sandboxes.stats()).values()].reduce((n, s) => n + s.total, 0);
  const until = Date.now() + capMs;
  let last = await total();
  while (Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, quietMs));
    const now = await total();
    if (now === last) return;
    last = now;
  }
}

/** The silos whose circuit is not closed, from the gateway's `/readyz` (`silos`: state by source). */
export async function openCircuits(graphqlUrl: string): Promise<string[]> {
  const res = await fetch(new URL('/readyz', graphqlUrl));
  const body = (await res.json()) as { silos?: Record<string, string> | null };
  return Object.entries(body.silos ?? {}).filter(([, state]) => state !== 'closed').map(([silo, state]) => `${silo} ${state}`);
}
