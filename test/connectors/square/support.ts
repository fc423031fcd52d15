import { readFileSync } from 'node:fs';
import { http, type HttpHandler } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { generateWorld, startSandbox, type RunningSandbox, type World } from '../../../connectors/sandbox-kit/index.js';
import { createSquareSandbox, SQUARE_SANDBOX_CREDENTIALS } from '../../../connectors/square/index.js';
import type { SquareSandboxOptions } from '../../../connectors/square/index.js';
import { loadOpenApi } from '../../support/openapi.js';
import { DEFAULT_SQUARE_VERSION } from '../../../connectors/square/index.js';

const fixtures = new URL('./fixtures/', import.meta.url);

/** A fresh parse of a Square example payload copied into fixtures/ (tests may mutate it). */
export const example = <T = any>(file: string): T => JSON.parse(readFileSync(new URL(file, fixtures), 'utf8')) as T;

const excerpt = (file: string) => loadOpenApi(new URL(file, fixtures).pathname);

/** Validators for Square's three OpenAPI excerpts (release 2025-08-20). */
export const squareSpec = {
  customers: excerpt('openapi-customers.excerpt.json'),
  orders: excerpt('openapi-orders.excerpt.json'),
  payments: excerpt('openapi-payments.excerpt.json'),
};

/** Where the msw suites pretend Square lives: a loopback address, so nothing could leave the machine anyway. */
export const SQUARE_URL = 'http://127.0.0.1:9/square-contract';
/** The token the msw suites configure, to prove it never appears in an error. */
export const SECRET_TOKEN = 'EAAAl-contract-suite-secret-token';

/** Starts msw for the suite; a request no handler answers fails the test. */
export function useMockSquare() {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return server;
}

/** One request the connector sent to the mocked Square. */
export interface Sent {
  url: URL;
  headers: Headers;
  body: any;
}

/** A mocked Square endpoint that records every request and answers with `answer(request, n)` (n counts from 1). */
export function square(
  method: 'get' | 'post' | 'delete',
  path: string,
  answer: (sent: Sent, n: number) => Response | Promise<Response>,
): { handler: HttpHandler; sent: Sent[] } {
  const sent: Sent[] = [];
  const handler = http[method](`${SQUARE_URL}${path}`, async ({ request }) => {
    const text = await request.text();
    const entry = { url: new URL(request.url), headers: request.headers, body: text === '' ? undefined : JSON.parse(text) };
    sent.push(entry);
    return answer(entry, sent.length);
  });
  return { handler, sent };
}

/** A running Square sandbox over a generated world, with its control surface at hand. */
export interface SquareSilo {
  world: World;
  sandbox: RunningSandbox;
  /** Calls the vendor API with the sandbox credentials (or the headers given). */
  api(path: string, init?: { method?: string; body?: unknown; headers?: Record<string, string> }): Promise<Response>;
  /** Replaces the fault set (`{}` resets). */
  setFaults(faults: Record<string, unknown>): Promise<void>;
  /** Requests served per endpoint since the last `resetStats`. */
  stats(): Promise<{ total: number; byEndpoint: Record<string, number> }>;
  resetStats(): Promise<void>;
}

/** Boots the Square sandbox on an ephemeral loopback port for the suite and closes it afterwards. */
export function useSquareSilo(people: number, options: SquareSandboxOptions = {}): SquareSilo {
  const silo = { world: generateWorld({ seed: 42, people }) } as SquareSilo;
  const control = (path: string, method = 'GET', body?: unknown) =>
    fetch(`${silo.sandbox.url}/__sandbox/${path}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
    });
  silo.api = (path, { method = 'GET', body, headers } = {}) =>
    fetch(`${silo.sandbox.url}${path}`, {
      method,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      headers: headers ?? {
        authorization: `Bearer ${SQUARE_SANDBOX_CREDENTIALS.accessToken}`,
        'square-version': DEFAULT_SQUARE_VERSION,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
    });
  silo.setFaults = async (faults) => void (await control('faults', 'PUT', faults));
  silo.stats = async () => (await control('stats')).json() as ReturnType<SquareSilo['stats']>;
  silo.resetStats = async () => void (await control('stats', 'DELETE'));
  beforeAll(async () => {
    silo.sandbox = await startSandbox(createSquareSandbox(silo.world, options), { port: 0 });
  });
  afterAll(() => silo.sandbox.close());
  return silo;
}

/** Follows a cursor from the first page to the last (at most 1000 pages), collecting every item. */
export async function drain<T>(page: (cursor: string | undefined) => Promise<{ items: T[]; next?: string | null }>): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  for (let n = 0; n < 1000; n++) {
    const { items, next } = await page(cursor);
    all.push(...items);
    if (!next) return all;
    cursor = next;
  }
  throw new Error('the cursor never ran out');
}
