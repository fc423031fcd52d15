import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runEntryProcess } from './entry-runner.js';
import { PGLITE_INITDB_ENTRY } from './pglite-entry-urls.js';

const INITDB_TIMEOUT_MS = 180_000;

// initdb takes seconds and leaves its process hundreds of MB larger, a copy of an initialised cluster a fraction
// of a second: one template per checkout (in its .data/, which git ignores) and per PGlite version, whose data
// directory format it is, initialised once in a child process and copied for every new database directory.
const pgliteVersion = (): string => {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  return (JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string }).version;
};
const templateDir = () => fileURLToPath(new URL(`../../.data/pglite-template-${pgliteVersion()}`, import.meta.url));

const isCluster = (dir: string) => existsSync(join(dir, 'PG_VERSION'));
const staging = (dir: string, what: string) => `${dir}.${what}-${process.pid}-${randomBytes(4).toString('hex')}`;

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Removes what processes that died mid-way (a gateway stopped during its first start) left staged beside `dir`. */
async function sweepStaging(dir: string, what: string): Promise<void> {
  const prefix = `${basename(dir)}.${what}-`;
  const entries = await readdir(dirname(dir)).catch(() => []);
  for (const entry of entries) {
    const pid = Number(entry.startsWith(prefix) ? entry.slice(prefix.length).split('-')[0] : NaN);
    if (Number.isInteger(pid) && !isAlive(pid)) await rm(join(dirname(dir), entry), { recursive: true, force: true });
  }
}

/**
 * Moves a finished `from` to `to`; when another process got there first (tests and gateways may start together),
 * keeps theirs and drops ours. rename(2) is atomic, so no one ever opens a half-copied cluster.
 */
async function publish(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    await rm(from, { recursive: true, force: true });
    if (!isCluster(to)) throw error;
  }
}

/** The checkout's template cluster, initialised by a child process when it is not there yet. */
async function ensureTemplate(): Promise<string> {
  const template = templateDir();
  if (isCluster(template)) return template;
  await mkdir(dirname(template), { recursive: true });
  await sweepStaging(template, 'initdb');
  const fresh = staging(template, 'initdb');
  try {
    // At a low priority: on a first start it runs while the gateway starts, which it should not slow down.
    await runEntryProcess(PGLITE_INITDB_ENTRY, [fresh], { timeoutMs: INITDB_TIMEOUT_MS, niceness: 10 });
  } catch (error) {
    await rm(fresh, { recursive: true, force: true });
    throw error;
  }
  await publish(fresh, template);
  return template;
}

/** Makes `dir` a PGlite cluster, as a copy of the template, unless it is one already. */
export async function prepareCluster(dir: string): Promise<void> {
  if (isCluster(dir)) return;
  const template = await ensureTemplate();
  await mkdir(dirname(dir), { recursive: true });
  await sweepStaging(dir, 'copy');
  const copy = staging(dir, 'copy');
  await cp(template, copy, { recursive: true });
  await publish(copy, dir);
}
