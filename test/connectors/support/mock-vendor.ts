import type { HttpHandler } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

/** An msw-served vendor for one suite. */
export interface MockVendor {
  /** Adds handlers for the current test. */
  use(...handlers: HttpHandler[]): void;
  /** Copies of the requests that reached the vendor since the test began (or since `forget`). */
  readonly requests: Request[];
  forget(): void;
}

/** Starts msw for the suite: a request no handler answers fails the test, and every request is kept to be counted. */
export function useMockVendor(): MockVendor {
  const server = setupServer();
  const requests: Request[] = [];
  const forget = () => void requests.splice(0);
  server.events.on('request:start', ({ request }) => void requests.push(request.clone()));
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  beforeEach(forget);
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return { use: (...handlers) => server.use(...handlers), requests, forget };
}

/** A handler answer giving the answers in turn, the last one from then on. */
export function inTurn<A extends unknown[], R>(...answers: Array<(...args: A) => R>): (...args: A) => R {
  let n = 0;
  return (...args) => (answers[Math.min(n++, answers.length - 1)] as (...args: A) => R)(...args);
}

/** The requests among `requests` that `describe` recognises, described. */
export async function described<T>(requests: readonly Request[], describe: (request: Request) => Promise<T | null> | T | null): Promise<T[]> {
  const all = await Promise.all(requests.map((request) => describe(request.clone())));
  return all.filter((d): d is Awaited<T> => d !== null) as T[];
}
