import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../../connectors/shared/index.js';
import { inTurn, list, ok, rejection, status, url, useUpstream } from './upstream.js';
import { SourceRateLimited, SourceUnavailable } from '../../../src/model/index.js';

const { server, seen, client } = useUpstream();
const get = (path = '/things') => client().request({ method: 'GET', path, schema: list });

describe('createHttpClient: retries', () => {
  it('retries a GET answered 5xx and returns the later success; counts every attempt in onCall', async () => {
    server.use(http.get(url('/things'), inTurn(status(503), status(500), ok)));
    await expect(get()).resolves.toMatchObject({ status: 200, data: { results: [{ id: '1' }] } });
    expect(seen.requests).toHaveLength(3);
    expect(seen.events.map((e) => [e.status, e.attempt, e.source, e.method, e.path])).toEqual([
      [503, 1, 'CRM', 'GET', '/things'], [500, 2, 'CRM', 'GET', '/things'], [200, 3, 'CRM', 'GET', '/things'],
    ]);
  });

  it('names each attempt by its endpoint template, and by its path when the path holds no value', async () => {
    server.use(http.get(url('/things/:id'), ok), http.get(url('/things'), ok));
    await client().request({ method: 'GET', path: '/things/alex%40example.com', endpoint: '/things/{id}', schema: list });
    await get();
    expect(seen.events.map((e) => [e.path, e.endpoint])).toEqual([['/things/alex%40example.com', '/things/{id}'], ['/things', '/things']]);
  });

  it('gives up after maxAttempts 5xx answers with SourceUnavailable carrying the status', async () => {
    server.use(http.get(url('/things'), status(502)));
    const error = await rejection(get());
    expect(error).toBeInstanceOf(SourceUnavailable);
    expect(error).toMatchObject({ status: 502, source: 'CRM', code: 'SOURCE_UNAVAILABLE' });
    expect(seen.requests).toHaveLength(3);
  });

  it('retries a POST marked idempotent (a search carried in a POST)', async () => {
    server.use(http.post(url('/search'), inTurn(status(500), ok)));
    const res = await client().request({ method: 'POST', path: '/search', body: { q: 'x' }, idempotent: true, schema: list });
    expect(res.data.results).toHaveLength(1);
    expect(seen.requests).toHaveLength(2);
  });

  it('never repeats a non-idempotent POST after a 5xx or a dropped connection', async () => {
    server.use(http.post(url('/write'), inTurn(status(500), ok)));
    await expect(client().request({ method: 'POST', path: '/write', body: {}, schema: list })).rejects.toBeInstanceOf(SourceUnavailable);
    expect(seen.requests).toHaveLength(1);
    server.use(http.post(url('/write'), () => HttpResponse.error()));
    await expect(client().request({ method: 'POST', path: '/write', body: {}, schema: list })).rejects.toBeInstanceOf(SourceUnavailable);
    expect(seen.requests).toHaveLength(2);
  });

  it('maps a connection error to SourceUnavailable after retrying the GET', async () => {
    server.use(http.get(url('/things'), () => HttpResponse.error()));
    await expect(get()).rejects.toBeInstanceOf(SourceUnavailable);
    expect(seen.requests).toHaveLength(3);
    expect(seen.events.every((e) => e.status === 'error')).toBe(true);
  });

  it('fails at once after the last attempt instead of sleeping out a Retry-After first', { timeout: 10_000 }, async () => {
    server.use(http.get(url('/things'), status(429, { 'Retry-After': '3600' })));
    const slow = client({ maxAttempts: 1, defaultBudgetMs: 7_200_000 });
    await expect(slow.request({ method: 'GET', path: '/things', schema: list })).rejects.toBeInstanceOf(SourceRateLimited);
  });
});

describe('createHttpClient: rate limits', () => {
  it('waits out a Retry-After given in seconds, then retries', async () => {
    const arrivals: number[] = [];
    const answer = inTurn(status(429, { 'Retry-After': '1' }), ok);
    server.use(http.get(url('/things'), () => (arrivals.push(Date.now()), answer())));
    await expect(get()).resolves.toMatchObject({ status: 200 });
    expect(seen.requests).toHaveLength(2);
    expect(seen.events.map((e) => e.status)).toEqual([429, 200]);
    // A lower bound only: the retry did not come before the vendor's 1 s (less timer slack).
    expect(arrivals[1]! - arrivals[0]!).toBeGreaterThanOrEqual(900);
  });

  it('gives up with SourceRateLimited when the wait does not fit the deadline, without a second call', async () => {
    server.use(http.get(url('/things'), status(429, { 'Retry-After': '120' })));
    const error = await rejection(client().request({ method: 'GET', path: '/things', schema: list }, { deadline: Date.now() + 2000 }));
    expect(error).toBeInstanceOf(SourceRateLimited);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 120_000, code: 'SOURCE_RATE_LIMITED' });
    expect(seen.requests).toHaveLength(1);
  });

  it('sends a throttled non-idempotent POST again, since the vendor did not carry it out', async () => {
    server.use(http.post(url('/write'), inTurn(status(429, { 'Retry-After': '0' }), ok)));
    await expect(client().request({ method: 'POST', path: '/write', body: {}, schema: list })).resolves.toMatchObject({ status: 200 });
    expect(seen.requests).toHaveLength(2);
  });

  it('retries a 200 that a custom isRateLimited reads as throttled', async () => {
    const throttled = () => HttpResponse.json({ errors: [{ extensions: { code: 'THROTTLED' } }] });
    server.use(http.post(url('/graphql'), inTurn(throttled, throttled, ok)));
    const shopify = client({
      source: 'ECOMMERCE',
      isRateLimited: (res) => JSON.stringify(res.body).includes('THROTTLED'),
      retryAfterMs: () => 10,
    });
    const res = await shopify.request({ method: 'POST', path: '/graphql', body: { query: '{}' }, idempotent: true, schema: list });
    expect(res.data.results[0]!.id).toBe('1');
    expect(seen.requests).toHaveLength(3);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta seconds, clamping negatives to 0', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('1.5')).toBe(1500);
    expect(parseRetryAfter('0')).toBe(0);
    expect(parseRetryAfter('-5')).toBe(0);
  });

  it('reads an HTTP-date relative to now, a past date as 0', () => {
    const date = 'Wed, 21 Oct 2015 07:28:00 GMT';
    expect(parseRetryAfter(date, Date.parse(date) - 5000)).toBe(5000);
    expect(parseRetryAfter(date, Date.parse(date) + 5000)).toBe(0);
  });

  it('answers undefined for a missing, empty or unreadable header', () => {
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('  ')).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
