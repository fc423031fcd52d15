import { supportedKeys, type ContactConnector, type TicketSource } from '../shared/index.js';
import { createZendeskClient, type ZendeskHooks } from './client.js';
import { parseZendeskConfig, type ZendeskConfig } from './config.js';
import { zendeskContacts } from './contacts.js';
import { zendeskTickets } from './tickets.js';

/** The Zendesk Support connector: end-users as contacts, and their tickets. */
export type ZendeskConnector = ContactConnector & TicketSource & ReturnType<typeof zendeskTickets>;

/** Creates the Zendesk Support connector from its config, validated here once. */
export function createZendeskConnector(config: ZendeskConfig, hooks: ZendeskHooks = {}): ZendeskConnector {
  const client = createZendeskClient(parseZendeskConfig(config), hooks);
  return {
    source: 'SUPPORT',
    system: 'zendesk',
    supports: supportedKeys(['email', 'phone', 'xref'], ['CRM']),
    ...zendeskContacts(client),
    ...zendeskTickets(client),
  };
}
