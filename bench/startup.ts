import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT } from './processes.js';

/** `npm start` to the first answered GraphQL query, in milliseconds. */
export interface StartupFigures {
  /** A `git clone` of the checkout's HEAD into a temporary folder, first start (fresh data directory). */
  freshCloneMs: number | null;
  /** The second start of that same clone, over the data directory the first start left. */
  restartMs: number | null;
  /** How the clone got its node_modules. */
  nodeModules: string;
  /** Why a start was not measured. */
  failures: string[];
}

const START_TIMEOUT_MS = 120_000;

/** Starts `npm start` in `cwd` in its own process group; resolves with the time to the first answered query, then stops it. */
async function timeStart(cwd: string, env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  const child = spawn('npm', ['start', '--silent'], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const group = child.pid as number;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  try {
    const url = await new Promise<{ graphql: string; token: Promise<string | null> }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no GraphQL URL within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
      child.once('exit', (code) => reject(new Error(`npm start exited (${code}): ${stderr.slice(-500)}`)));
      let tokenSeen: (t: string | null) => void = () => {};
      const token = new Promise<string | null>((r) => (tokenSeen = r));
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const graphql = /^GraphQL: (http:\/\/\S+)$/.exec(line);
        if (graphql) {
          clearTimeout(timer);
          // Demo mode prints its tokens right after; a configured gateway prints none.
          setTimeout(() => tokenSeen(null), 1000);
          resolve({ graphql: graphql[1] as string, token });
        }
        const demo = /^token [a-z]+: (\S+)$/.exec(line);
        if (demo) tokenSeen(demo[1] as string);
      });
    });
    const token = await url.token;
    for (;;) {
      const res = await fetch(url.graphql, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query: '{ __typename }' }),
      }).catch(() => null);
      const body = res?.ok ? ((await res.json()) as { data?: { __typename?: string } }) : null;
      if (body?.data?.__typename) return Math.round(performance.now() - started);
      if (performance.now() - started > START_TIMEOUT_MS) throw new Error(`no answered query within ${START_TIMEOUT_MS} ms (last status ${res?.status ?? 'none'})`);
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    try {
      process.kill(-group, 'SIGTERM');
    } catch {
      // Already gone.
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-group, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, 10_000);
    await exited;
    clearTimeout(timer);
  }
}

/**
 * Times `npm start` with its defaults (embedded sandboxes and audit store, demo tokens) on port 0: once from a
 * fresh `git clone` of this checkout (its node_modules a symlink to this checkout's, as `npm ci` would leave the
 * same packages), then again in the same clone (a restart).
 */
export async function measureStartup(): Promise<StartupFigures> {
  const failures: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'c360-startup-'));
  const clone = join(dir, 'gateway');
  execFileSync('git', ['clone', '--quiet', '--no-hardlinks', ROOT, clone], { stdio: 'ignore' });
  const modules = realpathSync(join(ROOT, 'node_modules'));
  symlinkSync(modules, join(clone, 'node_modules'));
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir, PORT: '0', HOST: '127.0.0.1', DATA_DIR: join(dir, 'data') };
  const time = async (label: string) => {
    try {
      return await timeStart(clone, env);
    } catch (error) {
      failures.push(`${label}: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  };
  const freshCloneMs = await time('fresh clone');
  const restartMs = await time('restart');
  return { freshCloneMs, restartMs, nodeModules: `symlink to ${modules}`, failures };
}
