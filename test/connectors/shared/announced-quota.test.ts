import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hubspotQuota } from '../../../connectors/hubspot/http-hooks.js';
import { shopifyQuota } from '../../../connectors/shopify/client.js';
import { zendeskQuota } from '../../../connectors/zendesk/client.js';
import type { RawResponse } from '../../../connectors/shared/index.js';

const answer = (headers: Record<string, string>, body: unknown = {}): RawResponse => ({ status: 200, headers, body });
const GET = { method: 'GET', path: '/crm/v3/objects/contacts/51' };

describe('the quota each vendor announces in its answers', () => {
  it('reads HubSpot\'s ten-secondly window from X-HubSpot-RateLimit-*, and nothing for search or v4 association reads', () => {
    const res = answer({
      'x-hubspot-ratelimit-daily': '250000',
      'x-hubspot-ratelimit-daily-remaining': '249990',
      'x-hubspot-ratelimit-interval-milliseconds': '10000',
      'x-hubspot-ratelimit-max': '100',
      'x-hubspot-ratelimit-remaining': '97',
    });
    expect(hubspotQuota(res, GET)).toEqual({ limit: 100, remaining: 97, refill: { kind: 'window', resetMs: 10_000, windowMs: 10_000 }, cost: 1 });
    expect(hubspotQuota(res, { method: 'POST', path: '/crm/v3/objects/contacts/search' })).toBeUndefined();
    expect(hubspotQuota(res, { method: 'POST', path: '/crm/v4/associations/contacts/deals/batch/read' })).toBeUndefined();
    expect(hubspotQuota(answer({}), GET)).toBeUndefined();
  });

  it('reads Zendesk\'s minute from X-Rate-Limit(-Remaining) and ratelimit-reset, as its docs show them', () => {
    const list = answer({ 'x-rate-limit': '700', 'ratelimit-limit': '700', 'x-rate-limit-remaining': '699', 'ratelimit-remaining': '699', 'ratelimit-reset': '41' });
    expect(zendeskQuota(list)).toEqual({ limit: 700, remaining: 699, refill: { kind: 'window', resetMs: 41_000, windowMs: 60_000 }, cost: 1 });
    // Outside the Ticketing API only the X- pair comes: the minute may end as late as a minute from now.
    expect(zendeskQuota(answer({ 'x-rate-limit': '700', 'x-rate-limit-remaining': '12' }))?.refill).toEqual({ kind: 'window', resetMs: 60_000, windowMs: 60_000 });
    expect(zendeskQuota(answer({ 'x-rate-limit-remaining': 'soon' }))).toBeUndefined();
  });

  it('reads Shopify\'s query-cost bucket from extensions.cost.throttleStatus, in a throttled answer too', () => {
    const throttled = JSON.parse(readFileSync(new URL('../shopify/fixtures/throttled.response.json', import.meta.url), 'utf8')) as { extensions: { cost: { requestedQueryCost: number; throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number } } } };
    const { requestedQueryCost, throttleStatus } = throttled.extensions.cost;
    expect(shopifyQuota(answer({}, throttled))).toEqual({
      limit: throttleStatus.maximumAvailable,
      remaining: throttleStatus.currentlyAvailable,
      refill: { kind: 'rate', perSecond: throttleStatus.restoreRate },
      cost: requestedQueryCost,
    });
    expect(shopifyQuota(answer({}, { data: {} }))).toBeUndefined();
  });
});
