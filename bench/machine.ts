import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';

/** What the figures were measured on. */
export interface MachineInfo {
  nproc: number;
  cpu: string;
  memoryGB: number;
  node: string;
  platform: string;
  kernel: string;
  loadAverageAtStart: number;
}

/** The commit the figures belong to. */
export interface GitInfo {
  commit: string | null;
  dirty: boolean | null;
}

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** The commit the figures belong to (read-only git calls). */
export function gitInfo(): GitInfo {
  const status = git(['status', '--porcelain']);
  return { commit: git(['rev-parse', '--short', 'HEAD']), dirty: status === null ? null : status.length > 0 };
}

/** The 1-minute load average, rounded. */
export function loadAverage(): number {
  return Math.round((loadavg()[0] ?? 0) * 100) / 100;
}

/** What the figures were measured on. */
export function machineInfo(): MachineInfo {
  return {
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    kernel: release(),
    loadAverageAtStart: loadAverage(),
  };
}
