import { SOURCES, SYSTEM_OF, type System } from '../src/model/index.js';
import { embeddedSandboxSettings } from './embedded-sandbox-settings.js';
import { hubspotSettings, resolveHubSpotConfig, type HubSpotTarget } from './hubspot/index.js';
import { resolveShopifyConfig, shopifySettings, type ShopifyTarget } from './shopify/index.js';
import { resolveSquareConfig, squareSettings, type SquareTarget } from './square/index.js';
import { resolveZendeskConfig, zendeskSettings, type ZendeskTarget } from './zendesk/index.js';

/**
 * The slices of the settings that connectors/ owns, by the concern that receives each: the embedded sandboxes'
 * and each vendor's. The composition root composes them with the gateway's (src/config) and parses them once.
 */
export const CONNECTOR_SETTINGS = {
  sandboxes: embeddedSandboxSettings,
  hubspot: hubspotSettings,
  shopify: shopifySettings,
  zendesk: zendeskSettings,
  square: squareSettings,
} as const;

/** Each vendor's target as the parsed settings give it: a configured account, or the embedded sandbox. */
export interface ConnectorTargets {
  hubspot: HubSpotTarget;
  shopify: ShopifyTarget;
  zendesk: ZendeskTarget;
  square: SquareTarget;
}

/** Each connector's validated config, ready for its factory. */
export interface ConnectorConfigs {
  hubspot: ReturnType<typeof resolveHubSpotConfig>;
  shopify: ReturnType<typeof resolveShopifyConfig>;
  zendesk: ReturnType<typeof resolveZendeskConfig>;
  square: ReturnType<typeof resolveSquareConfig>;
}

const SYSTEMS = SOURCES.map((source) => SYSTEM_OF[source]);

/** The vendors with no base URL configured: they run as embedded sandboxes. */
export function sandboxedSystems(targets: ConnectorTargets): System[] {
  return SYSTEMS.filter((system) => targets[system].target === 'sandbox');
}

/** Each connector's config: a configured account's as validated, a sandboxed vendor's pointed at its running sandbox. */
export function connectorConfigs(targets: ConnectorTargets, sandboxUrls: ReadonlyMap<System, string>): ConnectorConfigs {
  const at = (system: System) => ({ sandboxUrl: sandboxUrls.get(system) });
  return {
    hubspot: resolveHubSpotConfig(targets.hubspot, at('hubspot')),
    shopify: resolveShopifyConfig(targets.shopify, at('shopify')),
    zendesk: resolveZendeskConfig(targets.zendesk, at('zendesk')),
    square: resolveSquareConfig(targets.square, at('square')),
  };
}

/** The secret each connector's config holds for verifying its vendor's webhooks, where it holds one. */
export function webhookSecretsOf(configs: ConnectorConfigs): Partial<Record<System, string>> {
  const secrets = { hubspot: configs.hubspot.clientSecret, shopify: configs.shopify.webhookSecret, zendesk: configs.zendesk.webhookSecret, square: configs.square.signatureKey };
  return Object.fromEntries(Object.entries(secrets).filter(([, secret]) => secret !== undefined));
}
