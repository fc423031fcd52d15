import { connect } from 'node:net';
import pg from 'pg';

/** Whether a server a suite needs answers; `reason` says why not, fit for a skipped suite's title. */
export interface ServiceCheck {
  available: boolean;
  /** Where the suite should connect (the configured URL, credentials included: never print it). */
  url: string;
  reason: string;
}

/** PostgreSQL for tests: TEST_DATABASE_URL, else the machine's server with trust auth. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** Redis for tests: TEST_REDIS_URL, else the machine's server. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Checks PostgreSQL with `SELECT 1`. Unreachable: under CI=true this throws (the suite fails); otherwise it warns
 * once and returns `available: false` so the suite can skip with `reason`.
 */
export function requirePostgres(url = TEST_DATABASE_URL): Promise<ServiceCheck> {
  return check('PostgreSQL', url, 5432, async () => {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query('SELECT 1');
    } finally {
      await client.end().catch(() => {});
    }
  });
}

/** Checks Redis with a raw RESP `PING`; same CI rule as requirePostgres. */
export function requireRedis(url = TEST_REDIS_URL): Promise<ServiceCheck> {
  return check('Redis', url, 6379, () => {
    const { hostname, port } = new URL(url);
    return new Promise<void>((resolve, reject) => {
      const socket = connect({ host: hostname || '127.0.0.1', port: Number(port || 6379) });
      let reply = '';
      socket.setTimeout(3_000, () => socket.destroy(Object.assign(new Error('no reply to PING'), { code: 'ETIMEDOUT' })));
      socket.on('connect', () => socket.write('PING\r\n'));
      socket.on('data', (chunk) => {
        reply += chunk.toString('latin1');
        if (!reply.includes('\r\n')) return;
        socket.end();
        if (reply.startsWith('+PONG')) resolve();
        else reject(new Error(`unexpected reply to PING: ${reply.slice(0, 40).trim()}`));
      });
      socket.on('error', reject);
      socket.on('close', () => reject(new Error('connection closed before PING was answered')));
    });
  });
}

async function check(name: string, url: string, defaultPort: number, probe: () => Promise<void>): Promise<ServiceCheck> {
  const where = hostAndPort(url, defaultPort);
  try {
    await probe();
    return { available: true, url, reason: `${name} at ${where}` };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const why = typeof code === 'string' ? code : error instanceof Error ? error.message : 'unknown error';
    // The URL may carry a password: the message names the host and port only.
    const reason = `${name} unreachable at ${where} (${why.replaceAll(url, '***')})`;
    if (process.env.CI === 'true') throw new Error(`${reason}; it is required when CI=true`);
    console.warn(`[skipped] ${reason}: the suites that need it are skipped (set CI=true to make this a failure)`);
    return { available: false, url, reason };
  }
}

function hostAndPort(url: string, defaultPort: number): string {
  try {
    const { hostname, port } = new URL(url);
    return `${hostname || '127.0.0.1'}:${port || defaultPort}`;
  } catch {
    return 'an unparsable URL';
  }
}

/**
 * A fresh, empty PostgreSQL database for one test stack (so suites running in parallel never see each
 * other's audit events), or null when PostgreSQL is unreachable (the stack then uses embedded PGlite).
 */
export async function scratchDatabase(url = TEST_DATABASE_URL): Promise<{ url: string; drop(): Promise<void> } | null> {
  const name = `c360_stack_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  admin.on('error', () => {});
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
  } catch {
    return null;
  } finally {
    await admin.end().catch(() => {});
  }
  const scratch = new URL(url);
  scratch.pathname = `/${name}`;
  return {
    url: scratch.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: url });
      client.on('error', () => {});
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => client.end());
    },
  };
}
