/** The HubSpot CRM sandbox: the imitation API the connector's tests and `npm run sandbox` serve. */
export { createHubSpotSandbox, type HubSpotSandboxOptions } from './sandbox.js';
export { HUBSPOT_SANDBOX_CREDENTIALS, type HubSpotSandboxCredentials } from './credentials.js';
