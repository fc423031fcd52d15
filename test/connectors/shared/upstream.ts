import { HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { z } from 'zod';
import { createHttpClient, type HttpClientOptions } from '../../../connectors/shared/index.js';
import type { CallEvent } from '../../../src/model/index.js';

/** A base URL and token that must never show up in an error message. */
export const BASE = 'https://crm-secret-host.vendor.example/api';
export const TOKEN = 'Bearer pat-na1-SECRET-TOKEN-0123';
/** Personal data in an upstream body, which must never show up in an error message either. */
export const PRIVATE = 'jane.doe@example.com said something private';
export const url = (path: string) => `${BASE}${path}`;
export const list = z.object({ results: z.array(z.object({ id: z.string() })) });

/** Starts msw for the suite (unhandled requests are errors) and records every upstream request and onCall event. */
export function useUpstream() {
  const server = setupServer();
  const seen = { requests: [] as Request[], events: [] as CallEvent[] };
  beforeAll(() => {
    server.listen({ onUnhandledRequest: 'error' });
    server.events.on('request:start', ({ request }) => void seen.requests.push(request.clone()));
  });
  beforeEach(() => {
    seen.requests = [];
    seen.events = [];
  });
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  const client = (options: Partial<HttpClientOptions> = {}) =>
    createHttpClient({
      source: 'CRM', baseURL: BASE, headers: { Authorization: TOKEN }, maxAttempts: 3, onCall: (e) => void seen.events.push(e), ...options,
    });
  return { server, seen, client };
}

/** A handler answering the given responses in turn, the last one from then on. */
export const inTurn = (...answers: Array<() => Response>) => {
  let n = 0;
  return () => (answers[Math.min(n++, answers.length - 1)] as () => Response)();
};
export const ok = () => HttpResponse.json({ results: [{ id: '1' }] });
/** An error answer whose body carries personal data. */
export const status = (code: number, headers: Record<string, string> = {}) => () =>
  HttpResponse.json({ message: PRIVATE }, { status: code, headers });
/** The error a promise rejects with; fails if it resolves. */
export const rejection = (promise: Promise<unknown>) =>
  promise.then(() => { throw new Error('expected a rejection'); }, (e: Error) => e);
