import { afterEach, describe, expect, it } from 'vitest';
import { createHubSpotConnector, createHubSpotSandbox, hubspotSettings, resolveHubSpotConfig } from '../../connectors/hubspot/index.js';
import { startSandbox, type RunningSandbox, type SandboxDefinition, type World } from '../../connectors/sandbox-kit/index.js';
import { createShopifyConnector, createShopifySandbox, resolveShopifyConfig, shopifySettings } from '../../connectors/shopify/index.js';
import { createZendeskConnector, createZendeskSandbox, resolveZendeskConfig, zendeskSettings } from '../../connectors/zendesk/index.js';
import { loadSettings } from '../../src/settings.js';
import { SourceRateLimited, type CallEvent, type ConnectorHooks, type ContactConnector, type QuotaAnnouncement, type RequestBudget, type Source } from '../../src/model/index.js';
import { createLocalBucketStore, createRequestBudget, rateRules } from '../../src/resilience/index.js';
import { testWorld } from '../support/world.js';

/**
 * One clock for the sandbox's rate-limit windows and the gateway's request budget: it stands still while requests
 * go back and forth and moves only when the budget waits, by the wait. So what the sandbox counts depends on what was
 * sent and on the waits the budget derived, never on how fast a busy machine runs; and nothing sleeps for real.
 */
function sharedClock() {
  let now = Date.now();
  return { now: () => now, sleep: async (ms: number) => void (now += ms) };
}

interface Vendor {
  source: Source;
  sandbox(world: World, now: () => number): SandboxDefinition;
  connector(url: string, hooks: ConnectorHooks): ContactConnector;
}

const VENDORS: Vendor[] = [
  {
    source: 'CRM',
    // HubSpot's ten-secondly window, enforced: 100 requests per rolling 10 s.
    sandbox: (world, now) => createHubSpotSandbox(world, { rateLimits: { tenSecondly: 100 }, now }),
    connector: (url, hooks) => createHubSpotConnector({ ...resolveHubSpotConfig(hubspotSettings.parse({}), { sandboxUrl: url }), maxAttempts: 1 }, hooks),
  },
  {
    source: 'SUPPORT',
    // Zendesk's per-minute account limit, enforced (100 a minute, to keep the run short).
    sandbox: (world, now) => createZendeskSandbox(world, { rateLimitPerMinute: 100, enforceRateLimit: true, now }),
    connector: (url, hooks) => createZendeskConnector(resolveZendeskConfig(zendeskSettings.parse({}), { sandboxUrl: url }), hooks),
  },
  {
    source: 'ECOMMERCE',
    // Shopify's query-cost bucket, enforced: 2000 points deep, restoring 100 a second (Standard).
    sandbox: (world, now) => createShopifySandbox(world, { throttle: { maximumAvailable: 2000, restoreRate: 100 }, now }),
    connector: (url, hooks) => createShopifyConnector({ ...resolveShopifyConfig(shopifySettings.parse({}), { sandboxUrl: url }), maxAttempts: 1 }, hooks),
  },
];

const CALLS = 40;
// The settings' own rules (HubSpot 100 per 10 s, Zendesk 400 a minute, Shopify's points), as the gateway paces with them.
const RULES = rateRules(loadSettings({ AUTH_JWT_SECRET: 'x'.repeat(40), GATEWAY_SECRET: 'x' }).resilience);

describe('pacing by the quota the vendors announce', () => {
  let sandbox: RunningSandbox | undefined;
  afterEach(() => sandbox?.close());

  /** A vendor at 90 % of its quota, spent by another client of the same account, and the ids of some of its contacts. */
  async function atNinetyPercent(vendor: Vendor, clock: ReturnType<typeof sharedClock>) {
    const world = testWorld();
    sandbox = await startSandbox(vendor.sandbox(world, clock.now));
    const truth = (await (await fetch(`${sandbox.url}/__sandbox/truth`)).json()) as Record<string, string[]>;
    const ids = Object.values(truth).flat().slice(0, 3);
    // The other client reads the quota its answers announce, as the gateway would, and spends until 10 % is left.
    let last: QuotaAnnouncement | undefined;
    const spy: RequestBudget = { acquire: async () => undefined, observe: (_request, quota) => void (last = quota) };
    const other = vendor.connector(sandbox.url, { requestBudget: spy });
    for (let i = 0; i < 10_000 && (!last || last.remaining > 0.1 * last.limit); i += 1) await other.getContacts(ids);
    expect(last && last.remaining / last.limit).toBeLessThanOrEqual(0.1);
    return { url: sandbox.url, ids };
  }

  /** The gateway's bounded run: `CALLS` reads in turn through the silo's request budget, each with a deadline it need not wait out. */
  async function run(vendor: Vendor, budget: RequestBudget, url: string, ids: string[], deadlineMs = 600_000) {
    const events: CallEvent[] = [];
    const connector = vendor.connector(url, { requestBudget: budget, onCall: (event) => void events.push(event) });
    let answered = 0;
    let limited = 0;
    for (let i = 0; i < CALLS; i += 1) {
      const failure = await connector.getContacts(ids, { deadline: Date.now() + deadlineMs }).then(() => null, (error: unknown) => error);
      if (failure === null) answered += 1;
      // Shopify throttles inside an HTTP 200: with one attempt, that is a SourceRateLimited from the vendor.
      else if (failure instanceof SourceRateLimited && failure.status !== undefined) limited += 1;
      else throw failure;
      if (limited > 0) break;
    }
    return { answered, throttled: events.filter((e) => e.status === 429).length + (vendor.source === 'ECOMMERCE' ? limited : 0), attempts: events.length };
  }

  const budgetFor = (source: Source, clock: ReturnType<typeof sharedClock>) => {
    const rule = RULES[source];
    if (!rule) throw new Error(`no rate rule for ${source}`);
    return createRequestBudget(source, rule, createLocalBucketStore(clock.now), { headroom: 0.9, now: clock.now, sleep: clock.sleep });
  };

  it.each(VENDORS)('$source: a bounded run at 90 % of the quota meets no 429, paced by the announced quota', async (vendor) => {
    const clock = sharedClock();
    const { url, ids } = await atNinetyPercent(vendor, clock);
    const started = clock.now();
    const result = await run(vendor, budgetFor(vendor.source, clock), url, ids);
    expect(result).toEqual({ answered: CALLS, throttled: 0, attempts: CALLS });
    // It did slow down: the waits it took came from the announced quota (the clock moves only by them).
    expect(clock.now()).toBeGreaterThan(started);
  });

  it.each(VENDORS)('$source: the same run paced by the buckets alone (no announced quota) meets a 429', async (vendor) => {
    const clock = sharedClock();
    const { url, ids } = await atNinetyPercent(vendor, clock);
    const budget = budgetFor(vendor.source, clock);
    // A short deadline: a 429's Retry-After is not waited out, the first one ends the run.
    const result = await run(vendor, { acquire: (request) => budget.acquire(request) }, url, ids, 2000);
    expect(result.throttled).toBeGreaterThan(0);
  });
});
