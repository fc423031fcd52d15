import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isErrorCode, statusOf } from '../../src/errors/index.js';
import { createGatewayOverFakes, type GatewayOverFakes } from './gateway-over-fakes.js';

interface Body {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** Nothing internal in a response: no stack frames, no file paths. */
const expectNoLeak = (text: string) => expect(text).not.toMatch(/stacktrace|\bat \S+ \(|node_modules|\.ts:\d+|\.js:\d+/);

describe('the HTTP surface of the gateway', () => {
  let rig: GatewayOverFakes;
  beforeAll(async () => {
    rig = await createGatewayOverFakes();
  });
  afterAll(() => rig?.close());

  const post = async (body: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${rig.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await rig.token()}`, ...headers },
      body,
    });
    const text = await res.text();
    return { status: res.status, text, body: JSON.parse(text) as Body, headers: res.headers };
  };
  /** A refusal: one error, its code, the status the table gives that code, no data, nothing internal. */
  const expectRefusal = ({ status, text, body }: Pick<Awaited<ReturnType<typeof post>>, 'status' | 'text' | 'body'>, code: string): string => {
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual([code]);
    expect(isErrorCode(code) && status === statusOf(code)).toBe(true);
    expect(body.data ?? null).toBeNull();
    expectNoLeak(text);
    return body.errors?.[0]?.message ?? '';
  };

  it('answers /readyz 503 "starting" until it listens, and /healthz 200 all along', async () => {
    const ready = await rig.gateway.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ status: 'starting' });
    const health = await rig.gateway.app.inject({ method: 'GET', url: '/healthz' });
    expect([health.statusCode, health.json()]).toEqual([200, { status: 'ok' }]);
  });

  it('answers /readyz 200 "ready" once listening, with the audit database up', async () => {
    await rig.listen();
    const res = await fetch(`${rig.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', silos: null, cache: null, database: 'up' });
    expect((await fetch(`${rig.url}/healthz`)).status).toBe(200);
  });

  it('answers a body over the limit with 413 PAYLOAD_TOO_LARGE in the GraphQL error shape, naming size and limit', async () => {
    const body = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(2000) } });
    const message = expectRefusal(await post(body), 'PAYLOAD_TOO_LARGE');
    expect(message).toBe(`The request body of ${Buffer.byteLength(body)} bytes is too large; the limit is 1024 bytes.`);
  });

  it('answers a malformed JSON body with 400 BAD_REQUEST and a fixed message that quotes none of it', async () => {
    const res = await post('{"query": "{ __typename }", "variables": {"token": "sk_live_51Hq');
    expect(expectRefusal(res, 'BAD_REQUEST')).toBe('The request could not be read: send a JSON body {"query", "variables", "operationName"}.');
    expect(res.text).not.toContain('sk_live');
  });

  it('answers a body in a content type it does not read with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    expect(expectRefusal(await post('<query/>', { 'content-type': 'application/xml' }), 'UNSUPPORTED_MEDIA_TYPE')).toBe('Send the request as application/json.');
  });

  it('answers a request without a bearer token with 401 UNAUTHENTICATED', async () => {
    const res = await fetch(`${rig.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    const text = await res.text();
    expectRefusal({ status: res.status, text, body: JSON.parse(text) as Body }, 'UNAUTHENTICATED');
  });

  it("keeps Apollo Server's own codes and messages: a syntax error is GRAPHQL_PARSE_FAILED with its position", async () => {
    const res = await post(JSON.stringify({ query: '{ customers(' }));
    expect(expectRefusal(res, 'GRAPHQL_PARSE_FAILED')).toBe('Syntax Error: Expected Name, found <EOF>.');
    expect(res.body.errors?.[0]).toMatchObject({ locations: [{ line: 1, column: 13 }] });
  });

  const agent = JSON.stringify({ query: '{ findCustomers(email: "p1@example.com") { id displayName posTransactions(first: 1) { totalCount } } }' });

  it('marks every GraphQL answer Cache-Control: no-store, data and refusals alike', async () => {
    const answered = await post(agent);
    expect(answered.status).toBe(200);
    expect(answered.headers.get('cache-control')).toBe('no-store');
    const refused = await post(JSON.stringify({ query: '{ nope' }));
    expect(refused.headers.get('cache-control')).toBe('no-store');
  });

  it('answers a silo failure on its fields alone: 200, the rest of the data, SOURCE_UNAVAILABLE naming the silo', async () => {
    rig.fakes.failing.add('POS');
    try {
      const { status, text, body } = await post(agent);
      expect(status).toBe(200);
      expect(body.data?.findCustomers).toEqual([expect.objectContaining({ displayName: 'Person 1', posTransactions: null })]);
      expect(body.errors).toEqual([{
        message: 'POS: failed with HTTP 503', locations: expect.any(Array), path: ['findCustomers', 0, 'posTransactions'],
        extensions: { code: 'SOURCE_UNAVAILABLE', source: 'POS' },
      }]);
      expectNoLeak(text);
    } finally {
      rig.fakes.failing.delete('POS');
    }
  });

  it('masks an unexpected failure on a field: 200, INTERNAL_SERVER_ERROR, nothing of the original error', async () => {
    const pos = rig.fakes.silos.pos;
    const original = pos.transactionsFor;
    pos.transactionsFor = async () => {
      throw new Error('connect ECONNREFUSED postgres://gateway:hunter2@db.internal:5432');
    };
    try {
      const { status, text, body } = await post(agent);
      expect(status).toBe(200);
      expect(body.errors?.map((e) => [e.message, e.extensions, e.path])).toEqual([
        ['Internal server error', { code: 'INTERNAL_SERVER_ERROR' }, ['findCustomers', 0, 'posTransactions']],
      ]);
      expect(text).not.toMatch(/hunter2|db\.internal|ECONNREFUSED/);
      expectNoLeak(text);
    } finally {
      pos.transactionsFor = original;
    }
  });

  it('answers /readyz 503 "stopping" while it shuts down', async () => {
    const closing = rig.close();
    // Asked in the same turn as close(): Fastify stops routing only once its close hooks run.
    const res = await rig.gateway.app.inject({ method: 'GET', url: '/readyz' });
    await closing;
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: 'stopping' });
  });
});
