import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateWorld, type Person, type World } from '../connectors/sandbox-kit/index.js';
import { startStack } from '../src/app.js';
import { issueToken } from '../src/auth/index.js';

// `npm run bench:privacy`: how long a data-subject export and an erasure take for people with records in all four
// silos, at the bench's silo latency (40 ms per call). In process; the figures go to stdout as JSON.
const LATENCY_MS = Number(process.env.SANDBOX_LATENCY_MS ?? 40);
const PEOPLE = 5;
const SECRET = 'privacy-bench-secret-0123456789abcdef';

function everywhere(world: World): Person[] {
  const one = (records: { personId: number }[], id: number) => records.filter((r) => r.personId === id).length === 1;
  return world.people.filter((p) => p.householdOf === null && one(world.hubspot.contacts, p.id) && one(world.shopify.customers, p.id)
    && one(world.zendesk.users, p.id) && one(world.square.customers, p.id)).slice(0, 2 * PEOPLE);
}

const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))] ?? 0;
const summary = (values: number[]) => ({ n: values.length, p50: Math.round(quantile(values, 0.5)), max: Math.round(Math.max(...values)) });

const stack = await startStack({
  PORT: '0', LOG_LEVEL: 'silent', AUTH_JWT_SECRET: SECRET, GATEWAY_SECRET: 'privacy-bench', SANDBOX_LATENCY_MS: String(LATENCY_MS),
  DATA_DIR: mkdtempSync(join(tmpdir(), 'c360-privacy-bench-')), ERASURE_POLL_MS: '50', ERASURE_VENDOR_POLL_MS: '500',
  SANDBOX_SHOPIFY_ERASURE_DELAY_MS: process.env.SANDBOX_SHOPIFY_ERASURE_DELAY_MS ?? '5000',
  ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
});
try {
  const token = await issueToken(SECRET, { sub: 'privacy-bench', roles: ['privacy'] });
  const gql = async <T>(query: string, variables: object): Promise<T> => {
    const res = await fetch(`${stack.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
    return ((await res.json()) as { data: T }).data;
  };
  const people = everywhere(generateWorld({ seed: stack.settings.sandboxes.seed, people: stack.settings.sandboxes.people }));
  const exportRequest: number[] = [];
  const exportJson: number[] = [];
  for (const person of people.slice(0, PEOPLE)) {
    let started = performance.now();
    const links = await gql<{ requestDataExport: { json: string } }>('mutation($s: DataSubjectInput!) { requestDataExport(subject: $s) { json } }', { s: { email: person.email } });
    exportRequest.push(performance.now() - started);
    started = performance.now();
    const res = await fetch(links.requestDataExport.json, { headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`export answered ${res.status}`);
    exportJson.push(performance.now() - started);
  }
  const accepted: number[] = [];
  const completed: number[] = [];
  for (const person of people.slice(PEOPLE, 2 * PEOPLE)) {
    const started = performance.now();
    const { requestErasure } = await gql<{ requestErasure: { id: string } }>('mutation($s: DataSubjectInput!) { requestErasure(subject: $s) { id } }', { s: { email: person.email } });
    let acceptedAt: number | null = null;
    for (;;) {
      const { erasureRequest } = await gql<{ erasureRequest: { status: string } }>('query($id: ID!) { erasureRequest(id: $id) { status } }', { id: requestErasure.id });
      if (acceptedAt === null && erasureRequest.status !== 'RUNNING') acceptedAt = performance.now() - started;
      if (erasureRequest.status.startsWith('COMPLETED')) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    accepted.push(acceptedAt ?? 0);
    completed.push(performance.now() - started);
  }
  console.log(JSON.stringify({
    latencyMsPerSiloCall: LATENCY_MS,
    shopifyErasureDelayMs: Number(process.env.SANDBOX_SHOPIFY_ERASURE_DELAY_MS ?? 5000),
    exportRequestMs: summary(exportRequest),
    exportJsonDownloadMs: summary(exportJson),
    erasureEveryVendorAcceptedMs: summary(accepted),
    erasureCompletedWithReadBackMs: summary(completed),
  }, null, 2));
} finally {
  await stack.close();
}
