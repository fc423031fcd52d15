import { describe, expect, it } from 'vitest';
import { DEFAULT_SHOPIFY_API_VERSION, SHOPIFY_SANDBOX_CREDENTIALS, createShopifyConnector, resolveShopifyConfig } from '../../../connectors/shopify/index.js';
import { SettingsError, type Environment } from '../../../src/config/index.js';
import { loadSettings } from '../../../src/settings.js';

// The path the gateway takes from the environment: one parse of every setting, then the connector's target resolved.
const shopifyConfigFromEnv = (env: Environment, options: { sandboxUrl?: string } = {}) => resolveShopifyConfig(loadSettings(env).shopify, options);

const SECRET = 'shpat_0123456789abcdef0123456789abcdef';
// Each problem as the settings error lists it (a line naming the variable first), or a resolving error's message.
const messageOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    return error instanceof SettingsError ? error.issues.map((issue) => issue.message).join('; ') : (error as Error).message;
  }
  throw new Error('expected an error');
};

describe('shopifyConfigFromEnv', () => {
  it('points at the sandbox with the sandbox credentials and the newest supported API version when SHOPIFY_BASE_URL is unset', () => {
    expect(shopifyConfigFromEnv({ SHOPIFY_ACCESS_TOKEN: SECRET }, { sandboxUrl: 'http://127.0.0.1:4100' })).toEqual({
      baseUrl: 'http://127.0.0.1:4100',
      accessToken: SHOPIFY_SANDBOX_CREDENTIALS.accessToken,
      apiVersion: DEFAULT_SHOPIFY_API_VERSION,
    });
  });

  it('reads a real store from SHOPIFY_BASE_URL, SHOPIFY_ACCESS_TOKEN, SHOPIFY_API_VERSION and SHOPIFY_WEBHOOK_SECRET', () => {
    const env = { SHOPIFY_BASE_URL: 'https://acme.myshopify.com', SHOPIFY_ACCESS_TOKEN: SECRET, SHOPIFY_API_VERSION: '2025-04', SHOPIFY_WEBHOOK_SECRET: 'hush' };
    expect(shopifyConfigFromEnv(env, { sandboxUrl: 'http://127.0.0.1:1' })).toEqual({
      baseUrl: 'https://acme.myshopify.com', accessToken: SECRET, apiVersion: '2025-04', webhookSecret: 'hush',
    });
  });

  it('names the variable and the fix when a setting is missing or invalid, never echoing a value', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ SHOPIFY_BASE_URL: 'https://acme.myshopify.com' }, /^SHOPIFY_ACCESS_TOKEN is not set .*: set it to/],
      [{ SHOPIFY_BASE_URL: 'not a url', SHOPIFY_ACCESS_TOKEN: SECRET }, /^SHOPIFY_BASE_URL is not a usable URL: set it to/],
      [{ SHOPIFY_BASE_URL: `https://user:${SECRET}@acme.myshopify.com`, SHOPIFY_ACCESS_TOKEN: SECRET }, /^SHOPIFY_BASE_URL is not a usable URL/],
      [{ SHOPIFY_BASE_URL: 'https://acme.myshopify.com', SHOPIFY_ACCESS_TOKEN: SECRET, SHOPIFY_API_VERSION: `2025-02${SECRET}` }, /^SHOPIFY_API_VERSION is not a Shopify API version: set it to/],
      [{}, /^SHOPIFY_BASE_URL is not set and no Shopify sandbox is running: set SHOPIFY_BASE_URL to/],
    ];
    for (const [env, pattern] of cases) {
      const message = messageOf(() => shopifyConfigFromEnv(env));
      expect(message).toMatch(pattern);
      expect(message).not.toContain(SECRET);
      expect(message).not.toContain('not a url');
    }
  });

  it('treats blank settings as unset', () => {
    expect(shopifyConfigFromEnv({ SHOPIFY_BASE_URL: '  ', SHOPIFY_API_VERSION: '' }, { sandboxUrl: 'http://127.0.0.1:9' }).baseUrl).toBe('http://127.0.0.1:9');
  });
});

describe('createShopifyConnector', () => {
  it('validates its config at creation and names the bad setting without the token', () => {
    const message = messageOf(() => createShopifyConnector({ baseUrl: 'ftp://acme', accessToken: SECRET, apiVersion: '2025-01' }));
    expect(message).toMatch(/^Shopify connector config is invalid: baseUrl /);
    expect(message).not.toContain(SECRET);
    expect(messageOf(() => createShopifyConnector({ baseUrl: 'https://acme.myshopify.com', accessToken: '', apiVersion: '2025-01' }))).toMatch(/accessToken/);
  });

  it('is the ECOMMERCE silo backed by shopify', () => {
    const connector = createShopifyConnector({ baseUrl: 'https://acme.myshopify.com', accessToken: SECRET, apiVersion: '2025-01' });
    expect([connector.source, connector.system]).toEqual(['ECOMMERCE', 'shopify']);
  });
});
