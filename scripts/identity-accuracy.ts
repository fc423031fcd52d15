import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { issueToken } from '../src/auth/index.js';
import { startStack } from '../src/app.js';
import { NO_VENDOR_LIMITS } from '../bench/stack.js';
import { scoreFigures, scoreResolution } from './identity/score.js';

// `npm run accuracy -- [--seeds 1,2,3,4,5] [--people 2000] [--show-misses N]`: boots the sandboxes and the gateway
// in-process on loopback, crawls every customer and scores the links against `/__sandbox/truth`, one line per
// seed (precision, recall, largest clusters, crawl time). Audit trail embedded, vendor rate budgets off, no latency.

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '1,2,3,4,5' },
    people: { type: 'string', default: '2000' },
    'show-misses': { type: 'string', default: '0' },
  },
});
const seeds = values.seeds.split(',').map((s) => s.trim());
const SECRET = 'accuracy-script-jwt-secret-of-sufficient-length';

for (const seed of seeds) {
  const stack = await startStack({
    PORT: '0',
    HOST: '127.0.0.1',
    AUTH_JWT_SECRET: SECRET,
    GATEWAY_SECRET: 'accuracy-script-gateway-secret',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'c360-accuracy-')),
    LOG_LEVEL: 'silent',
    REQUEST_DEADLINE_MS: '60000',
    SANDBOX_LATENCY_MS: '0',
    SANDBOX_SEED: seed,
    SANDBOX_PEOPLE: values.people,
    ...NO_VENDOR_LIMITS,
  });
  try {
    const token = await issueToken(SECRET, { sub: 'accuracy-script', roles: ['admin'] });
    const started = performance.now();
    const score = await scoreResolution({
      async query(query, variables) {
        const res = await fetch(`${stack.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query, variables }),
        });
        return (await res.json()) as { data?: unknown; errors?: { message: string }[] };
      },
      async truth(system) {
        const sandbox = stack.sandboxes.get(system);
        if (!sandbox) throw new Error(`no sandbox for ${system}: the script scores the embedded sandboxes`);
        return (await fetch(`${sandbox.url}/__sandbox/truth`)).json() as Promise<Record<string, string[]>>;
      },
    });
    const crawlSeconds = (performance.now() - started) / 1000;
    console.log(JSON.stringify({
      seed, ...scoreFigures(score),
      precision: Number(score.precision.toFixed(4)), recall: Number(score.recall.toFixed(4)),
      crawlSeconds: Number(crawlSeconds.toFixed(1)),
    }));
    const show = Number(values['show-misses']);
    for (const pair of [...score.missedPairs.slice(0, show).map((p) => `missed ${p}`), ...score.wrongPairs.slice(0, show).map((p) => `wrong ${p}`), ...score.missing.slice(0, show).map((r) => `missing ${r}`)]) console.log(pair);
  } finally {
    await stack.close();
  }
}

