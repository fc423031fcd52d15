import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  SourceBadResponse,
  SourceRateLimited,
  SourceUnauthorized,
  SourceUnavailable,
  type CallEvent,
  type SourceError,
  type VendorReceipt,
} from '../../../src/model/index.js';
import { createSquareConnector } from '../../../connectors/square/index.js';
import { toContactRecord } from '../../../connectors/square/mapping.js';
import { customerSchema } from '../../../connectors/square/schemas.js';
import { example, SECRET_TOKEN, square, SQUARE_URL, useMockSquare } from './support.js';
import { DEFAULT_SQUARE_VERSION } from '../../../connectors/square/index.js';

const server = useMockSquare();
const events: CallEvent[] = [];
const connector = () => createSquareConnector({ baseUrl: SQUARE_URL, accessToken: SECRET_TOKEN }, { onCall: (e) => events.push(e) });
const soon = () => ({ deadline: Date.now() + 5_000 });
const failureOf = (promise: Promise<unknown>) => promise.then(() => expect.fail('expected a typed failure'), (e: SourceError) => e);
const ID = 'JDKYHBWT1D4F8MFH63DBMEN8Y4';
const MISSING = '2GYD7WNXF7BJZW1PMGNXZ3Y8M8';
const amelia = () => example('customer-retrieve.200.json').customer as Record<string, unknown>;
// What must never reach an error message or a receipt: the token, the URL, Square's free text and the person's data.
const personal = [SECRET_TOKEN, '127.0.0.1', 'square-contract', 'amelia', 'earhart', '212-555', 'electric ave', 'not found.'];
const leaksNothing = (text: string) => {
  for (const secret of personal) expect(text.toLowerCase()).not.toContain(secret.toLowerCase());
};
const deleting = (answer: (n: number) => Response) => {
  const endpoint = square('delete', '/v2/customers/:id', (_sent, n) => answer(n));
  server.use(endpoint.handler);
  return endpoint;
};
const retrieving = (answer: () => Response) => {
  const endpoint = square('get', '/v2/customers/:id', () => answer());
  server.use(endpoint.handler);
  return endpoint;
};
const squareErrors = (status: number, code: string) =>
  HttpResponse.json({ errors: [{ category: 'INVALID_REQUEST_ERROR', code, detail: 'Amelia.Earhart@example.com, 500 Electric Ave' }] }, { status });
const isIsoTime = (at: string) => !Number.isNaN(Date.parse(at)) && new Date(at).toISOString() === at;

