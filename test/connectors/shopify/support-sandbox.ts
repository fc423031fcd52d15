import { afterAll, beforeAll } from 'vitest';
import { generateWorld, startSandbox, type RunningSandbox, type World } from '../../../connectors/sandbox-kit/index.js';
import { createShopifySandbox, DEFAULT_SHOPIFY_API_VERSION, SHOPIFY_SANDBOX_CREDENTIALS } from '../../../connectors/shopify/index.js';

/** A GraphQL answer of the sandbox, as read over HTTP. */
export interface Answer<T = Record<string, unknown>> {
  status: number;
  body: { data?: T | null; errors?: unknown; extensions?: { cost?: Record<string, unknown>; search?: unknown } } & Record<string, unknown>;
}

/** A small world: about 290 Shopify customers, enough for pages of 250. */
export const smallWorld = (): World => generateWorld({ seed: 42, people: 500 });

/** Starts a Shopify sandbox on port 0 for one suite and gives helpers to call and steer it over HTTP. */
export function useShopifySandbox(world: World, options: Parameters<typeof createShopifySandbox>[1] = {}) {
  let sandbox: RunningSandbox | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox(createShopifySandbox(world, options), { port: 0 });
  });
  afterAll(async () => sandbox?.close());
  const url = () => {
    if (!sandbox) throw new Error('sandbox not started');
    return sandbox.url;
  };
  return {
    url,
    /** POSTs to graphql.json with the sandbox token unless other headers are given. */
    async post<T = Record<string, unknown>>(body: unknown, init: { version?: string; headers?: Record<string, string> } = {}): Promise<Answer<T>> {
      const res = await fetch(`${url()}/admin/api/${init.version ?? DEFAULT_SHOPIFY_API_VERSION}/graphql.json`, {
        method: 'POST',
        headers: init.headers ?? { 'content-type': 'application/json', 'x-shopify-access-token': SHOPIFY_SANDBOX_CREDENTIALS.accessToken },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Answer<T>['body'] };
    },
    async stats(): Promise<{ total: number; byEndpoint: Record<string, number> }> {
      return (await fetch(`${url()}/__sandbox/stats`)).json() as Promise<{ total: number; byEndpoint: Record<string, number> }>;
    },
    async faults(faults: Record<string, unknown>): Promise<void> {
      const res = await fetch(`${url()}/__sandbox/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
      if (!res.ok) throw new Error(`faults refused: ${res.status}`);
    },
    async truth(): Promise<Record<string, string[]>> {
      return (await fetch(`${url()}/__sandbox/truth`)).json() as Promise<Record<string, string[]>>;
    },
  };
}
