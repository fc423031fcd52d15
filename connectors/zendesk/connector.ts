import {
  supportedKeys,
  type ContactConnector,
  type PrivacyConnector,
  type TicketSource,
} from '../../src/model/index.js';
import { createRequestMemo } from '../shared/index.js';
import { createZendeskClient, type ZendeskHooks } from './client.js';
import { parseZendeskConfig, type ZendeskConfig } from './config.js';
import { createContactReads } from './contacts.js';
import { createPrivacyOperations } from './privacy.js';
import type { ZendeskUser } from './schemas.js';
import { createTicketReads } from './tickets.js';

/** The reads of the Zendesk connector: end-users as contacts, and their tickets (`getTickets` included). */
type ZendeskReads = ContactConnector & TicketSource & ReturnType<typeof createTicketReads>;

/** The Zendesk Support connector: end-users as contacts, their tickets, and their GDPR deletion. */
export interface ZendeskConnector extends ZendeskReads, PrivacyConnector {}

/** Creates the Zendesk Support connector from its config, validated here once. */
export function createZendeskConnector(config: ZendeskConfig, hooks: ZendeskHooks = {}): ZendeskConnector {
  const client = createZendeskClient(parseZendeskConfig(config), hooks);
  // Users sideloaded with a ticket, kept for the rest of the request that read it.
  const sideloaded = createRequestMemo<ZendeskUser>();
  return {
    source: 'SUPPORT',
    system: 'zendesk',
    supports: supportedKeys(['email', 'phone', 'xref'], ['CRM']),
    // A user's email and external_id are unique within a Zendesk account: one user at most holds an address or
    // points at a CRM record.
    holdsUniquely: (key) => key.kind === 'email' || (key.kind === 'xref' && key.source === 'CRM'),
    ...createContactReads(client, sideloaded),
    ...createTicketReads(client, sideloaded),
    ...createPrivacyOperations(client),
  };
}
