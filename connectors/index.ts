import type { CallEvent, ConnectorHooks, PrivacySilos, SiloBudgetHooks, Silos, Source, System } from '../src/model/index.js';
import { generateWorld, startSandbox, type RunningSandbox, type World } from './sandbox-kit/index.js';
import type { ConnectorConfigs } from './connector-settings.js';
import { loadWorldFile } from './world-file.js';
import { createHubSpotConnector, createHubSpotSandbox } from './hubspot/index.js';
import { createShopifyConnector, createShopifySandbox } from './shopify/index.js';
import { createSquareConnector, createSquareSandbox } from './square/index.js';
import { createZendeskConnector, createZendeskSandbox } from './zendesk/index.js';

export { CONNECTOR_SETTINGS, connectorConfigs, sandboxedSystems, webhookSecretsOf, type ConnectorConfigs, type ConnectorTargets } from './connector-settings.js';
export { loadWorldFile, parseWorldFile, writeWorldFile } from './world-file.js';
export { WorldFileError, WORLD_FILE_SETTING, type WorldFileIssue } from './sandbox-kit/index.js';
export { worldSchema } from './world-schema.js';
export {
  parseSettingsLines,
  sandboxSettings,
  sandboxWebhookSecretSettings,
  settingsLines,
  WEBHOOK_SECRET_SETTING,
  type SandboxEndpoint,
} from './sandbox-settings.js';

/** Every vendor the gateway speaks, in the order silos are reported. */
export const SYSTEMS: readonly System[] = ['hubspot', 'shopify', 'zendesk', 'square'];

/** Settings of the embedded sandboxes. */
export interface SandboxSettings {
  seed: number;
  people: number;
  /** A world file (SANDBOX_WORLD_FILE) served instead of the world generated from `seed` and `people`. */
  worldFile?: string;
  latencyMs: number;
  systems?: readonly System[];
  host?: string;
  /** How long the Shopify sandbox defers a requested customer erasure, as Shopify does (ms). */
  shopifyErasureDelayMs?: number;
  /** The keys the sandboxes sign webhooks with; a sandbox without one generates its own (`RunningSandbox.webhookSecret`). */
  webhookSecrets?: Partial<Readonly<Record<System, string>>>;
}

/** The world the sandboxes serve: the world file's when one is set (a WorldFileError names its every fault), else the generated one. */
export function sandboxWorld(settings: Pick<SandboxSettings, 'seed' | 'people' | 'worldFile'>): World {
  return settings.worldFile === undefined ? generateWorld({ seed: settings.seed, people: settings.people }) : loadWorldFile(settings.worldFile);
}

/** Starts the sandboxes of the given vendors over one shared world, generated or read from a world file. */
export async function startSandboxes(settings: SandboxSettings): Promise<Map<System, RunningSandbox>> {
  const running = new Map<System, RunningSandbox>();
  // Every silo configured against a real account: nothing to generate.
  if (settings.systems?.length === 0) return running;
  const world = sandboxWorld(settings);
  const definitions = {
    hubspot: () => createHubSpotSandbox(world),
    shopify: () => createShopifySandbox(world, settings.shopifyErasureDelayMs === undefined ? {} : { erasureDelayMs: settings.shopifyErasureDelayMs }),
    zendesk: () => createZendeskSandbox(world),
    square: () => createSquareSandbox(world),
  } as const;
  try {
    for (const system of settings.systems ?? SYSTEMS) {
      const webhookSecret = settings.webhookSecrets?.[system];
      running.set(system, await startSandbox(definitions[system](), { host: settings.host ?? '127.0.0.1', port: 0, baseLatencyMs: settings.latencyMs, ...(webhookSecret ? { webhookSecret } : {}) }));
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
    feedback: hubspot,
    crmHistory: hubspot,
    privacy: { CRM: hubspot, ECOMMERCE: shopify, SUPPORT: zendesk, POS: square },
  };
}
