import { beforeEach, describe, expect, it } from 'vitest';
import { createShopifyConnector, resolveShopifyConfig, shopifySettings } from '../../../../connectors/shopify/index.js';
import { createHeldClock } from '../../../support/held-clock.js';
import { fixture } from '../support.js';
import { smallWorld, useShopifySandbox } from '../support-sandbox.js';

const world = smallWorld();
// The bucket refills by a held clock: concurrent queries meet the same bucket however far apart a busy machine sends them.
const clock = createHeldClock();
// A tiny bucket: 60 points, refilled at 400 a second, and a single-query cap of 300.
const sandbox = useShopifySandbox(world, { throttle: { maximumAvailable: 60, restoreRate: 400 }, maxQueryCost: 300, now: clock.now });
const QUERY = '{ customers(first: 40) { edges { node { id } } } }'; // 2 + 40 + 1 = 43 points

// Each test starts on a full bucket: a second refills 400 points, more than the 60 it holds.
beforeEach(() => {
  clock.hold();
  clock.tick(1000);
});

describe('Shopify sandbox query-cost bucket (throttle option on)', () => {
  it('answers a query the bucket cannot pay for as Shopify throttles: HTTP 200, THROTTLED, extensions.cost, no data', async () => {
    const answers = await Promise.all([1, 2, 3].map(() => sandbox.post({ query: QUERY })));
    // 60 points pay for one query of 43; the clock stands, so nothing refills before the other two.
    expect(answers.filter((a) => a.body.errors !== undefined)).toHaveLength(2);
    const throttled = answers.find((a) => a.body.errors !== undefined);
    expect(throttled?.status).toBe(200);
    expect(throttled?.body).not.toHaveProperty('data');
    const example = fixture<{ errors: unknown }>('throttled.response.json');
    expect(throttled?.body.errors).toEqual(example.errors);
    expect(throttled?.body.extensions?.cost).toEqual({
      requestedQueryCost: 43,
      actualQueryCost: null,
      throttleStatus: { maximumAvailable: 60, currentlyAvailable: expect.any(Number), restoreRate: 400 },
    });
    expect(Number((throttled?.body.extensions?.cost?.throttleStatus as { currentlyAvailable: number }).currentlyAvailable)).toBeLessThan(43);
  });

  it('refuses a single query above the cost cap with MAX_COST_EXCEEDED before running it', async () => {
    const { status, body } = await sandbox.post({ query: '{ customers(first: 250) { edges { node { id orders(first: 100) { edges { node { id } } } } } } }' });
    expect(status).toBe(200);
    expect(body).not.toHaveProperty('data');
    expect(body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'MAX_COST_EXCEEDED', maxCost: 300 }) })]);
  });

  it('lets the connector wait (requested − available) / restoreRate and then succeed', async () => {
    let attempts = 0;
    // Both first attempts meet the held bucket, so one is throttled; then the clock runs, and the wait refills it.
    const connector = createShopifyConnector(resolveShopifyConfig(shopifySettings.parse({}), { sandboxUrl: sandbox.url() }), {
      onCall: () => {
        if (++attempts === 2) clock.release();
      },
    });
    const before = (await sandbox.stats()).total;
    const pages = await Promise.all([1, 2].map(() => connector.listContacts({ first: 40 }, { deadline: Date.now() + 5000 })));
    expect(pages.map((p) => p.items.length)).toEqual([40, 40]);
    // The second call was throttled at least once and sent again.
    expect((await sandbox.stats()).total - before).toBeGreaterThan(2);
  });
});
