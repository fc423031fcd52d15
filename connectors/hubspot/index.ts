/** The HubSpot CRM connector and its sandbox. */
export { createHubSpotConnector } from './connector.js';
export { hubspotConfigFromEnv, type HubSpotConfig } from './config.js';
export { createHubSpotSandbox } from './sandbox/index.js';
export { HUBSPOT_SANDBOX_CREDENTIALS } from './sandbox/credentials.js';
