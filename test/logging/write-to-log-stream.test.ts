import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createLogger, writeToLogStream } from '../../src/logging/index.js';

describe('writeToLogStream', () => {
  it('writes a block as one write on the logger\'s destination, after the lines logged before it', () => {
    const writes: string[] = [];
    const logger = createLogger({ level: 'info', destination: { write: (chunk: string) => void writes.push(chunk) } });
    logger.info('first');
    logger.child({ component: 'audit' }).warn('second');
    writeToLogStream(logger, 'GraphQL: x\ntoken admin: y\n');
    logger.info('third');
    expect(writes.map((w) => (w.startsWith('{') ? (JSON.parse(w) as { msg: string }).msg : w))).toEqual(['first', 'second', 'GraphQL: x\ntoken admin: y\n', 'third']);
  });

  it('keeps the block whole and in order on pino\'s asynchronous stream, as on stdout', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'c360-log-')), 'out.log');
    const destination = pino.destination({ dest: file, sync: false, minLength: 0 });
    await new Promise((ready) => destination.once('ready', ready));
    const logger = createLogger({ level: 'trace', destination });
    for (let i = 0; i < 200; i += 1) logger.info({ i }, 'before');
    writeToLogStream(logger, 'one\ntwo\nthree\n');
    for (let i = 0; i < 200; i += 1) logger.info({ i }, 'after');
    const closed = new Promise((done) => destination.once('close', done));
    destination.end();
    await closed;
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const at = lines.indexOf('one');
    expect(lines.slice(at, at + 3)).toEqual(['one', 'two', 'three']);
    expect(at).toBe(200);
    expect(lines).toHaveLength(403);
  });
});
