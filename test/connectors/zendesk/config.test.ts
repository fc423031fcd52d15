import { describe, expect, it } from 'vitest';
import { createZendeskConnector, resolveZendeskConfig, ZENDESK_SANDBOX_CREDENTIALS } from '../../../connectors/zendesk/index.js';
import type { Environment } from '../../../src/config/index.js';
import { loadSettings } from '../../../src/settings.js';

// The path the gateway takes from the environment: one parse of every setting, then the connector's target resolved.
const zendeskConfigFromEnv = (env: Environment, options: { sandboxUrl?: string } = {}) => resolveZendeskConfig(loadSettings(env).zendesk, options);

const SECRET = 'tok-3f9a1c7e5b2d-very-secret';

function thrown(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

describe('zendeskConfigFromEnv', () => {
  it('reads the account URL, agent email, API token and webhook secret from ZENDESK_* settings', () => {
    const config = zendeskConfigFromEnv({
      ZENDESK_BASE_URL: 'https://acme.zendesk.com/',
      ZENDESK_EMAIL: 'agent@acme.example',
      ZENDESK_API_TOKEN: SECRET,
      ZENDESK_WEBHOOK_SECRET: 'whsec',
    });
    expect(config).toEqual({ baseUrl: 'https://acme.zendesk.com', email: 'agent@acme.example', apiToken: SECRET, webhookSecret: 'whsec' });
  });

  it('points at the sandbox with the sandbox credentials when ZENDESK_BASE_URL is absent', () => {
    const config = zendeskConfigFromEnv({ ZENDESK_API_TOKEN: SECRET }, { sandboxUrl: 'http://127.0.0.1:4010' });
    expect(config).toMatchObject({ baseUrl: 'http://127.0.0.1:4010', ...ZENDESK_SANDBOX_CREDENTIALS });
  });

  it('names ZENDESK_BASE_URL and the fix when neither it nor a sandbox is available', () => {
    expect(thrown(() => zendeskConfigFromEnv({}))).toMatch(/ZENDESK_BASE_URL is not set: set it to .*zendesk\.com/);
  });

  it('names each missing setting and how to fix it', () => {
    const message = thrown(() => zendeskConfigFromEnv({ ZENDESK_BASE_URL: 'https://acme.zendesk.com' }));
    expect(message).toContain('ZENDESK_EMAIL is missing or invalid: set it to the email address');
    expect(message).toContain('ZENDESK_API_TOKEN is missing or invalid: set it to an API token');
  });

  it('refuses a base URL with embedded credentials without echoing any secret', () => {
    const message = thrown(() =>
      zendeskConfigFromEnv({ ZENDESK_BASE_URL: `https://agent:${SECRET}@acme.zendesk.com`, ZENDESK_EMAIL: 'agent@acme.example', ZENDESK_API_TOKEN: SECRET }),
    );
    expect(message).toContain('ZENDESK_BASE_URL is missing or invalid');
    expect(message).not.toContain(SECRET);
  });

  it('refuses an invalid email without echoing the token', () => {
    const message = thrown(() => zendeskConfigFromEnv({ ZENDESK_BASE_URL: 'https://acme.zendesk.com', ZENDESK_EMAIL: 'not-an-email', ZENDESK_API_TOKEN: SECRET }));
    expect(message).toContain('ZENDESK_EMAIL');
    expect(message).not.toContain(SECRET);
    expect(message).not.toContain('not-an-email');
  });
});

describe('createZendeskConnector', () => {
  it('validates its config at creation and names the setting at fault', () => {
    expect(() => createZendeskConnector({ baseUrl: 'ftp://acme.zendesk.com', email: 'a@b.co', apiToken: SECRET })).toThrow(/ZENDESK_BASE_URL/);
  });

  it('is the SUPPORT silo backed by zendesk', () => {
    const connector = createZendeskConnector({ baseUrl: 'https://acme.zendesk.com', email: 'a@b.co', apiToken: SECRET });
    expect([connector.source, connector.system]).toEqual(['SUPPORT', 'zendesk']);
  });
});
