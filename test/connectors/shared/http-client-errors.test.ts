import { gzipSync } from 'node:zlib';
import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { HttpClient } from '../../../connectors/shared/index.js';
import { BASE, PRIVATE, TOKEN, list, ok, rejection, status, url, useUpstream } from './upstream.js';
import { SourceBadResponse, SourceTimeout, SourceUnauthorized, SourceUnavailable } from '../../../src/model/index.js';

const { server, seen, client } = useUpstream();
const get = (c: HttpClient = client()) => c.request({ method: 'GET', path: '/things', schema: list });
const answer = (make: () => Response | Promise<Response>) => server.use(http.get(url('/things'), make));

/** Asserts that a message names the silo but leaks no URL, credential or upstream body. */
function expectSafe(error: Error) {
  expect(error.message).toMatch(/^CRM: /);
  for (const secret of [BASE, 'crm-secret-host', TOKEN, 'SECRET-TOKEN', PRIVATE, 'jane.doe', '<html']) {
    expect(error.message).not.toContain(secret);
  }
}

describe('createHttpClient: status mapping', () => {
  it.each([401, 403])('maps %i to SourceUnauthorized (SOURCE_UNAUTHORIZED, not an outage) without retrying', async (code) => {
    answer(status(code));
    const error = await rejection(get());
    expect(error).toBeInstanceOf(SourceUnauthorized);
    expect(error).not.toBeInstanceOf(SourceUnavailable);
    expect((error as SourceUnauthorized).code).toBe('SOURCE_UNAUTHORIZED');
    expect(error).toMatchObject({ status: code });
    expect(seen.requests).toHaveLength(1);
    expectSafe(error);
  });

  it.each([400, 404, 409, 422])('maps %i to SourceBadResponse without retrying', async (code) => {
    answer(status(code));
    const error = await rejection(get());
    expect(error).toBeInstanceOf(SourceBadResponse);
    expect(error).toMatchObject({ status: code, code: 'SOURCE_BAD_RESPONSE' });
    expect(seen.requests).toHaveLength(1);
    expectSafe(error);
  });

  it('answers null for a status listed in nullOn', async () => {
    answer(status(404));
    await expect(client().request({ method: 'GET', path: '/things', schema: list, nullOn: [404] })).resolves.toBeNull();
    expect(seen.requests).toHaveLength(1);
  });

  it("adds the vendor's safe error category from describeError", async () => {
    answer(() => HttpResponse.json({ category: 'VALIDATION_ERROR', message: PRIVATE }, { status: 400 }));
    const describeError = (res: { body: unknown }) => (res.body as { category?: string }).category;
    const error = await rejection(get(client({ describeError })));
    expect(error.message).toBe('CRM: rejected the request, HTTP 400 (VALIDATION_ERROR)');
  });
});

describe('createHttpClient: bodies', () => {
  it('rejects an HTML page on 200 as SourceBadResponse', async () => {
    answer(() => HttpResponse.html(`<html><body>${PRIVATE}</body></html>`));
    const error = await rejection(get());
    expect(error).toBeInstanceOf(SourceBadResponse);
    expect(seen.requests).toHaveLength(1);
    expectSafe(error);
  });

  it('rejects truncated JSON on 200 as SourceBadResponse', async () => {
    answer(() => new HttpResponse('{"results":[{"id":"1"},{"id":', { headers: { 'Content-Type': 'application/json' } }));
    const error = await rejection(get());
    expect(error).toBeInstanceOf(SourceBadResponse);
    expectSafe(error);
  });

  it('rejects a body of the wrong shape, naming the path but not the value', async () => {
    answer(() => HttpResponse.json({ results: [{ id: '1' }, { id: PRIVATE.length, email: PRIVATE }] }));
    const error = await rejection(get());
    expect(error).toBeInstanceOf(SourceBadResponse);
    expect(error.message).toContain('unexpected shape at results.1.id');
    expectSafe(error);
  });

  it('accepts an empty 204 when the schema allows it', async () => {
    server.use(http.delete(url('/things/1'), () => new HttpResponse(null, { status: 204 })));
    const res = await client().request({ method: 'DELETE', path: '/things/1', schema: z.object({}) });
    expect(res.status).toBe(204);
  });

  it('sends the configured headers, the query string and a JSON body', async () => {
    server.use(http.post(url('/search'), ok));
    await client().request({ method: 'POST', path: '/search', query: { limit: 2, after: 'abc', skip: undefined }, body: { q: 'x' }, schema: list });
    const [request] = seen.requests;
    expect(request!.headers.get('authorization')).toBe(TOKEN);
    expect(request!.headers.get('content-type')).toContain('application/json');
    expect(Object.fromEntries(new URL(request!.url).searchParams)).toEqual({ limit: '2', after: 'abc' });
    expect(await request!.json()).toEqual({ q: 'x' });
  });
  it('names no content type on a POST without a body', async () => {
    server.use(http.post(url('/unsubscribe'), ok));
    await client().request({ method: 'POST', path: '/unsubscribe', schema: list });
    const [request] = seen.requests;
    expect(request!.headers.get('content-type')).toBeNull();
    expect(await request!.text()).toBe('');
  });

  it('reads a gzip-encoded answer', async () => {
    answer(() => new HttpResponse(gzipSync(JSON.stringify({ results: [{ id: '7' }] })), { headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' } }));
    await expect(get()).resolves.toMatchObject({ status: 200, data: { results: [{ id: '7' }] } });
  });

  it('follows no redirect: a 3xx is SourceBadResponse', async () => {
    answer(() => new HttpResponse(null, { status: 302, headers: { Location: 'https://elsewhere.example/' } }));
    const error = await rejection(get());
    expect(error).toBeInstanceOf(SourceBadResponse);
    expect(seen.requests).toHaveLength(1);
    expectSafe(error);
  });
});

describe('createHttpClient: time', () => {
  it('ends an attempt that outlives attemptTimeoutMs with SourceTimeout', async () => {
    answer(async () => (await delay('infinite'), ok()));
    const error = await rejection(get(client({ attemptTimeoutMs: 100 })));
    expect(error).toBeInstanceOf(SourceTimeout);
    expect(error).toMatchObject({ code: 'SOURCE_TIMEOUT', source: 'CRM' });
    expectSafe(error);
  });

  it("ends an attempt that outlives the caller's deadline with SourceTimeout", async () => {
    answer(async () => (await delay('infinite'), ok()));
    const error = await rejection(client().request({ method: 'GET', path: '/things', schema: list }, { deadline: Date.now() + 150 }));
    expect(error).toBeInstanceOf(SourceTimeout);
    expectSafe(error);
  });

  it('makes no call at all once the deadline has passed', async () => {
    answer(ok);
    await expect(client().request({ method: 'GET', path: '/things', schema: list }, { deadline: Date.now() - 1 })).rejects.toBeInstanceOf(SourceTimeout);
    expect(seen.requests).toHaveLength(0);
  });

  it('turns a cancellation by the caller into SourceTimeout', async () => {
    answer(async () => (await delay('infinite'), ok()));
    const controller = new AbortController();
    const pending = client().request({ method: 'GET', path: '/things', schema: list }, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('client went away')), 50);
    await expect(pending).rejects.toBeInstanceOf(SourceTimeout);
  });

  it('names neither URL nor token when the connection fails', async () => {
    answer(() => HttpResponse.error());
    const error = await rejection(get(client({ maxAttempts: 1 })));
    expect(error).toBeInstanceOf(SourceUnavailable);
    expectSafe(error);
  });
});
