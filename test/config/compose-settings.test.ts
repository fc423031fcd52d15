import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { composeSettings } from '../../src/config/index.js';
import { loadSettings } from '../../src/settings.js';
import { settingsFailure as failure } from './support.js';

describe('composeSettings', () => {
  it('parses every slice in one pass and hands each concern its own typed result', () => {
    let transforms = 0;
    const settings = composeSettings({
      web: z.object({ WEB_PORT: z.coerce.number().default(80) }).transform((s) => {
        transforms += 1;
        return { port: s.WEB_PORT };
      }),
      jobs: z.object({ JOBS_EVERY_MS: z.coerce.number().default(1000) }),
    });
    const parsed = settings.parse({ WEB_PORT: '8080' });
    expect(parsed).toEqual({ web: { port: 8080 }, jobs: { JOBS_EVERY_MS: 1000 } });
    expect(transforms).toBe(1);
    expect(settings.names).toEqual(['JOBS_EVERY_MS', 'WEB_PORT']);
  });

  it('refuses two slices that read the same variable, so each setting is validated one way', () => {
    const url = z.string().optional();
    expect(() => composeSettings({ cache: z.object({ REDIS_URL: url }), budgets: z.object({ REDIS_URL: url }) }))
      .toThrow('REDIS_URL is read by both the cache and the budgets settings');
  });

  it('freezes the result all the way down', () => {
    const settings = loadSettings({});
    expect(Object.isFrozen(settings)).toBe(true);
    expect(Object.isFrozen(settings.cache)).toBe(true);
    expect(Object.isFrozen(settings.cache.ttlSeconds)).toBe(true);
    expect(Object.isFrozen(settings.privacy.erasure)).toBe(true);
    expect(() => {
      (settings.cache.ttlSeconds as Record<string, number>).CRM = 3600;
    }).toThrow(TypeError);
  });

  it('treats an empty variable as unset', () => {
    expect(loadSettings({ PORT: '', CACHE_TTL_SECONDS: '', HUBSPOT_BASE_URL: '' })).toMatchObject({
      server: { port: 4000 },
      cache: { ttlSeconds: { CRM: 30 } },
      hubspot: { target: 'sandbox' },
    });
  });
});

describe('one error for every problem', () => {
  it('lists every invalid and every unknown setting at once, across concerns, sorted by name', () => {
    const error = failure(() => loadSettings({
      PORT: 'eighty',
      CACHE_TTL_SECONDS: '86400',
      CIRCUIT_FAILURE_RATE: '2',
      LOG_LEVEL: 'loud',
      SHOPIFY_BASE_URL: 'https://acme.myshopify.com',
      CACHE_TTL_SECOND: '5',
      HUBSPOT_ACESS_TOKEN: 'pat-na1',
    }));
    expect(error.code).toBe('INVALID_SETTINGS');
    expect(error.issues.map((i) => [i.setting, i.kind])).toEqual([
      ['CACHE_TTL_SECOND', 'unknown'],
      ['CACHE_TTL_SECONDS', 'invalid'],
      ['CIRCUIT_FAILURE_RATE', 'invalid'],
      ['HUBSPOT_ACESS_TOKEN', 'unknown'],
      ['LOG_LEVEL', 'invalid'],
      ['PORT', 'invalid'],
      ['SHOPIFY_ACCESS_TOKEN', 'invalid'],
    ]);
    expect(error.message.startsWith('invalid settings: CACHE_TTL_SECOND is not a setting: did you mean CACHE_TTL_SECONDS?; CACHE_TTL_SECONDS: at most 3600 seconds')).toBe(true);
    for (const issue of error.issues) expect(issue.message.startsWith(issue.setting)).toBe(true);
  });

  it('says what a setting expects', () => {
    const { issues } = failure(() => loadSettings({ DEFAULT_PHONE_REGION: 'usa', CACHE_REDIS_PREFIX: 'has spaces', MAX_BODY_BYTES: '10' }));
    expect(issues.map((i) => i.message)).toEqual([
      'CACHE_REDIS_PREFIX: letters, digits and : _ . - only',
      'DEFAULT_PHONE_REGION: an ISO 3166 alpha-2 code such as US',
      expect.stringMatching(/^MAX_BODY_BYTES: .*>=1024/),
    ]);
  });

  it('names the setting meant when a variable in a settings namespace is a typo away from one', () => {
    const { issues } = failure(() => loadSettings({ REDIS_URI: 'redis://127.0.0.1', ZENDESK_API_TOKEM: 'x', SANDBOX_PEOPEL: '10' }));
    expect(issues.map((i) => i.message)).toEqual([
      'REDIS_URI is not a setting: did you mean REDIS_URL?',
      'SANDBOX_PEOPEL is not a setting: did you mean SANDBOX_PEOPLE?',
      'ZENDESK_API_TOKEM is not a setting: did you mean ZENDESK_API_TOKEN?',
    ]);
  });

  it('says to remove an unknown variable that is no typo of a setting', () => {
    expect(failure(() => loadSettings({ AUTH_PROVIDER_KIND: 'oidc' })).message)
      .toBe('invalid settings: AUTH_PROVIDER_KIND is not a setting: remove it (README, "Settings", lists every setting)');
  });

  it('leaves alone the variables outside the settings namespaces (PATH, HOME, NODE_OPTIONS, lower case)', () => {
    expect(() => loadSettings({ PATH: '/usr/bin', HOME: '/root', NODE_OPTIONS: '--enable-source-maps', HOSTNAME: 'box', cache_ttl: 'x', CI: 'true' })).not.toThrow();
  });
});
