import { describe, expect, it } from 'vitest';
import { parseHubSpotConfig } from '../../../connectors/hubspot/config.js';
import { createHubSpotConnector, HUBSPOT_SANDBOX_CREDENTIALS, resolveHubSpotConfig } from '../../../connectors/hubspot/index.js';
import type { Environment } from '../../../src/config/index.js';
import { loadSettings } from '../../../src/settings.js';

// The path the gateway takes from the environment: one parse of every setting, then the connector's target resolved.
const hubspotConfigFromEnv = (env: Environment, options: { sandboxUrl?: string } = {}) => resolveHubSpotConfig(loadSettings(env).hubspot, options);

const SECRET = 'pat-na1-very-secret-value';
const messageOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a throw');
};

describe('HubSpot connector config', () => {
  it('points at the sandbox with its credentials when HUBSPOT_BASE_URL is absent', () => {
    const config = hubspotConfigFromEnv({ HUBSPOT_ACCESS_TOKEN: SECRET }, { sandboxUrl: 'http://127.0.0.1:4101' });
    expect(config).toMatchObject({ baseUrl: 'http://127.0.0.1:4101', ...HUBSPOT_SANDBOX_CREDENTIALS, maxPages: 50, concurrency: 4 });
    // No client secret of the repository's: the gateway generates one per process for its embedded sandbox.
    expect(config.clientSecret).toBeUndefined();
  });

  it('honours HUBSPOT_CLIENT_SECRET for the sandbox too', () => {
    expect(hubspotConfigFromEnv({ HUBSPOT_CLIENT_SECRET: 'my-sandbox-secret' }, { sandboxUrl: 'http://127.0.0.1:4101' })).toMatchObject({ baseUrl: 'http://127.0.0.1:4101', clientSecret: 'my-sandbox-secret' });
  });

  it('uses the real API settings when HUBSPOT_BASE_URL is set', () => {
    const env = { HUBSPOT_BASE_URL: 'https://api.hubapi.com', HUBSPOT_ACCESS_TOKEN: SECRET, HUBSPOT_CLIENT_SECRET: 'shh' };
    expect(hubspotConfigFromEnv(env)).toMatchObject({ baseUrl: 'https://api.hubapi.com', accessToken: SECRET, clientSecret: 'shh' });
  });

  it('names HUBSPOT_ACCESS_TOKEN and the fix when the token is missing', () => {
    const message = messageOf(() => hubspotConfigFromEnv({ HUBSPOT_BASE_URL: 'https://api.hubapi.com', HUBSPOT_ACCESS_TOKEN: ' ' }));
    expect(message).toContain('HUBSPOT_ACCESS_TOKEN');
    expect(message).toContain('private app');
  });

  it('names HUBSPOT_BASE_URL when it is not a URL, without echoing any value', () => {
    const message = messageOf(() => hubspotConfigFromEnv({ HUBSPOT_BASE_URL: `ftp://user:${SECRET}@x`, HUBSPOT_ACCESS_TOKEN: SECRET }));
    expect(message).toContain('HUBSPOT_BASE_URL');
    expect(message).not.toContain(SECRET);
  });

  it('says what to set when there is neither a base URL nor a sandbox', () => {
    expect(messageOf(() => hubspotConfigFromEnv({}))).toMatch(/HUBSPOT_BASE_URL.*HUBSPOT_ACCESS_TOKEN/);
  });

  it('takes the marketing subscription id from HUBSPOT_MARKETING_SUBSCRIPTION_ID, 1133224 by default, digits only', () => {
    const env = { HUBSPOT_BASE_URL: 'https://api.hubapi.com', HUBSPOT_ACCESS_TOKEN: SECRET };
    expect(hubspotConfigFromEnv(env).marketingSubscriptionId).toBe('1133224');
    expect(hubspotConfigFromEnv({}, { sandboxUrl: 'http://127.0.0.1:4101' }).marketingSubscriptionId).toBe('1133224');
    expect(hubspotConfigFromEnv({ ...env, HUBSPOT_MARKETING_SUBSCRIPTION_ID: ' 987 ' }).marketingSubscriptionId).toBe('987');
    const message = messageOf(() => hubspotConfigFromEnv({ ...env, HUBSPOT_MARKETING_SUBSCRIPTION_ID: 'marketing-xyz' }));
    expect(message).toContain('HUBSPOT_MARKETING_SUBSCRIPTION_ID (marketingSubscriptionId) is invalid');
    expect(message).toContain('numeric id');
    expect(message).not.toContain('marketing-xyz');
  });

  it('validates config handed straight to the connector, naming the setting', () => {
    expect(messageOf(() => createHubSpotConnector({ baseUrl: 'https://api.hubapi.com', accessToken: '' }))).toContain('HUBSPOT_ACCESS_TOKEN');
    expect(messageOf(() => parseHubSpotConfig({ baseUrl: 'https://api.hubapi.com', accessToken: SECRET, maxPages: 0 }))).toContain('maxPages');
  });
});
