import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { ROLES } from '../../src/auth/index.js';
import { SYSTEMS } from '../../connectors/index.js';

// `npm start` as a user runs it (scripts/start.mjs, demo mode, logging at its most talkative): the banner a user
// copies URLs and tokens from is one block on stdout, after the logger's start-up lines, with no log line inside.

describe("npm start's banner", () => {
  it('is one contiguous block on stdout, after the start-up log lines', async () => {
    const child = spawn(process.execPath, ['scripts/start.mjs'], {
      env: {
        PATH: process.env.PATH ?? '',
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: mkdtempSync(join(tmpdir(), 'c360-banner-')),
        SANDBOX_PEOPLE: '50',
        LOG_LEVEL: 'trace',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines: string[] = [];
    try {
      for await (const line of createInterface({ input: child.stdout })) {
        lines.push(line);
        if (line.startsWith(`token ${ROLES.at(-1)}: `)) break;
      }
    } finally {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    }
    const start = lines.findIndex((line) => line.startsWith('GraphQL: '));
    expect(start).toBeGreaterThanOrEqual(0);
    const banner = lines.slice(start);
    expect(banner.map((line) => line.replace(/: .*$/, ''))).toEqual(['GraphQL', 'Explorer', ...SYSTEMS.map((system) => `sandbox ${system}`), ...ROLES.map((role) => `token ${role}`)]);
    expect(banner[0]).toMatch(/^GraphQL: http:\/\/127\.0\.0\.1:\d+\/graphql$/);
    expect(banner[1]).toMatch(/^Explorer: http:\/\/127\.0\.0\.1:\d+\/$/);
    // What came before it is the logger's: JSON lines, the listening line among them.
    const before = lines.slice(0, start).map((line) => JSON.parse(line) as { msg?: string });
    expect(before.some((entry) => entry.msg?.startsWith('Server listening at '))).toBe(true);
  }, 120_000);
});
