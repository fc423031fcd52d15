import { afterAll, beforeAll } from 'vitest';
import { startSandbox, type Faults, type RunningSandbox, type SandboxDefinition } from '../../../connectors/sandbox-kit/index.js';

/** What `/__sandbox/stats` reports: requests served since the last reset, in all and per endpoint. */
export interface SandboxStats {
  total: number;
  byEndpoint: Record<string, number>;
}

/** A vendor sandbox running for one suite on an ephemeral loopback port, with its control surface. */
export interface SandboxVendor {
  url(): string;
  /** Replaces the fault set (`{}` clears it). */
  faults(faults: Partial<Faults>): Promise<void>;
  stats(): Promise<SandboxStats>;
  resetStats(): Promise<void>;
  /** Every person present in the silo, with their record ids there. */
  truth(): Promise<Record<string, string[]>>;
  /** The requests `run` made the sandbox serve, per endpoint. */
  requestsDuring(run: () => Promise<unknown>): Promise<Record<string, number>>;
}

/** Starts the sandbox `definition()` makes before the suite, and closes it after. */
export function useSandboxVendor(definition: () => SandboxDefinition): SandboxVendor {
  let running: RunningSandbox | undefined;
  beforeAll(async () => {
    running = await startSandbox(definition(), { port: 0 });
  });
  afterAll(() => running?.close());
  const url = () => {
    if (!running) throw new Error('the sandbox is not running');
    return running.url;
  };
  const control = async (path: string, init?: { method: string; body?: unknown }) => {
    const res = await fetch(`${url()}/__sandbox/${path}`, {
      method: init?.method ?? 'GET',
      ...(init?.body === undefined ? {} : { body: JSON.stringify(init.body), headers: { 'content-type': 'application/json' } }),
    });
    if (!res.ok) throw new Error(`the sandbox refused ${init?.method ?? 'GET'} ${path}: HTTP ${res.status}`);
    return res.status === 204 ? undefined : ((await res.json()) as unknown);
  };
  const stats = async () => (await control('stats')) as SandboxStats;
  const resetStats = async () => void (await control('stats', { method: 'DELETE' }));
  return {
    url,
    faults: async (faults) => void (await control('faults', { method: 'PUT', body: faults })),
    stats,
    resetStats,
    truth: async () => (await control('truth')) as Record<string, string[]>,
    async requestsDuring(run) {
      await resetStats();
      await run();
      return (await stats()).byEndpoint;
    },
  };
}
