import {
  supportedKeys,
  type ConnectorHooks,
  type ContactConnector,
  type PosSource,
  type PrivacyConnector,
} from '../../src/model/index.js';
import { createSquareClient } from './client.js';
import { parseSquareConfig, type SquareConfig } from './config.js';
import { createContactReader } from './contacts.js';
import { createPrivacyOperations } from './privacy.js';
import { createTransactionReader } from './transactions.js';

/** What the Square connector offers: the POS silo's people, their point-of-sale orders and their erasure. */
export interface SquareConnector extends ContactConnector, PosSource, PrivacyConnector {}

/** Creates the Square (POS) connector; the config is validated here, once. */
export function createSquareConnector(
  config: SquareConfig,
  hooks: ConnectorHooks = {},
): SquareConnector {
  const resolved = parseSquareConfig(config);
  const client = createSquareClient(resolved, hooks);
  return {
    source: 'POS',
    system: 'square',
    supports: supportedKeys(['email', 'phone', 'xref'], ['CRM']),
    ...createContactReader(client, resolved),
    ...createTransactionReader(client, resolved),
    ...createPrivacyOperations(client),
  };
}