describe('eraseRecord over DeleteCustomer', () => {
  it("answers Square's 200 {} example with ERASED and a receipt holding only the customer id", async () => {
    const endpoint = deleting(() => HttpResponse.json(example('customer-delete.200.json')));
    const result = await connector().eraseRecord(ID, soon());
    expect(result.state).toBe('ERASED');
    expect(result.receipts).toEqual<VendorReceipt[]>([
      { operation: 'DELETE /v2/customers/{customer_id}', httpStatus: 200, response: { customerId: ID }, at: expect.any(String) as string },
    ]);
    expect(isIsoTime(result.receipts[0]?.at ?? '')).toBe(true);
    // One DELETE on the id's path, no body, no `version`, with the Bearer token and the pinned Square-Version.
    expect(endpoint.sent.map((s) => [s.url.pathname, s.url.search, s.body])).toEqual([[`/square-contract/v2/customers/${ID}`, '', undefined]]);
    expect(endpoint.sent[0]?.headers.get('authorization')).toBe(`Bearer ${SECRET_TOKEN}`);
    expect(endpoint.sent[0]?.headers.get('square-version')).toBe(DEFAULT_SQUARE_VERSION);
  });

  it('puts the id into the path as one escaped segment', async () => {
    const endpoint = deleting(() => HttpResponse.json({}));
    await connector().eraseRecord('A/../B?x', soon());
    expect(endpoint.sent[0]?.url.pathname).toBe('/square-contract/v2/customers/A%2F..%2FB%3Fx');
    // What traces record of it is the template, never the id.
    expect(events.at(-1)?.endpoint).toBe('/v2/customers/{id}');
  });

  it("answers Square's 404 NOT_FOUND example with NOT_FOUND and a 404 receipt, so a repeated erasure is no error", async () => {
    deleting(() => HttpResponse.json(example('error.404.json'), { status: 404 }));
    const result = await connector().eraseRecord(MISSING, soon());
    expect(result).toEqual({
      state: 'NOT_FOUND',
      receipts: [{ operation: 'DELETE /v2/customers/{customer_id}', httpStatus: 404, response: { customerId: MISSING }, at: expect.any(String) }],
    });
  });

  it('turns errors inside a 200 into SourceBadResponse naming the Square code only, without retrying', async () => {
    const endpoint = deleting(() => squareErrors(200, 'CONFLICT'));
    const error = await failureOf(connector().eraseRecord(ID, soon()));
    expect(error).toBeInstanceOf(SourceBadResponse);
    expect([error.status, error.message]).toEqual([200, 'POS: answered HTTP 200 with errors (INVALID_REQUEST_ERROR/CONFLICT)']);
    expect(endpoint.sent).toHaveLength(1);
    leaksNothing(error.message);
  });

  it.each([
    [400, 'BAD_REQUEST'],
    [409, 'CONFLICT'],
  ])('turns a %i answer into SourceBadResponse naming the Square code only, without retrying', async (status, code) => {
    const endpoint = deleting(() => squareErrors(status, code));
    const error = await failureOf(connector().eraseRecord(ID, soon()));
    expect(error).toBeInstanceOf(SourceBadResponse);
    expect(error.message).toContain(`(INVALID_REQUEST_ERROR/${code})`);
    expect(endpoint.sent).toHaveLength(1);
    leaksNothing(error.message);
  });

  it('turns a 403 INSUFFICIENT_SCOPES (a token without CUSTOMERS_WRITE) into SourceUnauthorized, not an outage', async () => {
    const scopes = { errors: [{ category: 'AUTHENTICATION_ERROR', code: 'INSUFFICIENT_SCOPES', detail: 'needs CUSTOMERS_WRITE' }] };
    deleting(() => HttpResponse.json(scopes, { status: 403 }));
    const error = await failureOf(connector().eraseRecord(ID, soon()));
    expect(error).toBeInstanceOf(SourceUnauthorized);
    expect(error.message).toContain('AUTHENTICATION_ERROR/INSUFFICIENT_SCOPES');
  });

  it.each([
    ['an HTML page', () => new HttpResponse('<html><body>Bad Gateway</body></html>', { headers: { 'content-type': 'text/html' } })],
    ['truncated JSON', () => new HttpResponse('{"errors":[{"category"', { headers: { 'content-type': 'application/json' } })],
    ['errors that are not an array', () => HttpResponse.json({ errors: 'Amelia.Earhart@example.com' })],
    ['an error without a code', () => HttpResponse.json({ errors: [{ category: 'API_ERROR', detail: 'Amelia' }] })],
    ['a JSON array', () => HttpResponse.json([])],
  ])('throws SourceBadResponse on %s in a 200', async (_what, answer) => {
    deleting(answer);
    const error = await failureOf(connector().eraseRecord(ID, soon()));
    expect(error).toBeInstanceOf(SourceBadResponse);
    leaksNothing(error.message);
  });

  it('repeats the DELETE after a 5xx (deleting is idempotent) and reports ERASED once Square answers', async () => {
    const failed = { errors: [{ category: 'API_ERROR', code: 'SERVICE_UNAVAILABLE' }] };
    const endpoint = deleting((n) => (n === 1 ? HttpResponse.json(failed, { status: 503 }) : HttpResponse.json({})));
    expect((await connector().eraseRecord(ID, soon())).state).toBe('ERASED');
    expect(endpoint.sent).toHaveLength(2);
  });

  it('throws SourceUnavailable after the attempts run out on 5xx, so the job retries later', async () => {
    const endpoint = deleting(() => HttpResponse.json({ errors: [{ category: 'API_ERROR', code: 'INTERNAL_SERVER_ERROR' }] }, { status: 500 }));
    const error = await failureOf(connector().eraseRecord(ID, soon()));
    expect([error instanceof SourceUnavailable, error.status, endpoint.sent.length]).toEqual([true, 500, 3]);
  });

  it("throws SourceRateLimited when Square's 429 persists", async () => {
    deleting(() => HttpResponse.json(example('error.429.json'), { status: 429 }));
    const error = await failureOf(connector().eraseRecord(ID, soon()));
    expect(error).toBeInstanceOf(SourceRateLimited);
    expect(error.message).toContain('RATE_LIMIT_ERROR/RATE_LIMITED');
  });
});

describe('recordPresence over RetrieveCustomer', () => {
  it("is PRESENT for Square's RetrieveCustomer example, asked with one GET on the id's path", async () => {
    const endpoint = retrieving(() => HttpResponse.json(example('customer-retrieve.200.json')));
    expect(await connector().recordPresence(ID, soon())).toBe('PRESENT');
    expect(endpoint.sent.map((s) => s.url.pathname)).toEqual([`/square-contract/v2/customers/${ID}`]);
  });

  it("is GONE for Square's 404 NOT_FOUND example", async () => {
    retrieving(() => HttpResponse.json(example('error.404.json'), { status: 404 }));
    expect(await connector().recordPresence(MISSING, soon())).toBe('GONE');
  });

  it.each([
    ['errors instead of a customer in a 200', () => squareErrors(200, 'NOT_FOUND')],
    ['a customer without an id', () => HttpResponse.json({ customer: { ...amelia(), id: undefined } })],
    ['an HTML page', () => new HttpResponse('<html></html>', { headers: { 'content-type': 'text/html' } })],
  ])('throws SourceBadResponse on %s rather than guessing', async (_what, answer) => {
    retrieving(answer);
    const error = await failureOf(connector().recordPresence(ID, soon()));
    expect(error).toBeInstanceOf(SourceBadResponse);
    leaksNothing(error.message);
  });

  it('throws SourceUnavailable on a persistent 5xx instead of answering GONE', async () => {
    retrieving(() => HttpResponse.json({ errors: [{ category: 'API_ERROR', code: 'INTERNAL_SERVER_ERROR' }] }, { status: 500 }));
    await expect(connector().recordPresence(ID, soon())).rejects.toBeInstanceOf(SourceUnavailable);
  });
});

describe('writeEmailConsent', () => {
  it.each(['GRANTED', 'DENIED'] as const)('answers %s with NOT_SUPPORTED, says why, and sends nothing', async (decision) => {
    events.length = 0;
    const record = toContactRecord(customerSchema.parse(amelia()), new Date().toISOString());
    const result = await connector().writeEmailConsent(record, decision, soon());
    expect(result.state).toBe('NOT_SUPPORTED');
    expect(result.receipts).toEqual([]);
    expect(result.detail).toMatch(/UpdateCustomer.*preferences.*read-only/s);
    leaksNothing(result.detail);
    expect(events).toEqual([]);
  });
});
