/** Runtime settings: read once from the environment, validated, typed. */
export { loadSettings, type Settings } from './settings.js';
export { loadGatewaySecret, deriveKey } from './secret.js';
