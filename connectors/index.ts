import type { CallEvent, ConnectorHooks, PrivacySilos, SiloBudgetHooks, Silos, Source, System } from '../src/model/index.js';
import { generateWorld, startSandbox, type RunningSandbox } from './sandbox-kit/index.js';
import type { ConnectorConfigs } from './connector-settings.js';
import { HUBSPOT_SANDBOX_CREDENTIALS, createHubSpotConnector, createHubSpotSandbox } from './hubspot/index.js';
import { SHOPIFY_SANDBOX_CREDENTIALS, createShopifyConnector, createShopifySandbox } from './shopify/index.js';
import { SQUARE_SANDBOX_CREDENTIALS, createSquareConnector, createSquareSandbox } from './square/index.js';
import { ZENDESK_SANDBOX_CREDENTIALS, createZendeskConnector, createZendeskSandbox } from './zendesk/index.js';

export { CONNECTOR_SETTINGS, connectorConfigs, sandboxedSystems, webhookSecretsOf, type ConnectorConfigs, type ConnectorTargets } from './connector-settings.js';

/** Every vendor the gateway speaks, in the order silos are reported. */
export const SYSTEMS: readonly System[] = ['hubspot', 'shopify', 'zendesk', 'square'];

/**
 * The settings that point a gateway in another process at running sandboxes: each vendor's base URL with
 * the credentials (and webhook secrets) its sandbox accepts.
 */
export function sandboxSettings(urls: ReadonlyMap<System, string>): Record<string, string> {
  const per: Record<System, (url: string) => Record<string, string>> = {
    hubspot: (url) => ({ HUBSPOT_BASE_URL: url, HUBSPOT_ACCESS_TOKEN: HUBSPOT_SANDBOX_CREDENTIALS.accessToken, HUBSPOT_CLIENT_SECRET: HUBSPOT_SANDBOX_CREDENTIALS.clientSecret }),
    shopify: (url) => ({ SHOPIFY_BASE_URL: url, SHOPIFY_ACCESS_TOKEN: SHOPIFY_SANDBOX_CREDENTIALS.accessToken }),
    zendesk: (url) => ({ ZENDESK_BASE_URL: url, ZENDESK_EMAIL: ZENDESK_SANDBOX_CREDENTIALS.email, ZENDESK_API_TOKEN: ZENDESK_SANDBOX_CREDENTIALS.apiToken }),
    square: (url) => ({ SQUARE_BASE_URL: url, SQUARE_ACCESS_TOKEN: SQUARE_SANDBOX_CREDENTIALS.accessToken, SQUARE_SIGNATURE_KEY: SQUARE_SANDBOX_CREDENTIALS.signatureKey }),
  };
  return Object.assign({}, ...[...urls].map(([system, url]) => per[system](url))) as Record<string, string>;
}

/** Settings of the embedded sandboxes. */
export interface SandboxSettings {
  seed: number;
  people: number;
  latencyMs: number;
  systems?: readonly System[];
  host?: string;
  /** How long the Shopify sandbox defers a requested customer erasure, as Shopify does (ms). */
  shopifyErasureDelayMs?: number;
}

/** Starts the sandboxes of the given vendors over one shared generated world. */
export async function startSandboxes(settings: SandboxSettings): Promise<Map<System, RunningSandbox>> {
  const running = new Map<System, RunningSandbox>();
  // Every silo configured against a real account: nothing to generate.
  if (settings.systems?.length === 0) return running;
  const world = generateWorld({ seed: settings.seed, people: settings.people });
  const definitions = {
    hubspot: () => createHubSpotSandbox(world),
    shopify: () => createShopifySandbox(world, settings.shopifyErasureDelayMs === undefined ? {} : { erasureDelayMs: settings.shopifyErasureDelayMs }),
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

/**
 * Creates the four connectors from their validated configs (`connectorConfigs`). `onCall` observes every upstream
 * attempt; `budgets` gives each silo's HTTP client its retry and request budgets.
 */
export function createSilos(
  configs: ConnectorConfigs,
  onCall?: (event: CallEvent) => void,
  budgets?: SiloBudgetHooks,
): Silos & { privacy: PrivacySilos } {
  const hooks = (source: Source): ConnectorHooks => ({ ...(onCall ? { onCall } : {}), ...budgets?.(source) });
  const hubspot = createHubSpotConnector(configs.hubspot, hooks('CRM'));
  const shopify = createShopifyConnector(configs.shopify, hooks('ECOMMERCE'));
  const zendesk = createZendeskConnector(configs.zendesk, hooks('SUPPORT'));
  const square = createSquareConnector(configs.square, hooks('POS'));
  return {
    contacts: { CRM: hubspot, ECOMMERCE: shopify, SUPPORT: zendesk, POS: square },
    orders: shopify,
    pos: square,
    tickets: zendesk,
    privacy: { CRM: hubspot, ECOMMERCE: shopify, SUPPORT: zendesk, POS: square },
  };
}
