import { describe, expect, it } from 'vitest';
import { CALLER_BUDGET_DEFAULTS, SettingsError, TRANSPORT_DEFAULTS } from '../../src/config/index.js';
import { loadSettings } from '../../src/settings.js';

describe('the transport and per-caller budget settings', () => {
  it('default to bounded timeouts, a connection cap and budgets for every caller', () => {
    const { transport, budgets } = loadSettings({});
    expect(transport).toEqual(TRANSPORT_DEFAULTS);
    // Every timeout and the connection cap are bounded; requests per connection are not (Node's own default: past a
    // limit Node answers a client that keeps sending on the connection 503).
    const { maxRequestsPerConnection, ...bounded } = transport;
    expect(Object.values(bounded).every((v) => v > 0)).toBe(true);
    expect(maxRequestsPerConnection).toBe(0);
    expect(budgets).toEqual(CALLER_BUDGET_DEFAULTS);
  });

  it('reads each from its variable', () => {
    const { transport, budgets } = loadSettings({
      REQUEST_HEADERS_TIMEOUT_MS: '2000', REQUEST_BODY_TIMEOUT_MS: '4000', CONNECTION_IDLE_TIMEOUT_MS: '9000',
      CONNECTION_KEEP_ALIVE_TIMEOUT_MS: '61000', MAX_REQUESTS_PER_CONNECTION: '0', MAX_CONNECTIONS: '10',
      CALLER_READS_PER_MINUTE: '1', CALLER_LOOKUPS_PER_MINUTE: '0', CALLER_PRIVACY_OPERATIONS_PER_MINUTE: '5',
    });
    expect(transport).toEqual({ headersTimeoutMs: 2000, bodyTimeoutMs: 4000, idleTimeoutMs: 9000, keepAliveTimeoutMs: 61_000, maxRequestsPerConnection: 0, maxConnections: 10 });
    expect(budgets).toEqual({ reads: 1, lookups: 0, privacy: 5 });
  });

  it('refuses a headers timeout longer than the whole request’s, and a timeout or cap of 0, naming the setting', () => {
    const issues = (env: Record<string, string>) => {
      try {
        loadSettings(env);
        return [];
      } catch (error) {
        if (!(error instanceof SettingsError)) throw error;
        return error.issues.map((i) => i.setting);
      }
    };
    expect(issues({ REQUEST_HEADERS_TIMEOUT_MS: '40000' })).toEqual(['REQUEST_HEADERS_TIMEOUT_MS']);
    expect(issues({ REQUEST_BODY_TIMEOUT_MS: '0', MAX_CONNECTIONS: '0', CALLER_READS_PER_MINUTE: '-1' }).sort())
      .toEqual(['CALLER_READS_PER_MINUTE', 'MAX_CONNECTIONS', 'REQUEST_BODY_TIMEOUT_MS']);
  });
});
