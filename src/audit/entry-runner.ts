import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setPriority } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

const require = createRequire(import.meta.url);
// From TypeScript sources (tsx, vitest) an entry needs tsx's loader; a built entry (.mjs) runs on plain Node.
const isTypeScript = (entry: URL) => entry.pathname.endsWith('.ts');

/** Starts `entry` in a worker thread (its V8 heap within `resourceLimits`); a TypeScript entry registers tsx's loader in the worker first. */
export function startEntryWorker(entry: URL, workerData: unknown, resourceLimits: ResourceLimits = {}): Worker {
  if (!isTypeScript(entry)) return new Worker(entry, { workerData, resourceLimits });
  // Node 20 gives a worker neither the parent's --import loaders nor a way to pass them, so a bootstrap does it.
  // Its ESM build, by the package's own exports map: require.resolve would give the CommonJS one, which cannot.
  const manifest = require.resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  const api = new URL(exports['./esm/api']?.import.default ?? '', pathToFileURL(manifest)).href;
  const boot = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(boot, { eval: true, workerData, resourceLimits });
}

/**
 * Runs `entry` as a child Node process to its end, at `niceness` (0 = the parent's priority, 19 = lowest);
 * rejects with the end of its stderr when it fails.
 */
export function runEntryProcess(entry: URL, args: readonly string[], { timeoutMs, niceness = 0 }: { timeoutMs: number; niceness?: number }): Promise<void> {
  const loader = isTypeScript(entry) ? ['--import', pathToFileURL(require.resolve('tsx')).href] : [];
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [...loader, fileURLToPath(entry), ...args], { timeout: timeoutMs, maxBuffer: 1 << 20 }, (error, _stdout, stderr) => {
      if (!error) return resolve();
      reject(new Error(`${fileURLToPath(entry)} failed (${error.code ?? error.signal ?? 'error'}): ${stderr.trim().slice(-500)}`));
    });
    if (niceness !== 0 && child.pid !== undefined) {
      try {
        setPriority(child.pid, niceness);
      } catch {
        // Not allowed here (some containers): it runs at the parent's priority, only slower for the parent.
      }
    }
  });
}
