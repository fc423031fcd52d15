import { describe, expect, it } from 'vitest';
import { loadSettings, SETTINGS } from '../../src/settings.js';
import { settingsFailure as failure } from './support.js';

const MARK = 'hunter2-do-not-print';

describe('SettingsError', () => {
  it('never repeats a value, whatever every setting is set to', () => {
    const env = Object.fromEntries(SETTINGS.names.map((name) => [name, `${MARK}:${name}`]));
    const error = failure(() => loadSettings(env));
    // Most settings refuse such a value (numbers, URLs, versions, flags); free-text ones (secrets, HOST) take it.
    expect(error.issues.length).toBeGreaterThan(40);
    expect(error.message).not.toContain(MARK);
    expect(JSON.stringify(error.issues)).not.toContain(MARK);
  });

  it('never repeats a secret hidden in a URL, nor the value of an unknown variable', () => {
    const error = failure(() => loadSettings({
      HUBSPOT_BASE_URL: `ftp://user:${MARK}@api.hubapi.com`,
      HUBSPOT_ACCESS_TOKEN: MARK,
      SHOPIFY_BASE_URL: `https://user:${MARK}@acme.myshopify.com`,
      SHOPIFY_ACCESS_TOKEN: MARK,
      ZENDESK_BASE_URL: `https://agent:${MARK}@acme.zendesk.com`,
      ZENDESK_EMAIL: 'agent@acme.example',
      ZENDESK_API_TOKEN: MARK,
      REDIS_URL: `http://:${MARK}@redis.internal`,
      AUTH_JWKS_URL: MARK,
      AUTH_JWT_SECRETS: MARK,
    }));
    expect(error.issues.map((i) => i.setting)).toEqual(['AUTH_JWKS_URL', 'AUTH_JWT_SECRETS', 'HUBSPOT_BASE_URL', 'REDIS_URL', 'SHOPIFY_BASE_URL', 'ZENDESK_BASE_URL']);
    expect(error.message).not.toContain(MARK);
    expect(error.message).toContain('AUTH_JWT_SECRETS is not a setting: did you mean AUTH_JWT_SECRET?');
  });

  it('is an Error named SettingsError with the code INVALID_SETTINGS', () => {
    const error = failure(() => loadSettings({ PORT: '-1' }));
    expect(error).toBeInstanceOf(Error);
    expect([error.name, error.code]).toEqual(['SettingsError', 'INVALID_SETTINGS']);
    expect(error.message).toMatch(/^invalid settings: PORT: /);
  });
});
