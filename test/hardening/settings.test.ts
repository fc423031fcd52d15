import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../src/auth/index.js';
import { DEFAULT_QUERY_LIMITS } from '../../src/server/limits/index.js';
import { loadSettings } from '../../src/settings.js';
import { startTestStack, type TestStack } from '../support/stack.js';

const SECRET = 'hardening-settings-jwt-secret-0123456789abc';

describe('query limits from settings', () => {
  it('defaults to DEFAULT_QUERY_LIMITS and a 256 KiB body', () => {
    const settings = loadSettings({});
    expect(settings.limits.query).toEqual(DEFAULT_QUERY_LIMITS);
    expect(settings.limits.bodyBytes).toBe(262_144);
    expect(settings.logging.level).toBe('info');
  });

  it('names a bad limit setting without echoing its value', () => {
    expect(() => loadSettings({ MAX_QUERY_DEPTH: 'deep-secret' })).toThrow(/MAX_QUERY_DEPTH/);
    expect(() => loadSettings({ MAX_QUERY_DEPTH: 'deep-secret' })).not.toThrow(/deep-secret/);
    expect(() => loadSettings({ ALLOW_INTROSPECTION: 'perhaps' })).toThrow(/ALLOW_INTROSPECTION/);
  });

  describe('over HTTP, configured', () => {
    let stack: TestStack;
    const asSupport = async (query: string) => stack.query(query, {}, { token: await issueToken(SECRET, { sub: 'settings-support', roles: ['support'] }) });

    beforeAll(async () => {
      stack = await startTestStack({
        AUTH_JWT_SECRET: SECRET, ALLOW_INTROSPECTION: 'true', MAX_QUERY_DEPTH: '3', MAX_QUERY_COST: '100', MAX_BODY_BYTES: '4096',
      });
    });
    afterAll(() => stack.close());

    it('applies MAX_QUERY_DEPTH and MAX_QUERY_COST', async () => {
      const deep = await asSupport('{ customers(first: 1) { edges { node { id } } } }');
      expect(deep.errors?.[0]?.extensions?.code).toBe('DEPTH_LIMIT_EXCEEDED');
      expect(deep.errors?.[0]?.message).toMatch(/4 levels deep; the limit is 3/);
      const costly = await asSupport('{ customers(first: 10) { edges { cursor } } }');
      expect(costly.errors?.[0]?.extensions?.code).toBe('COST_LIMIT_EXCEEDED');
      expect(costly.errors?.[0]?.message).toMatch(/the limit is 100\./);
    });

    it('applies MAX_BODY_BYTES', async () => {
      const res = await fetch(`${stack.stack.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(5000) } }),
      });
      expect(res.status).toBe(413);
      expect(await res.json()).toMatchObject({ errors: [{ extensions: { code: 'PAYLOAD_TOO_LARGE' }, message: expect.stringMatching(/the limit is 4096 bytes/) }] });
    });

    it('lets every role introspect and see suggestions with ALLOW_INTROSPECTION=true', async () => {
      const schema = await asSupport('{ __schema { queryType { name } } }');
      expect(schema.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
      const typo = await asSupport('{ customerz(first: 1) { edges { cursor } } }');
      expect(typo.errors?.[0]?.message).toMatch(/Did you mean "customer/);
    });
  });
});
