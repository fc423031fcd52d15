import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The repository root: children run from here, as `npm start` would. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A child process the bench started, with what it announced on stdout. */
export interface Service {
  name: string;
  /** The pid of the node process running the service itself (there is no wrapper in between). */
  pid: number;
  /** Every stdout line matched by the announcement pattern, in order. */
  announced: RegExpExecArray[];
  stop(): Promise<void>;
  /** Kills it at once (SIGKILL): no shutdown code runs, as when a machine dies. */
  kill(): Promise<void>;
}

const running = new Set<ChildProcess>();

/** Kills every child still running: on normal exit, on error and on SIGINT/SIGTERM. */
export function killChildrenOnExit(): void {
  const killAll = () => {
    for (const child of running) child.kill('SIGKILL');
  };
  process.on('exit', killAll);
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.on(signal, () => {
      console.error(`bench: ${signal}, stopping children`);
      killAll();
      process.exit(code);
    });
  }
}

/**
 * Starts `node --import tsx <script>` (a `.mjs` script, such as `npm start`'s scripts/start.mjs, on plain Node) and
 * resolves once stdout has announced `count` lines matching `ready` (default: `pattern`); every line matching
 * `pattern` before then is kept in `announced`. The TypeScript loader runs inside the service's own node process, so
 * the spawned pid is the service: its /proc status is the service's memory, and signals and `--cpu-prof` reach it
 * directly (the `tsx` CLI would put a wrapper process in between).
 */
export async function startService(
  name: string,
  script: string,
  { env, args = [], nodeArgs = [], pattern, ready = pattern, count, timeoutMs = 60_000 }:
    { env: NodeJS.ProcessEnv; args?: string[]; nodeArgs?: string[]; pattern: RegExp; ready?: RegExp; count: number; timeoutMs?: number },
): Promise<Service> {
  const child = spawn(process.execPath, [...nodeArgs, ...(script.endsWith('.mjs') ? [] : ['--import', 'tsx']), script, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  // Only the tail of stderr is kept, for the error message when the service fails to start.
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => {
    running.delete(child);
    resolve();
  }));
  const announced: RegExpExecArray[] = [];
  let readyLines = 0;
  await new Promise<void>((resolve, reject) => {
    const fail = (why: string) => reject(new Error(`${name} ${why}${stderr ? `:\n${stderr.slice(-2000)}` : ''}`));
    const timer = setTimeout(() => fail(`did not announce itself within ${timeoutMs} ms`), timeoutMs);
    child.once('exit', (code, signal) => fail(`exited (${signal ?? code}) before it was ready`));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = pattern.exec(line);
      if (match) announced.push(match);
      if (ready.test(line)) readyLines += 1;
      if (readyLines === count) {
        clearTimeout(timer);
        resolve();
      }
    });
  }).catch(async (error: unknown) => {
    child.kill('SIGKILL');
    await exited;
    throw error;
  });
  if (child.pid === undefined) throw new Error(`${name} has no pid`);
  // A service that dies mid-run makes every later figure meaningless: say so, with what it printed last.
  let stopping = false;
  // 'close', not 'exit': stderr is complete only once the child's pipes have closed.
  child.once('close', (code, signal) => {
    if (!stopping) process.stderr.write(`bench: ${name} exited (${signal ?? code}) during the run${stderr ? `:\n${stderr.slice(-2000)}` : ''}\n`);
  });
  return {
    name,
    pid: child.pid,
    announced,
    async stop() {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      // A graceful stop lets the gateway write its CPU profile; past the grace period it is killed.
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/**
 * A process and all its descendants: children are read from `/proc/<pid>/task/<tid>/children` of every thread
 * (a child belongs to the thread that forked it). Worker threads are threads of the process itself, so its own
 * counters already hold them; child processes (an embedded database, a worker pool of processes) are added here.
 */
export function processTree(pid: number): number[] {
  const tree: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const next = queue.shift() as number;
    if (tree.includes(next)) continue;
    tree.push(next);
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${next}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      try {
        queue.push(...readFileSync(`/proc/${next}/task/${tid}/children`, 'utf8').split(/\s+/).filter(Boolean).map(Number));
      } catch {
        // The thread ended between the listing and the read.
      }
    }
  }
  return tree;
}

/** Resident set size of one process in bytes, from `/proc/<pid>/status` (VmRSS); null where /proc is absent. */
function rssBytes(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

// USER_HZ, the unit of utime and stime in /proc/<pid>/stat, is 100 on every Linux architecture Node runs on.
const USER_HZ = 100;

/** CPU time one process has used so far (all threads, user + system), in seconds; null where /proc is absent. */
function cpuSecondsOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; fields after it are counted from its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime + stime, plus cutime + cstime: the CPU of children that have exited and been waited for.
    return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / USER_HZ;
  } catch {
    return null;
  }
}

const sum = (values: (number | null)[]) => (values.every((v) => v === null) ? null : values.reduce<number>((a, v) => a + (v ?? 0), 0));

/** CPU seconds summed over a process tree (see `processTree`); null where /proc is absent. */
export function cpuSeconds(pid: number): number | null {
  return sum(processTree(pid).map(cpuSecondsOf));
}

/** RSS in bytes summed over a process tree; null where /proc is absent. */
export function treeRssBytes(pid: number): number | null {
  return sum(processTree(pid).map(rssBytes));
}

/** Samples a process tree's summed RSS every `everyMs` until stopped; `stop()` returns the largest sample, in bytes. */
export function sampleRss(pid: number, everyMs = 200): { stop(): number | null } {
  let max: number | null = null;
  const take = () => {
    const rss = treeRssBytes(pid);
    if (rss !== null && (max === null || rss > max)) max = rss;
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return max;
    },
  };
}
