import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditDatabaseError, openAuditDatabase, type AuditDatabase } from '../../src/audit/index.js';

const dirs: string[] = [];
const fresh = () => {
  const dir = mkdtempSync(join(tmpdir(), 'audit-embedded-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the embedded database (PGlite in a worker thread)', () => {
  it('makes every new directory a cluster copied from one template, also when several open at once', async () => {
    const dataDirs = [fresh(), fresh(), fresh()];
    const dbs = await Promise.all(dataDirs.map((dataDir) => openAuditDatabase({ dataDir })));
    try {
      const answers = await Promise.all(dbs.map(async (db) => (await db.query<{ one: number }>('SELECT 1 AS one')).rows));
      expect(answers).toEqual([[{ one: 1 }], [{ one: 1 }], [{ one: 1 }]]);
    } finally {
      await Promise.all(dbs.map((db) => db.close()));
    }
    // Nothing staged is left beside the clusters.
    for (const dataDir of dataDirs) expect(readdirSync(dataDir)).toEqual(['audit-pglite']);
  });

  it('sweeps what a process that died mid-copy left staged beside the cluster', async () => {
    const dataDir = fresh();
    // A pid that is surely no process any more: a child that has exited.
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    mkdirSync(join(dataDir, `audit-pglite.copy-${dead}-0badc0de`, 'base'), { recursive: true });
    const db = await openAuditDatabase({ dataDir });
    try {
      await db.query('SELECT 1');
    } finally {
      await db.close();
    }
    expect(readdirSync(dataDir)).toEqual(['audit-pglite']);
  });

  it('holds a transaction in the worker: other queries wait for it, a failure rolls it back, parameters and rows keep their types', async () => {
    const db = await openAuditDatabase({ dataDir: fresh() });
    try {
      await db.query('CREATE TABLE t (n integer, at timestamptz, tags text[], doc jsonb)');
      const at = new Date('2026-01-02T03:04:05.678Z');
      await db.transaction(async (tx) => {
        await tx.query('INSERT INTO t VALUES ($1, $2, $3, $4)', [1, at, ['a', 'b'], JSON.stringify({ k: 'v' })]);
        // Sent while the transaction holds the connection: answered after it commits, so it sees the row.
        const outside = db.query<{ count: number }>('SELECT count(*)::int AS count FROM t');
        await tx.query('INSERT INTO t VALUES ($1, $2, $3, $4)', [2, at, [], 'null']);
        return { outside }; // wrapped: awaiting it inside the transaction would wait for the transaction itself
      }).then(async ({ outside }) => expect((await outside).rows).toEqual([{ count: 2 }]));
      await expect(db.transaction(async (tx) => {
        await tx.query('INSERT INTO t VALUES (3, now(), $1, $2)', [[], 'null']);
        throw new Error('changed my mind');
      })).rejects.toThrow('changed my mind');
      const { rows } = await db.query<{ n: number; at: Date; tags: string[]; doc: unknown }>('SELECT n, at, tags, doc FROM t ORDER BY n');
      expect(rows).toEqual([{ n: 1, at, tags: ['a', 'b'], doc: { k: 'v' } }, { n: 2, at, tags: [], doc: null }]);
    } finally {
      await db.close();
    }
  });

  it('reports SQL errors with their SQLSTATE, and a closed database as an outage (no SQLSTATE)', async () => {
    const db: AuditDatabase = await openAuditDatabase({ dataDir: fresh() });
    const missing = await db.query('SELECT * FROM no_such_table').catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(AuditDatabaseError);
    expect((missing as AuditDatabaseError).reason).toBe('42P01');
    await db.close();
    await db.close();
    const closed = await db.query('SELECT 1').catch((error: unknown) => error);
    expect(closed).toBeInstanceOf(AuditDatabaseError);
    expect((closed as AuditDatabaseError).reason).toBeUndefined();
  });
});
