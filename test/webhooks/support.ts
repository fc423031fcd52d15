import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import type { RecordInvalidator } from '../../src/cache/index.js';
import type { Source, System } from '../../src/model/index.js';
import { registerWebhooks, type WebhookOptions } from '../../src/webhooks/index.js';

/** A vendor example copied unmodified from ../shared/vendor-apis/<vendor>/examples. */
export function fixtureText(vendor: System, name: string): string {
  return readFileSync(new URL(`./fixtures/${vendor}/${name}`, import.meta.url), 'utf8');
}

/** A vendor example, parsed. */
export function fixture<T = Record<string, unknown>>(vendor: System, name: string): T {
  return JSON.parse(fixtureText(vendor, name)) as T;
}

/** The documented algorithm, written out independently of src/webhooks: base64(HMAC-SHA256(key, concatenation)). */
export const hmac = (key: string, ...parts: string[]) => createHmac('sha256', key).update(parts.join('')).digest('base64');

/** A RecordInvalidator double that records its calls; `failWith` makes the next calls throw. */
export function recordingInvalidator() {
  const calls: { source: Source; ids: string[] }[] = [];
  let failure: Error | null = null;
  const invalidator: RecordInvalidator = {
    async invalidate(source, recordIds) {
      if (failure) throw failure;
      calls.push({ source, ids: [...recordIds].sort() });
    },
  };
  return {
    invalidator,
    calls,
    failWith(error: Error | null) {
      failure = error;
    },
  };
}

/** The secrets the route tests configure. */
export const SECRETS = { hubspot: 'hs-secret', shopify: 'shop-secret', zendesk: 'zd-secret', square: 'sq-key' } as const;

/**
 * A Fastify app with the webhook routes and a JSON echo route standing in for /graphql, listening on a loopback
 * port; its public URL is its own loopback URL unless `publicUrl` says otherwise.
 */
export async function startWebhookApp(options: Partial<WebhookOptions> = {}) {
  const recorder = recordingInvalidator();
  const app: FastifyInstance = Fastify({ logger: false });
  let url = '';
  app.post('/graphql', async (request) => ({ echoed: request.body }));
  await registerWebhooks(app, { invalidator: recorder.invalidator, secrets: SECRETS, publicUrl: () => url, ...options });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${url}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  return { app, url, post, ...recorder, close: () => app.close() };
}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
