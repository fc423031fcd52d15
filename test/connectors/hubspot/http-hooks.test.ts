import { describe, expect, it } from 'vitest';
import { describeHubSpotError, hubspotRetryAfterMs, redactPath } from '../../../connectors/hubspot/http-hooks.js';
import { fixture } from './support.js';

const res = (body: unknown, headers: Record<string, string> = {}) => ({ status: 429, headers, body });
const NOW = Date.parse('2026-03-01T23:59:00Z');

describe('HubSpot rate-limit and error hooks', () => {
  it('honours Retry-After first', () => {
    expect(hubspotRetryAfterMs(res(fixture('error.429.json'), { 'retry-after': '2' }), NOW)).toBe(2000);
  });

  it('reports a spent daily quota as the wait until the next day', () => {
    expect(hubspotRetryAfterMs(res(fixture('error.429.json')), NOW)).toBe(60_000);
    expect(hubspotRetryAfterMs(res(fixture('error.429.json')), Date.parse('2026-03-01T12:00:00Z'))).toBe(12 * 3_600_000);
  });

  it('never reports a spent daily quota as free within a minute, even a second before UTC midnight', () => {
    expect(hubspotRetryAfterMs(res(fixture('error.429.json')), Date.parse('2026-03-01T23:59:59.500Z'))).toBe(60_000);
  });

  it('waits a second for the search per-second limit', () => {
    expect(hubspotRetryAfterMs(res({ ...fixture<object>('error.429.json'), policyName: 'SECONDLY' }), NOW)).toBe(1000);
  });

  it('derives the rolling-window wait from the interval and max headers, jittered and capped', () => {
    const headers = { 'x-hubspot-ratelimit-interval-milliseconds': '10000', 'x-hubspot-ratelimit-max': '100' };
    const body = { ...fixture<object>('error.429.json'), policyName: 'TEN_SECONDLY_ROLLING' };
    expect(hubspotRetryAfterMs(res(body, headers), NOW, () => 0)).toBe(100);
    expect(hubspotRetryAfterMs(res(body, headers), NOW, () => 0.999)).toBe(200);
    expect(hubspotRetryAfterMs(res(body, { 'x-hubspot-ratelimit-interval-milliseconds': '1000' }), NOW, () => 0.5)).toBe(1000);
    expect(hubspotRetryAfterMs(res(body), NOW)).toBeUndefined();
  });

  it('describes errors by category or policy only, never by message text', () => {
    expect(describeHubSpotError(res(fixture('error.400.json')))).toBe('VALIDATION_ERROR');
    expect(describeHubSpotError(res(fixture('error.429.json')))).toBe('RATE_LIMIT DAILY');
    expect(describeHubSpotError(res({ category: 'see https://evil.example/?token=x' }))).toBeUndefined();
    expect(describeHubSpotError(res('<html>'))).toBeUndefined();
  });

  it('keeps email addresses out of reported paths', () => {
    expect(redactPath('/crm/v3/objects/contacts/a%40b.com')).toBe('/crm/v3/objects/contacts/{email}');
    expect(redactPath('/crm/v3/objects/contacts/51')).toBe('/crm/v3/objects/contacts/51');
  });
});
