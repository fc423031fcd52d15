import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { GRAPHQL_URL } from './support.js';

/** One GraphQL request the connector sent to the mocked store. */
export interface SeenCall {
  operation: string;
  query: string;
  variables: Record<string, unknown>;
  token: string | null;
}

/** How the mocked store answers: a JSON body, or raw text for the garbage cases. */
export type MockAnswer = { status?: number; json: unknown } | { status?: number; text: string; contentType: string };

/**
 * An msw-mocked Shopify store for one suite: every request to anything but its graphql.json fails the test; each
 * GraphQL call is recorded (operation name, variables, token) and answered by the suite's current `answer`.
 */
export function useShopifyMock() {
  let respond: (call: SeenCall) => MockAnswer | Promise<MockAnswer> = () => ({ status: 500, json: { errors: 'no answer set' } });
  const calls: SeenCall[] = [];
  const server = setupServer(
    http.post(GRAPHQL_URL, async ({ request }) => {
      const body = (await request.json()) as { query: string; variables?: Record<string, unknown> };
      const call: SeenCall = {
        operation: /\b(?:query|mutation)\s+(\w+)/.exec(body.query)?.[1] ?? '(anonymous)',
        query: body.query,
        variables: body.variables ?? {},
        token: request.headers.get('x-shopify-access-token'),
      };
      calls.push(call);
      const answer = await respond(call);
      return 'json' in answer
        ? HttpResponse.json(answer.json as Record<string, unknown>, { status: answer.status ?? 200 })
        : new HttpResponse(answer.text, { status: answer.status ?? 200, headers: { 'content-type': answer.contentType } });
    }),
  );
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    calls.length = 0;
  });
  afterAll(() => server.close());
  return {
    calls,
    /** Sets how the store answers from now on. */
    answer(fn: (call: SeenCall) => MockAnswer | Promise<MockAnswer>) {
      respond = fn;
    },
  };
}

/** The search queries one call carried: `query` of a single search, or `q0`, `q1`, … of searches aliased together. */
export function searchQueriesOf(call: SeenCall): string[] {
  const aliased = Object.keys(call.variables).filter((name) => /^q\d+$/.test(name)).sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
  return aliased.length > 0 ? aliased.map((name) => String(call.variables[name])) : [String(call.variables.query)];
}

/** Answers a customer search call with `connection` for each of its searches: `customers`, or `s0`, `s1`, … when aliased. */
export function customersAnswer(call: SeenCall, connection: unknown): MockAnswer {
  const aliased = Object.keys(call.variables).filter((name) => /^q\d+$/.test(name));
  const data = aliased.length > 0 ? Object.fromEntries(aliased.map((name) => [`s${name.slice(1)}`, connection])) : { customers: connection };
  return { json: { data } };
}
