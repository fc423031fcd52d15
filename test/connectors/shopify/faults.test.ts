import { afterEach, describe, expect, it } from 'vitest';
import { SourceBadResponse, SourceRateLimited, SourceTimeout, SourceUnavailable } from '../../../src/model/index.js';
import { createShopifyConnector, shopifyConfigFromEnv } from '../../../connectors/shopify/index.js';
import { failure } from './helpers.js';
import { smallWorld, useShopifySandbox } from './sandbox-support.js';

const world = smallWorld();
const sandbox = useShopifySandbox(world);
const ids = world.shopify.customers.slice(0, 5).map((c) => c.id);
const connector = () => createShopifyConnector({ ...shopifyConfigFromEnv({}, { sandboxUrl: sandbox.url() }), attemptTimeoutMs: 300 });
const within = (ms: number) => ({ deadline: Date.now() + ms });

async function requestsDuring(run: () => Promise<unknown>): Promise<number> {
  const before = (await sandbox.stats()).total;
  await run();
  return (await sandbox.stats()).total - before;
}

afterEach(() => sandbox.faults({}));

describe('Shopify connector under the sandbox fault knobs', () => {
  it('gives up with SourceUnavailable after retrying every attempt of {errorRate: 1}', async () => {
    await sandbox.faults({ errorRate: 1 });
    let error: unknown;
    expect(await requestsDuring(async () => {
      error = await failure(connector().getContacts(ids, within(3000)));
    })).toBe(3);
    expect(error).toBeInstanceOf(SourceUnavailable);
    expect((error as SourceUnavailable).message).toBe('ECOMMERCE: failed with HTTP 500 (INTERNAL_SERVER_ERROR)');
  });

  it('gives up with SourceRateLimited within the deadline under {rateLimitRate: 1} (throttled in HTTP 200)', async () => {
    await sandbox.faults({ rateLimitRate: 1 });
    let error: unknown;
    // The throttle asks for a one-second wait, which the 800 ms deadline cannot hold: no second attempt is made.
    expect(await requestsDuring(async () => {
      error = await failure(connector().findContacts([{ kind: 'email', value: 'a@b.example' }], within(800)));
    })).toBe(1);
    expect(error).toBeInstanceOf(SourceRateLimited);
    expect((error as SourceRateLimited).retryAfterMs).toBe(1000);
  });

  it('refuses the truncated JSON and HTML bodies of {malformedRate: 1} as SourceBadResponse', async () => {
    await sandbox.faults({ malformedRate: 1 });
    for (let i = 0; i < 2; i++) expect(await failure(connector().listContacts({ first: 5 }, within(2000)))).toBeInstanceOf(SourceBadResponse);
  });

  it('reports a dropped connection under {outage: true} as SourceUnavailable', async () => {
    await sandbox.faults({ outage: true });
    const error = await failure(connector().ordersFor(ids, { first: 2 }, within(2000)));
    expect(error).toBeInstanceOf(SourceUnavailable);
    expect(error.message).toMatch(/^ECOMMERCE: connection failed/);
  });

  it('reports {latencyMs} beyond the deadline as SourceTimeout', async () => {
    await sandbox.faults({ latencyMs: 1500 });
    expect(await failure(connector().getOrder(world.shopify.orders[0]?.id ?? '', within(400)))).toBeInstanceOf(SourceTimeout);
  });

  it('recovers as soon as the faults are reset with PUT {}', async () => {
    await sandbox.faults({ errorRate: 1 });
    await failure(connector().getContacts(ids, within(2000)));
    await sandbox.faults({});
    expect((await connector().getContacts(ids, within(2000))).size).toBe(5);
  });
});
