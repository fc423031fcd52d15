import { describe, expect, it } from 'vitest';
import { fakeVendor } from './fixtures/fake-vendor.js';
import { useSandbox } from './use-sandbox.js';

const { url, call, control, setFaults, search } = useSandbox();

describe('startSandbox: vendor surface', () => {
  it("serves the definition's routes with its per-answer headers, on a loopback port", async () => {
    expect(url()).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await call('/v1/widgets/7');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-fake-remaining')).toBe('99');
    expect(await res.json()).toEqual({ id: '7', name: 'Widget 7' });
    expect(await (await search('{"q":"blue"}')).json()).toEqual({ results: [{ id: '1', name: 'Widget 1' }], query: 'blue' });
  });

  it("answers a request without the vendor's token with the definition's unauthorized answer", async () => {
    const res = await call('/v1/widgets/7', {}, null);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual(fakeVendor.unauthorized().body);
    expect((await call('/v1/widgets/7', {}, 'wrong-token')).status).toBe(401);
  });

  it("answers an unknown route with the definition's notFound answer", async () => {
    const res = await call('/v1/gadgets');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual(fakeVendor.notFound().body);
  });

  it("answers an unparseable JSON body with the definition's badRequest answer", async () => {
    const res = await search('{"q": "blue"');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [{ code: 'invalid_json' }] });
  });

  it('reads an empty body sent as JSON on a DELETE as no body, as vendors do (node-zendesk sends one)', async () => {
    const res = await call('/v1/widgets/7', { method: 'DELETE', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ deleted: '7', body: null });
    const withBody = await call('/v1/widgets/8', { method: 'DELETE', body: '{"reason":"x"}', headers: { 'content-type': 'application/json' } });
    expect(await withBody.json()).toEqual({ deleted: '8', body: { reason: 'x' } });
  });

  it("still answers an empty JSON body on a POST with the definition's badRequest answer", async () => {
    const res = await search('');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [{ code: 'invalid_json' }] });
  });

  it("serves the definition's ground truth", async () => {
    const res = await control('GET', 'truth');
    expect(await res.json()).toEqual(fakeVendor.truth());
  });
});

describe('startSandbox: stats', () => {
  it('counts requests by method and route pattern, unauthorised and unmatched ones included, control calls excluded', async () => {
    await call('/v1/widgets/1');
    await call('/v1/widgets/2');
    await call('/v1/widgets/3', {}, null);
    await search('{"q":"x"}');
    await call('/v1/nowhere');
    await control('GET', 'truth');
    await control('GET', 'faults');
    const stats = await (await control('GET', 'stats')).json();
    expect(stats).toEqual({
      total: 5,
      byEndpoint: { 'GET /v1/widgets/:id': 3, 'POST /v1/widgets/search': 1, 'GET (unmatched)': 1 },
    });
  });

  it('counts faulted requests too, and DELETE resets the counters', async () => {
    await setFaults({ errorRate: 1 });
    await call('/v1/widgets/1');
    await setFaults({ outage: true });
    await call('/v1/widgets/1').catch(() => undefined);
    expect(await (await control('GET', 'stats')).json()).toEqual({ total: 2, byEndpoint: { 'GET /v1/widgets/:id': 2 } });
    expect((await control('DELETE', 'stats')).status).toBe(204);
    expect(await (await control('GET', 'stats')).json()).toEqual({ total: 0, byEndpoint: {} });
  });
});

describe('startSandbox: fault control', () => {
  const DEFAULTS = { latencyMs: 0, jitterMs: 0, errorRate: 0, rateLimitRate: 0, malformedRate: 0, outage: false };

  it('replaces the whole fault set on PUT, shows it on GET, and {} resets it', async () => {
    const put = await control('PUT', 'faults', { errorRate: 0.5, latencyMs: 10 });
    expect(await put.json()).toEqual({ ...DEFAULTS, errorRate: 0.5, latencyMs: 10 });
    await setFaults({ jitterMs: 5 });
    expect(await (await control('GET', 'faults')).json()).toEqual({ ...DEFAULTS, jitterMs: 5 });
    await setFaults({});
    expect(await (await control('GET', 'faults')).json()).toEqual(DEFAULTS);
  });

  it.each([
    [{ unknownKnob: 1 }], [{ errorRate: 1.5 }], [{ rateLimitRate: -0.1 }], [{ latencyMs: -1 }],
    [{ latencyMs: 12.5 }], [{ latencyMs: 60_001 }], [{ outage: 'yes' }], [{ malformedRate: '0.5' }],
  ])('refuses %j with 400 and keeps the current set', async (faults) => {
    await setFaults({ errorRate: 0.25 });
    const res = await control('PUT', 'faults', faults);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid faults', issues: [expect.any(String)] });
    expect(await (await control('GET', 'faults')).json()).toEqual({ ...DEFAULTS, errorRate: 0.25 });
  });
});
