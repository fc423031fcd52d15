import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The lock file's name inside DATA_DIR; it holds the pid of the gateway that uses the directory. */
export const DATA_DIR_LOCK_FILE = 'gateway.lock';

/** A second gateway was started on a DATA_DIR a running one uses (the embedded database allows one opener). */
export class DataDirInUse extends Error {
  /** Says why the process stopped, for whoever catches it. */
  readonly code = 'DATA_DIR_IN_USE';

  constructor(readonly dataDir: string, readonly pid: number, readonly lockFile: string) {
    super(
      `DATA_DIR_IN_USE: DATA_DIR ${dataDir} is in use by another gateway (pid ${pid}, lock file ${lockFile}); ` +
        'stop that gateway or give this one a DATA_DIR of its own. If no gateway runs there, delete the lock file.',
    );
    this.name = 'DataDirInUse';
  }
}

/** A held DATA_DIR lock. */
export interface DataDirLock {
  /** The lock file's absolute path. */
  readonly file: string;
  /** Removes the lock file if it is still this holder's; idempotent. */
  release(): void;
}

/** How the lock judges a pid; injectable so tests need no second process to be alive or gone. */
export interface DataDirLockOptions {
  /** The pid written into the lock; `process.pid` by default. */
  pid?: number;
  /** Whether a process with this pid runs; `isProcessAlive` by default. */
  isAlive?: (pid: number) => boolean;
}

/** Determines if a process with this pid exists (signal 0 tests it; EPERM means it exists under another user). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// Locks this process holds, by file: a second startStack in the same process sees its own pid in the lock and must
// still be refused, while a lock naming this pid that nobody here holds was left by an earlier process that had the
// same pid (a container's gateway is often pid 1 on every start) and is taken over.
const held = new Set<string>();

/** The pid a lock file names, or null when it names none (empty, half-written, not a number). */
function pidIn(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * Takes DATA_DIR for this gateway: creates `DATA_DIR/gateway.lock` holding the pid, or throws DataDirInUse when a
 * running gateway holds it. A lock whose process is gone (a crashed gateway) is taken over. Two gateways that both
 * find one stale lock at the same instant may both take it over; the embedded database then refuses the second.
 */
export function acquireDataDirLock(dataDir: string, options: DataDirLockOptions = {}): DataDirLock {
  const pid = options.pid ?? process.pid;
  const isAlive = options.isAlive ?? isProcessAlive;
  const dir = resolve(dataDir);
  const file = join(dir, DATA_DIR_LOCK_FILE);
  mkdirSync(dir, { recursive: true });
  // Written whole beside it, then linked into place (which fails if the lock exists): no reader sees half a lock.
  const whole = `${file}.${pid}.tmp`;
  writeFileSync(whole, `${pid}\n`, { mode: 0o644 });
  try {
    for (let attempt = 0; ; attempt += 1) {
      try {
        linkSync(whole, file);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw error;
      }
      const owner = pidIn(file);
      if (owner !== null && (held.has(file) || (owner !== pid && isAlive(owner)))) throw new DataDirInUse(dir, owner, file);
      // Stale (its process is gone) or not a lock this code wrote: remove it and try again.
      try {
        unlinkSync(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
  } finally {
    unlinkSync(whole);
  }
  held.add(file);
  let released = false;
  return {
    file,
    release() {
      if (released) return;
      released = true;
      held.delete(file);
      if (pidIn(file) === pid) unlinkSync(file);
    },
  };
}
