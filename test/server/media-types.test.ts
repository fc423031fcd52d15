import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatewayOverFakes, type GatewayOverFakes } from './gateway-over-fakes.js';

const RESPONSE_TYPE = 'application/graphql-response+json; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

interface Answer {
  status: number;
  type: string | null;
  codes: unknown[];
  data: unknown;
}

describe('the media type and status of a GraphQL answer (GraphQL over HTTP)', () => {
  let rig: GatewayOverFakes;
  beforeAll(async () => {
    rig = await createGatewayOverFakes();
    await rig.listen();
  });
  afterAll(() => rig?.close());

  /** POSTs a body with an Accept header (none when null) and a support token (none when `token` is null). */
  const post = async (body: unknown, accept: string | null, token: string | null = 'support'): Promise<Answer> => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (accept !== null) headers.accept = accept;
    if (token !== null) headers.authorization = `Bearer ${await rig.token('support')}`;
    const res = await fetch(`${rig.url}/graphql`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
    const parsed = (await res.json()) as { data?: unknown; errors?: { extensions?: { code?: unknown } }[] };
    return { status: res.status, type: res.headers.get('content-type'), codes: (parsed.errors ?? []).map((e) => e.extensions?.code), data: 'data' in parsed ? parsed.data : undefined };
  };
  const agent = { query: '{ findCustomers(email: "p1@example.com") { id posTransactions(first: 1) { totalCount } } }' };
  const parseFailure = { query: '{ customers(' };
  const validationFailure = { query: '{ noSuchField }' };
  const coercionFailure = { query: 'query ($n: Int!) { findCustomers(email: "p1@example.com") { id posTransactions(first: $n) { totalCount } } }', variables: { n: 'many' } };
  // Introspection beside data: a role other than admin introspects only its own view, and never alongside data (403).
const schemaWithData = { query: '{ __schema { queryType { name } } customers(first: 1) { edges { cursor } } }' };
const persistedMiss = { extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } };

  describe('accepting application/graphql-response+json', () => {
    const accept = 'application/graphql-response+json';

    it('answers in that type, 200 with the data, a silo failure on its fields alone', async () => {
      rig.fakes.failing.add('POS');
      try {
        const answer = await post(agent, accept);
        expect(answer).toMatchObject({ status: 200, type: RESPONSE_TYPE, codes: ['SOURCE_UNAVAILABLE'] });
        expect(answer.data).toEqual({ findCustomers: [expect.objectContaining({ posTransactions: null })] });
      } finally {
        rig.fakes.failing.delete('POS');
      }
    });

    it('answers 400 to a document that does not parse, validate or fit its variables, in that type', async () => {
      expect(await post(parseFailure, accept)).toEqual({ status: 400, type: RESPONSE_TYPE, codes: ['GRAPHQL_PARSE_FAILED'], data: undefined });
      expect(await post(validationFailure, accept)).toEqual({ status: 400, type: RESPONSE_TYPE, codes: ['GRAPHQL_VALIDATION_FAILED'], data: undefined });
      expect(await post(coercionFailure, accept)).toEqual({ status: 400, type: RESPONSE_TYPE, codes: ['BAD_USER_INPUT'], data: undefined });
    });

    it('answers a persisted-query miss 400 (never 2xx without data), where application/json keeps Apollo Server\'s 200', async () => {
      expect(await post(persistedMiss, accept)).toEqual({ status: 400, type: RESPONSE_TYPE, codes: ['PERSISTED_QUERY_NOT_FOUND'], data: undefined });
      expect(await post(persistedMiss, null)).toEqual({ status: 200, type: JSON_TYPE, codes: ['PERSISTED_QUERY_NOT_FOUND'], data: undefined });
    });

    it('keeps the status of a refusal before execution and sends it in that type: 401, 403, and the HTTP layer\'s own', async () => {
      expect(await post(agent, accept, null)).toEqual({ status: 401, type: RESPONSE_TYPE, codes: ['UNAUTHENTICATED'], data: undefined });
      expect(await post(schemaWithData, accept)).toEqual({ status: 403, type: RESPONSE_TYPE, codes: ['FORBIDDEN'], data: undefined });
      expect(await post([agent, agent], accept)).toEqual({ status: 400, type: RESPONSE_TYPE, codes: ['BATCHING_NOT_ALLOWED'], data: undefined });
      expect(await post('{"query": ', accept)).toEqual({ status: 400, type: RESPONSE_TYPE, codes: ['BAD_REQUEST'], data: undefined });
    });
  });

  describe('accepting application/json by name', () => {
    const accept = 'application/json';

    it('answers a GraphQL request error 200 with the errors, as the spec asks of application/json', async () => {
      expect(await post(parseFailure, accept)).toEqual({ status: 200, type: JSON_TYPE, codes: ['GRAPHQL_PARSE_FAILED'], data: undefined });
      expect(await post(validationFailure, accept)).toEqual({ status: 200, type: JSON_TYPE, codes: ['GRAPHQL_VALIDATION_FAILED'], data: undefined });
      expect(await post(coercionFailure, accept)).toEqual({ status: 200, type: JSON_TYPE, codes: ['BAD_USER_INPUT'], data: undefined });
      // The query limits are validation rules of the gateway's own: a document they refuse is a request error too.
      const aliases = { query: `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: __typename`).join(' ')} }` };
      expect(await post(aliases, accept)).toEqual({ status: 200, type: JSON_TYPE, codes: ['ALIAS_LIMIT_EXCEEDED'], data: undefined });
      expect(await post(aliases, null)).toEqual({ status: 400, type: JSON_TYPE, codes: ['ALIAS_LIMIT_EXCEEDED'], data: undefined });
    });

    it('keeps the status of a request that is not well-formed, or refused for who calls', async () => {
      expect(await post({ variables: {} }, accept)).toEqual({ status: 400, type: JSON_TYPE, codes: ['BAD_REQUEST'], data: undefined });
      expect(await post(agent, accept, null)).toEqual({ status: 401, type: JSON_TYPE, codes: ['UNAUTHENTICATED'], data: undefined });
      expect(await post(schemaWithData, accept)).toEqual({ status: 403, type: JSON_TYPE, codes: ['FORBIDDEN'], data: undefined });
    });
  });

  describe('without naming a type (no Accept header, or */*)', () => {
    it('answers application/json with the statuses of the error table, as before', async () => {
      for (const accept of [null, '*/*']) {
        expect(await post(parseFailure, accept)).toEqual({ status: 400, type: JSON_TYPE, codes: ['GRAPHQL_PARSE_FAILED'], data: undefined });
        expect(await post(validationFailure, accept)).toEqual({ status: 400, type: JSON_TYPE, codes: ['GRAPHQL_VALIDATION_FAILED'], data: undefined });
        expect(await post(agent, accept)).toMatchObject({ status: 200, type: JSON_TYPE, codes: [] });
      }
    });
  });

  it('answers 406 when the client accepts neither type', async () => {
    const res = await fetch(`${rig.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/html', authorization: `Bearer ${await rig.token('support')}` },
      body: JSON.stringify(agent),
    });
    expect(res.status).toBe(406);
  });
});
