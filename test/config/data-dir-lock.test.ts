import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { startStack } from '../../src/app.js';
import { acquireDataDirLock, DATA_DIR_LOCK_FILE, DataDirInUse, isProcessAlive } from '../../src/config/index.js';
import { scratchDatabase } from '../support/services.js';
import { startTestStack } from '../support/stack.js';

const scratch = () => mkdtempSync(join(tmpdir(), 'c360-lock-'));
const lockOf = (dir: string) => join(dir, DATA_DIR_LOCK_FILE);
/** A pid that belonged to a process which has exited since (a crashed gateway's, as far as the lock can tell). */
function pidOfExitedProcess(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  if (child.pid === undefined || child.status !== 0) throw new Error('could not run a process');
  return child.pid;
}

describe('the DATA_DIR lock', () => {
  it('writes its pid into DATA_DIR/gateway.lock, creating DATA_DIR, and removes the file on release', () => {
    const dir = join(scratch(), 'nested', 'data');
    const lock = acquireDataDirLock(dir, { pid: 4242, isAlive: () => true });
    expect(readFileSync(lockOf(dir), 'utf8').trim()).toBe('4242');
    lock.release();
    lock.release();
    expect(existsSync(lockOf(dir))).toBe(false);
    expect(existsSync(`${lockOf(dir)}.4242.tmp`)).toBe(false);
  });

  it('refuses a second holder while the first one\'s process runs, naming the directory, the pid and the fix', () => {
    const dir = scratch();
    const first = acquireDataDirLock(dir, { pid: 101, isAlive: () => true });
    const refused = (() => {
      try {
        acquireDataDirLock(dir, { pid: 202, isAlive: (pid) => pid === 101 });
      } catch (error) {
        return error;
      }
      return null;
    })();
    expect(refused).toBeInstanceOf(DataDirInUse);
    expect(refused).toMatchObject({ code: 'DATA_DIR_IN_USE', pid: 101, lockFile: lockOf(dir) });
    expect((refused as Error).message).toContain(`DATA_DIR ${dir} is in use by another gateway (pid 101`);
    expect((refused as Error).message).toMatch(/give this one a DATA_DIR of its own/);
    // The refused one leaves the holder's lock alone.
    expect(readFileSync(lockOf(dir), 'utf8').trim()).toBe('101');
    first.release();
    acquireDataDirLock(dir, { pid: 202, isAlive: () => true }).release();
  });

  it('takes over a lock whose process is gone, and one that holds no pid', () => {
    const dir = scratch();
    writeFileSync(lockOf(dir), '303\n');
    const asked: number[] = [];
    const lock = acquireDataDirLock(dir, { pid: 404, isAlive: (pid) => (asked.push(pid), false) });
    expect(asked).toEqual([303]);
    expect(readFileSync(lockOf(dir), 'utf8').trim()).toBe('404');
    lock.release();
    writeFileSync(lockOf(dir), 'not a pid');
    acquireDataDirLock(dir, { pid: 505, isAlive: () => true }).release();
  });

  it('takes over a lock naming its own pid that it does not hold (a container restarted as the same pid), but refuses one it holds', () => {
    const dir = scratch();
    writeFileSync(lockOf(dir), '1\n');
    const lock = acquireDataDirLock(dir, { pid: 1, isAlive: () => true });
    expect(() => acquireDataDirLock(dir, { pid: 1, isAlive: () => true })).toThrow(DataDirInUse);
    lock.release();
  });

  it('judges real processes: this one runs, an exited one is gone and its lock is taken over', () => {
    expect(isProcessAlive(process.pid)).toBe(true);
    const gone = pidOfExitedProcess();
    expect(isProcessAlive(gone)).toBe(false);
    const dir = scratch();
    writeFileSync(lockOf(dir), `${gone}\n`);
    const lock = acquireDataDirLock(dir);
    expect(readFileSync(lockOf(dir), 'utf8').trim()).toBe(String(process.pid));
    lock.release();
  });
});

describe('a second gateway on the same DATA_DIR', () => {
  it('is refused by startStack with DATA_DIR_IN_USE while the first runs, and starts once the first has stopped', async () => {
    const dataDir = scratch();
    const first = await startTestStack({ DATA_DIR: dataDir });
    try {
      expect(readFileSync(lockOf(dataDir), 'utf8').trim()).toBe(String(process.pid));
      const second = await startStack({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: dataDir }).catch((error: unknown) => error);
      expect(second).toBeInstanceOf(DataDirInUse);
      // The first one still serves.
      expect((await fetch(`${first.stack.url}/healthz`)).status).toBe(200);
    } finally {
      await first.close();
    }
    expect(existsSync(lockOf(dataDir))).toBe(false);
  }, 60_000);

  it('refuses `npm start` with one clear line while another gateway process runs there, and takes over its lock once it was killed', async () => {
    const dataDir = scratch();
    const database = await scratchDatabase();
    const env = {
      PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, SANDBOX_PEOPLE: '20', LOG_LEVEL: 'silent',
      AUTH_JWT_SECRET: 'data-dir-lock-test-secret-0123456789abcdef', ...(database ? { DATABASE_URL: database.url } : {}),
    };
    const gateways: ChildProcess[] = [];
    /** Starts `npm start`'s entry and resolves with its GraphQL URL once it serves. */
    const start = async () => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
      gateways.push(child);
      for await (const line of createInterface({ input: child.stdout })) if (line.startsWith('GraphQL: ')) return { child, url: line.slice('GraphQL: '.length) };
      throw new Error('the gateway exited before it served');
    };
    try {
      const first = await start();
      expect(readFileSync(lockOf(dataDir), 'utf8').trim()).toBe(String(first.child.pid));
      const refused = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, encoding: 'utf8', timeout: 60_000 });
      expect(refused.status).toBe(1);
      expect(refused.stderr.trim().split('\n')).toEqual([`gateway failed to start: ${new DataDirInUse(dataDir, first.child.pid ?? 0, lockOf(dataDir)).message}`]);
      expect(refused.stdout).not.toContain('GraphQL:');
      // The first one is unharmed; then it crashes, leaving its lock behind.
      expect((await fetch(first.url.replace(/\/graphql$/, '/healthz'))).status).toBe(200);
      const exited = once(first.child, 'exit');
      first.child.kill('SIGKILL');
      await exited;
      expect(readFileSync(lockOf(dataDir), 'utf8').trim()).toBe(String(first.child.pid));
      const next = await start();
      expect(readFileSync(lockOf(dataDir), 'utf8').trim()).toBe(String(next.child.pid));
      const stopped = once(next.child, 'exit');
      next.child.kill('SIGTERM');
      await stopped;
      expect(existsSync(lockOf(dataDir))).toBe(false);
    } finally {
      for (const child of gateways) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await database?.drop();
    }
  }, 120_000);
});
