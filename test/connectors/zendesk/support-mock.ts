import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';

/** The account URL the contract tests pretend to call. */
export const BASE = 'https://acme.zendesk.com';
/** A connector config for that account. */
export const CONFIG = { baseUrl: BASE, email: 'agent@acme.example', apiToken: 'zd-test-token-5f1c9a' };

/** An msw server for one suite that fails on any unhandled request and records every URL asked for. */
export function useMswServer() {
  const server = setupServer();
  const seen: URL[] = [];
  server.events.on('request:start', ({ request }) => {
    seen.push(new URL(request.url));
  });
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    server.resetHandlers();
    seen.length = 0;
  });
  afterAll(() => server.close());
  return { server, seen };
}

/**
 * Wraps records of a vendor example into the `/api/v2/search` response shape (`results` with `result_type`,
 * `count`, `next_page`), as Zendesk answers a `type:user` or `type:ticket` query.
 */
export function searchPage(records: readonly object[], resultType: 'user' | 'ticket', nextPage: string | null = null, count = records.length) {
  return {
    results: records.map((record) => ({ ...record, result_type: resultType })),
    facets: null,
    next_page: nextPage,
    previous_page: null,
    count,
  };
}
