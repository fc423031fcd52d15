import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  SourceBadResponse,
  SourceRateLimited,
  SourceUnavailable,
  type CallEvent,
  type SourceError,
} from '../../../src/model/index.js';
import { createSquareConnector } from '../../../connectors/square/index.js';
import { example, SECRET_TOKEN, square, SQUARE_URL, useMockSquare } from './support.js';

const server = useMockSquare();
const events: CallEvent[] = [];
const connector = () => createSquareConnector({ baseUrl: SQUARE_URL, accessToken: SECRET_TOKEN }, { onCall: (e) => events.push(e) });
const soon = () => ({ deadline: Date.now() + 5_000 });
const bulk = (answer: (n: number) => Response) => {
  const endpoint = square('post', '/v2/customers/bulk-retrieve', (_sent, n) => answer(n));
  server.use(endpoint.handler);
  return endpoint;
};
const failureOf = (promise: Promise<unknown>) => promise.then(() => expect.fail('expected a typed failure'), (e: SourceError) => e);
const leaksNothing = (error: Error) => {
  for (const secret of [SECRET_TOKEN, '127.0.0.1', 'square-contract', 'could not be authorized', 'amelia']) {
    expect(error.message.toLowerCase()).not.toContain(secret.toLowerCase());
  }
};
const customerPage = (customer: Record<string, unknown>) => HttpResponse.json({ responses: { X: { customer } } });
const amelia = () => example('customer-retrieve.200.json').customer as Record<string, unknown>;

describe('Square errors become typed Source* errors', () => {
  it("turns Square's 401 into SourceUnavailable naming the category, without token, URL or detail text", async () => {
    const endpoint = bulk(() => HttpResponse.json(example('error.401.json'), { status: 401 }));
    const error = await failureOf(connector().getContacts(['X'], soon()));
    expect(error).toBeInstanceOf(SourceUnavailable);
    expect([error.status, error.source, error.message]).toEqual([401, 'POS', 'POS: refused our credentials, HTTP 401 (AUTHENTICATION_ERROR/UNAUTHORIZED)']);
    expect(endpoint.sent).toHaveLength(1);
    leaksNothing(error);
  });

  it("retries Square's 429 with jittered backoff (no Retry-After) and succeeds once it passes", async () => {
    const endpoint = bulk((n) => (n === 1 ? HttpResponse.json(example('error.429.json'), { status: 429 }) : customerPage(amelia())));
    const found = await connector().getContacts(['X'], soon());
    expect([endpoint.sent.length, found.size]).toEqual([2, 1]);
  });

  it('gives up on a 429 that persists with SourceRateLimited inside the deadline', async () => {
    const endpoint = bulk(() => HttpResponse.json(example('error.429.json'), { status: 429 }));
    const error = await failureOf(connector().getContacts(['X'], soon()));
    expect(error).toBeInstanceOf(SourceRateLimited);
    expect(error.message).toContain('RATE_LIMIT_ERROR/RATE_LIMITED');
    expect(endpoint.sent).toHaveLength(3);
  });

  it('retries a search carried in a POST on 5xx, then reports SourceUnavailable', async () => {
    const failed = { errors: [{ category: 'API_ERROR', code: 'SERVICE_UNAVAILABLE', detail: 'amelia' }] };
    const endpoint = square('post', '/v2/customers/search', () => HttpResponse.json(failed, { status: 503 }));
    server.use(endpoint.handler);
    const error = await failureOf(connector().findContacts([{ kind: 'email', value: 'amelia@example.com' }], soon()));
    expect(error).toBeInstanceOf(SourceUnavailable);
    expect(endpoint.sent).toHaveLength(3);
    leaksNothing(error);
  });

  it("turns a 400 such as INVALID_CURSOR into SourceBadResponse naming Square's code", async () => {
    const invalid = { errors: [{ category: 'INVALID_REQUEST_ERROR', code: 'INVALID_CURSOR', detail: 'bad', field: 'cursor' }] };
    server.use(square('get', '/v2/customers', () => HttpResponse.json(invalid, { status: 400 })).handler);
    const error = await failureOf(connector().listContacts({ first: 5, after: 'stale' }, soon()));
    expect(error).toBeInstanceOf(SourceBadResponse);
    expect(error.message).toContain('INVALID_REQUEST_ERROR/INVALID_CURSOR');
  });

  it.each([
    ['an HTML error page', () => new HttpResponse('<html><body><h1>502 Bad Gateway</h1></body></html>', { headers: { 'content-type': 'text/html' } })],
    ['truncated JSON', () => new HttpResponse('{"responses":{"X":{"customer":{"id":"X","created_', { headers: { 'content-type': 'application/json' } })],
    ['a customer id that is a number', () => customerPage({ ...amelia(), id: 42 })],
    ['a customer without created_at', () => customerPage({ ...amelia(), created_at: undefined })],
    ['an email that is not a string', () => customerPage({ ...amelia(), email_address: ['amelia@example.com'] })],
    ['a consent flag that is a string', () => customerPage({ ...amelia(), preferences: { email_unsubscribed: 'no' } })],
  ])('throws SourceBadResponse on %s', async (_what, answer) => {
    bulk(answer);
    const error = await failureOf(connector().getContacts(['X'], soon()));
    expect(error).toBeInstanceOf(SourceBadResponse);
    leaksNothing(error);
  });

  it('throws SourceBadResponse on an order total that is a decimal string instead of integer minor units', async () => {
    const order = example('order-retrieve.200.json');
    order.order.total_money = { amount: '5.50', currency: 'USD' };
    server.use(square('get', '/v2/orders/:id', () => HttpResponse.json(order)).handler);
    await expect(connector().getTransaction('CAISENgvlJ6jLWAzERDzjyHVybY', soon())).rejects.toBeInstanceOf(SourceBadResponse);
  });

  it('reports every upstream attempt to the onCall hook', async () => {
    events.length = 0;
    bulk((n) => (n === 1 ? HttpResponse.json(example('error.429.json'), { status: 429 }) : customerPage(amelia())));
    await connector().getContacts(['X'], soon());
    expect(events.map((e) => [e.source, e.method, e.path, e.status, e.attempt])).toEqual([
      ['POS', 'POST', '/v2/customers/bulk-retrieve', 429, 1],
      ['POS', 'POST', '/v2/customers/bulk-retrieve', 200, 2],
    ]);
  });
});
