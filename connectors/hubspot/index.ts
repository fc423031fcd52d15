/** The HubSpot CRM connector, its configuration and its sandbox. */
export { createHubSpotConnector, type HubSpotConnector } from './connector.js';
export { hubspotSettings, resolveHubSpotConfig, type HubSpotConfig, type HubSpotTarget } from './config.js';
export { createHubSpotSandbox, HUBSPOT_SANDBOX_CREDENTIALS, type HubSpotSandboxOptions } from './sandbox/index.js';
export { isHubSpotId } from './limits.js';
