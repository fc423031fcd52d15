import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatewayOverFakes, type GatewayOverFakes } from './gateway-over-fakes.js';

const ALLOWED = 'https://console.example.com';
const OTHER = 'https://evil.example.net';

/** The CORS headers of an answer, by name. */
const corsHeaders = (res: Response): Record<string, string> =>
  Object.fromEntries([...res.headers].filter(([name]) => name.startsWith('access-control-')));

describe('CORS', () => {
  let open: GatewayOverFakes;
  let closed: GatewayOverFakes;
  beforeAll(async () => {
    [open, closed] = await Promise.all([createGatewayOverFakes({ cors: { allowedOrigins: [ALLOWED] } }), createGatewayOverFakes()]);
    await Promise.all([open.listen(), closed.listen()]);
  });
  afterAll(() => Promise.all([open?.close(), closed?.close()]));

  const query = async (rig: GatewayOverFakes, origin: string) => fetch(`${rig.url}/graphql`, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json', authorization: `Bearer ${await rig.token('support')}` },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  const preflight = (rig: GatewayOverFakes, origin: string, method = 'POST') => fetch(`${rig.url}/graphql`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'authorization, content-type' },
  });

  describe('with an allow-list', () => {
    it('answers an allowed origin\'s preflight 204 with the methods and headers a client needs', async () => {
      const res = await preflight(open, ALLOWED);
      expect(res.status).toBe(204);
      expect(corsHeaders(res)).toEqual({
        'access-control-allow-origin': ALLOWED,
        'access-control-allow-methods': 'GET, POST',
        'access-control-allow-headers': 'authorization, content-type, accept, apollo-require-preflight, x-apollo-operation-name, x-request-id',
        'access-control-expose-headers': 'retry-after, x-request-id',
        'access-control-max-age': '600',
      });
      expect(res.headers.get('vary')).toMatch(/\bOrigin\b/);
    });

    it('names an allowed origin on its answers, never *, and allows no credentials', async () => {
      const res = await query(open, ALLOWED);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ data: { __typename: 'Query' } });
      expect(corsHeaders(res)).toEqual({ 'access-control-allow-origin': ALLOWED, 'access-control-expose-headers': 'retry-after, x-request-id' });
      expect(res.headers.get('vary')).toMatch(/\bOrigin\b/);
    });

    it('refuses another origin\'s preflight with 403 CORS_ORIGIN_NOT_ALLOWED and no CORS header', async () => {
      const res = await preflight(open, OTHER);
      expect(res.status).toBe(403);
      expect(corsHeaders(res)).toEqual({});
      expect(await res.json()).toEqual({ error: { code: 'CORS_ORIGIN_NOT_ALLOWED', message: expect.stringContaining('CORS_ALLOWED_ORIGINS') } });
    });

    it('answers another origin\'s request without a CORS header, so its page cannot read the answer', async () => {
      const res = await query(open, OTHER);
      expect(corsHeaders(res)).toEqual({});
      expect(res.headers.get('vary')).toMatch(/\bOrigin\b/);
    });

    it('refuses a preflight for a method other than GET or POST, even from an allowed origin', async () => {
      const res = await preflight(open, ALLOWED, 'DELETE');
      expect(res.status).toBe(403);
      expect(corsHeaders(res)).toEqual({});
      expect(await res.json()).toMatchObject({ error: { code: 'CORS_ORIGIN_NOT_ALLOWED' } });
    });

    it('leaves an OPTIONS request that is no preflight to the route, which refuses it (it runs GET and POST only)', async () => {
      const res = await fetch(`${open.url}/graphql`, { method: 'OPTIONS', headers: { origin: ALLOWED } });
      expect(res.status).toBe(400);
      expect(res.headers.get('access-control-allow-methods')).toBeNull();
    });
  });

  describe('by default (no allow-list)', () => {
    it('refuses every preflight and adds no CORS header, nor Vary, to any answer', async () => {
      for (const origin of [ALLOWED, OTHER]) {
        const refused = await preflight(closed, origin);
        expect(refused.status).toBe(403);
        expect(corsHeaders(refused)).toEqual({});
        const answered = await query(closed, origin);
        expect(answered.status).toBe(200);
        expect(corsHeaders(answered)).toEqual({});
        expect(answered.headers.get('vary')).toBeNull();
      }
    });
  });
});
