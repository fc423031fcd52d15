import { describe, expect, it } from 'vitest';
import { createSquareConnector, DEFAULT_SQUARE_VERSION, resolveSquareConfig, SQUARE_SANDBOX_CREDENTIALS } from '../../../connectors/square/index.js';
import type { Environment } from '../../../src/config/index.js';
import { loadSettings } from '../../../src/settings.js';

// The path the gateway takes from the environment: one parse of every setting, then the connector's target resolved.
const squareConfigFromEnv = (env: Environment, options: { sandboxUrl?: string } = {}) => resolveSquareConfig(loadSettings(env).square, options);

const SECRET = 'EAAAl-production-token-must-never-be-echoed';
const failure = (build: () => unknown): Error => {
  try {
    build();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the config to be rejected');
};

describe('squareConfigFromEnv', () => {
  it('targets the sandbox with its own credentials when SQUARE_BASE_URL is unset', () => {
    const config = squareConfigFromEnv({ SQUARE_ACCESS_TOKEN: SECRET }, { sandboxUrl: 'http://127.0.0.1:4101' });
    expect(config).toMatchObject({
      baseUrl: 'http://127.0.0.1:4101',
      accessToken: SQUARE_SANDBOX_CREDENTIALS.accessToken,
      squareVersion: DEFAULT_SQUARE_VERSION,
    });
    // No signature key of the repository's: the gateway generates one per process for its embedded sandbox.
    expect(config.signatureKey).toBeUndefined();
  });

  it('honours SQUARE_SIGNATURE_KEY for the sandbox too', () => {
    const config = squareConfigFromEnv({ SQUARE_SIGNATURE_KEY: 'my-sandbox-key' }, { sandboxUrl: 'http://127.0.0.1:4101' });
    expect(config).toMatchObject({ baseUrl: 'http://127.0.0.1:4101', accessToken: SQUARE_SANDBOX_CREDENTIALS.accessToken, signatureKey: 'my-sandbox-key' });
  });

  it('reads a real account from SQUARE_BASE_URL, SQUARE_ACCESS_TOKEN, SQUARE_VERSION and SQUARE_SIGNATURE_KEY', () => {
    const config = squareConfigFromEnv({
      SQUARE_BASE_URL: 'https://connect.squareup.com',
      SQUARE_ACCESS_TOKEN: ` ${SECRET} `,
      SQUARE_VERSION: '2025-06-18',
      SQUARE_SIGNATURE_KEY: 'sig-key',
    });
    expect(config).toMatchObject({ baseUrl: 'https://connect.squareup.com', accessToken: SECRET, squareVersion: '2025-06-18', signatureKey: 'sig-key' });
  });

  it('defaults SQUARE_VERSION to the newest supported release and leaves the signature key optional', () => {
    const config = squareConfigFromEnv({ SQUARE_BASE_URL: 'https://connect.squareup.com', SQUARE_ACCESS_TOKEN: SECRET, SQUARE_SIGNATURE_KEY: '' });
    expect(config.squareVersion).toBe(DEFAULT_SQUARE_VERSION);
    expect(config.signatureKey).toBeUndefined();
  });

  it('names SQUARE_ACCESS_TOKEN and the fix when a real base URL has no token', () => {
    const error = failure(() => squareConfigFromEnv({ SQUARE_BASE_URL: 'https://connect.squareup.com' }));
    expect(error.message).toMatch(/SQUARE_ACCESS_TOKEN .*missing: set it to a Square access token/);
  });

  it('names SQUARE_BASE_URL without echoing a bad value', () => {
    const error = failure(() => squareConfigFromEnv({ SQUARE_BASE_URL: `ftp://user:${SECRET}@host`, SQUARE_ACCESS_TOKEN: SECRET }));
    expect(error.message).toMatch(/SQUARE_BASE_URL .*invalid: use an http\(s\) URL/);
    expect(error.message).not.toContain(SECRET);
  });

  it('names SQUARE_VERSION when it is not a release date', () => {
    const error = failure(() => squareConfigFromEnv({ SQUARE_BASE_URL: 'https://connect.squareup.com', SQUARE_ACCESS_TOKEN: SECRET, SQUARE_VERSION: 'latest' }));
    expect(error.message).toMatch(new RegExp(`SQUARE_VERSION .*invalid: use a release date like ${DEFAULT_SQUARE_VERSION}`));
    expect(error.message).not.toContain(SECRET);
  });

  it('says how to fix a missing SQUARE_BASE_URL when no sandbox runs', () => {
    expect(failure(() => squareConfigFromEnv({})).message).toMatch(/SQUARE_BASE_URL is not set .*set SQUARE_BASE_URL and SQUARE_ACCESS_TOKEN/);
  });
});

describe('createSquareConnector config validation', () => {
  it('rejects an empty token at creation, naming the setting but not the other values', () => {
    const error = failure(() => createSquareConnector({ baseUrl: `https://${SECRET}.example`, accessToken: '' }));
    expect(error.message).toMatch(/SQUARE_ACCESS_TOKEN \(accessToken\) is invalid/);
    expect(error.message).not.toContain(SECRET);
  });

  it('announces itself as the POS silo backed by square', () => {
    const connector = createSquareConnector({ baseUrl: 'http://127.0.0.1:9', accessToken: SECRET });
    expect([connector.source, connector.system]).toEqual(['POS', 'square']);
  });
});
