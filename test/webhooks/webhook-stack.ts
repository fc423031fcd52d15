import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectorConfigs, createSilos, startSandboxes, webhookSecretsOf } from '../../connectors/index.js';
import { setWebhookTarget } from '../../connectors/sandbox-kit/index.js';
import { createAuditTrail } from '../../src/audit/index.js';
import { createAuthenticator, issueToken } from '../../src/auth/index.js';
import { createCacheLayer } from '../../src/cache/index.js';
import { deriveKey } from '../../src/config/index.js';
import type { System } from '../../src/model/index.js';
import { createGateway } from '../../src/server/index.js';
import { loadSettings } from '../../src/settings.js';
import { createSiloPipeline } from '../../src/silos/index.js';
import { registerWebhooks, withSandboxSecrets } from '../../src/webhooks/index.js';
import { testGatewayServices } from '../support/gateway-services.js';

const JWT_SECRET = 'webhook-e2e-jwt-secret-of-sufficient-length';

/**
 * The product assembled from its exported pieces as src/app.ts will once it wires the cache and the webhooks:
 * sandboxes → connectors → record cache → gateway + webhook routes, with every sandbox delivering its webhooks
 * to the gateway. Replace with startTestStack once src/app.ts does this itself (see the report's wiring snippet).
 */
export async function startWebhookStack(env: Record<string, string> = {}) {
  const sandboxes = await startSandboxes({ seed: 42, people: 300, latencyMs: 0 });
  const urls = new Map([...sandboxes].map(([system, s]) => [system, s.url]));
  const secret = 'webhook-e2e-gateway-secret';
  const settings = loadSettings(env);
  const configs = connectorConfigs(settings, urls);
  const cache = createCacheLayer({ ...settings.cache, keySecret: deriveKey(Buffer.from(secret), 'cache-keys'), sealKey: deriveKey(Buffer.from(secret), 'cache/values') });
  const auditTrail = await createAuditTrail({ dataDir: mkdtempSync(join(tmpdir(), 'c360-webhooks-')) });
  const gateway = await createGateway({
    authenticator: createAuthenticator({ jwtSecret: JWT_SECRET }),
    services: testGatewayServices({ silos: createSiloPipeline(createSilos(configs), { cache }).silos, auditTrail, secret }),
  });
  const secrets = withSandboxSecrets(webhookSecretsOf(configs), urls.keys());
  let url = '';
  await registerWebhooks(gateway.app, { invalidator: cache.invalidator, secrets, publicUrl: () => url });
  url = await gateway.listen(0, '127.0.0.1');
  for (const [system, sandbox] of sandboxes) {
    const secret = secrets[system];
    if (secret) await setWebhookTarget(sandbox.app, { url: `${url}/webhooks/${system}`, secret });
  }

  const sandbox = (system: System) => {
    const running = sandboxes.get(system);
    if (!running) throw new Error(`no ${system} sandbox`);
    return running;
  };
  return {
    url,
    secrets,
    cacheStats: () => cache.stats(),
    sandbox,
    /** A `/__sandbox/*` call on one sandbox. */
    control: (system: System, method: string, path: string, body?: unknown) =>
      fetch(`${sandbox(system).url}/__sandbox/${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) }),
    async query<T>(query: string, variables: Record<string, unknown> = {}): Promise<{ data?: T | null; errors?: unknown[]; extensions?: { sources?: { source: string; cached: boolean }[] } }> {
      const token = await issueToken(JWT_SECRET, { sub: 'webhook-e2e', roles: ['admin'] });
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as { data?: T | null; errors?: unknown[]; extensions?: { sources?: { source: string; cached: boolean }[] } };
    },
    async close() {
      await gateway.close();
      await auditTrail.close();
      await cache.close();
      await Promise.all([...sandboxes.values()].map((s) => s.close()));
    },
  };
}
