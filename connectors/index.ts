import type { Source, System } from '../src/model/index.js';
import type { Silos } from '../src/silos/index.js';
import type { CallEvent, HttpClientHooks } from './shared/index.js';
import { generateWorld, startSandbox, type RunningSandbox } from './sandbox-kit/index.js';
import { createHubSpotConnector, createHubSpotSandbox, hubspotConfigFromEnv } from './hubspot/index.js';
import { createShopifyConnector, createShopifySandbox, shopifyConfigFromEnv } from './shopify/index.js';
import { createSquareConnector, createSquareSandbox, squareConfigFromEnv } from './square/index.js';
import { createZendeskConnector, createZendeskSandbox, zendeskConfigFromEnv } from './zendesk/index.js';

/** Every vendor the gateway speaks, in the order silos are reported. */
export const SYSTEMS: readonly System[] = ['hubspot', 'shopify', 'zendesk', 'square'];

const BASE_URL_SETTING: Readonly<Record<System, string>> = {
  hubspot: 'HUBSPOT_BASE_URL',
  shopify: 'SHOPIFY_BASE_URL',
  zendesk: 'ZENDESK_BASE_URL',
  square: 'SQUARE_BASE_URL',
};

/** The vendors with no base URL configured: they run as embedded sandboxes. */
export function systemsWithoutBaseUrl(env: Readonly<Record<string, string | undefined>>): System[] {
  return SYSTEMS.filter((s) => !env[BASE_URL_SETTING[s]]);
}

/** Settings of the embedded sandboxes. */
export interface SandboxSettings {
  seed: number;
  people: number;
  latencyMs: number;
  systems?: readonly System[];
  host?: string;
}

/** Starts the sandboxes of the given vendors over one shared generated world. */
export async function startSandboxes(settings: SandboxSettings): Promise<Map<System, RunningSandbox>> {
  const running = new Map<System, RunningSandbox>();
  // Every silo configured against a real account: nothing to generate.
  if (settings.systems?.length === 0) return running;
  const world = generateWorld({ seed: settings.seed, people: settings.people });
  const definitions = {
    hubspot: () => createHubSpotSandbox(world),
    shopify: () => createShopifySandbox(world),
    zendesk: () => createZendeskSandbox(world),
    square: () => createSquareSandbox(world),
  } as const;
  try {
    for (const system of settings.systems ?? SYSTEMS) {
      running.set(system, await startSandbox(definitions[system](), { host: settings.host ?? '127.0.0.1', port: 0, baseLatencyMs: settings.latencyMs }));
    }
  } catch (error) {
    await Promise.all([...running.values()].map((s) => s.close()));
    throw error;
  }
  return running;
}

/** A silo's retry and request budgets, handed to its connector's HTTP client (src/resilience makes them). */
export type SiloBudgetHooks = (source: Source) => Pick<HttpClientHooks, 'retryBudget' | 'requestBudget'>;

/**
 * Creates the four connectors from the environment; a vendor without a base URL uses its sandbox's URL.
 * `onCall` observes every upstream attempt; `budgets` gives each silo's HTTP client its retry and request budgets.
 */
export function createSilos(
  env: Readonly<Record<string, string | undefined>>,
  sandboxUrls: ReadonlyMap<System, string>,
  onCall?: (event: CallEvent) => void,
  budgets?: SiloBudgetHooks,
): Silos {
  const hooks = (source: Source): HttpClientHooks => ({ ...(onCall ? { onCall } : {}), ...budgets?.(source) });
  const hubspot = createHubSpotConnector(hubspotConfigFromEnv(env, { sandboxUrl: sandboxUrls.get('hubspot') }), hooks('CRM'));
  const shopify = createShopifyConnector(shopifyConfigFromEnv(env, { sandboxUrl: sandboxUrls.get('shopify') }), hooks('ECOMMERCE'));
  const zendesk = createZendeskConnector(zendeskConfigFromEnv(env, { sandboxUrl: sandboxUrls.get('zendesk') }), hooks('SUPPORT'));
  const square = createSquareConnector(squareConfigFromEnv(env, { sandboxUrl: sandboxUrls.get('square') }), hooks('POS'));
  return {
    contacts: { CRM: hubspot, ECOMMERCE: shopify, SUPPORT: zendesk, POS: square },
    orders: shopify,
    pos: square,
    tickets: zendesk,
  };
}
