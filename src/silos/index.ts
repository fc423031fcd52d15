/** The four silos as the gateway uses them; the bundle types live with the connector contract, in src/model. */
export type { PrivacySilos, Silos } from '../model/index.js';
