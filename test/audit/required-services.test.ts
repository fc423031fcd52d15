import { afterEach, describe, expect, it, vi } from 'vitest';
import { requirePostgres, requireRedis } from '../support/services.js';

// Port 1 on loopback refuses connections: a server that is certainly not there.
const ABSENT_PG = 'postgres://postgres:Pw-never-shown@127.0.0.1:1/test';
const ABSENT_REDIS = 'redis://127.0.0.1:1';

describe('required services (PostgreSQL, Redis) for suites', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('report an unreachable server as skippable, with host and port but no password, outside CI', async () => {
    vi.stubEnv('CI', '');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const pg = await requirePostgres(ABSENT_PG);
    const redis = await requireRedis(ABSENT_REDIS);
    expect(pg).toMatchObject({ available: false, reason: 'PostgreSQL unreachable at 127.0.0.1:1 (ECONNREFUSED)' });
    expect(redis).toMatchObject({ available: false, reason: 'Redis unreachable at 127.0.0.1:1 (ECONNREFUSED)' });
    expect(warn).toHaveBeenCalledTimes(2);
    expect(JSON.stringify(warn.mock.calls)).not.toContain('Pw-never-shown');
  });

  it('fail instead of skipping when CI=true', async () => {
    vi.stubEnv('CI', 'true');
    await expect(requirePostgres(ABSENT_PG)).rejects.toThrow('PostgreSQL unreachable at 127.0.0.1:1 (ECONNREFUSED); it is required when CI=true');
    await expect(requireRedis(ABSENT_REDIS)).rejects.toThrow('Redis unreachable at 127.0.0.1:1 (ECONNREFUSED); it is required when CI=true');
  });
});
