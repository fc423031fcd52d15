import { CONNECTOR_SETTINGS } from '../connectors/index.js';
import { GATEWAY_SETTINGS, composeSettings, type Environment, type SettingsOf } from './config/index.js';

const SLICES = { ...GATEWAY_SETTINGS, ...CONNECTOR_SETTINGS };

/**
 * Every setting of the product, composed at the root: the gateway's own slices (src/config) and the connectors' and
 * embedded sandboxes' (connectors/), which src/config may not import.
 */
export const SETTINGS = composeSettings(SLICES);

/** The product's settings, parsed once at start-up: one read-only typed slice per concern. */
export type Settings = SettingsOf<typeof SLICES>;

/** Parses the environment once; a SettingsError lists every invalid and unknown setting, never a value. */
export function loadSettings(env: Environment): Settings {
  return SETTINGS.parse(env);
}
