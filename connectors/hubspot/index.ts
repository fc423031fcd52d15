/** The HubSpot CRM connector and its sandbox. */
export { createHubSpotConnector } from './connector.js';
export { hubspotSettings, resolveHubSpotConfig, type HubSpotConfig, type HubSpotTarget } from './config.js';
export { createHubSpotSandbox, HUBSPOT_SANDBOX_CREDENTIALS } from './sandbox/index.js';
