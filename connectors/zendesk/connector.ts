import {
  supportedKeys,
  type ContactConnector,
  type PrivacyConnector,
  type TicketSource,
} from '../../src/model/index.js';
import { createZendeskClient, type ZendeskHooks } from './client.js';
import { parseZendeskConfig, type ZendeskConfig } from './config.js';
import { zendeskContacts } from './contacts.js';
import { zendeskPrivacy } from './privacy.js';
import { zendeskTickets } from './tickets.js';

/** The reads of the Zendesk connector: end-users as contacts, and their tickets (`getTickets` included). */
type ZendeskReads = ContactConnector & TicketSource & ReturnType<typeof zendeskTickets>;

/** The Zendesk Support connector: end-users as contacts, their tickets, and their GDPR deletion. */
export interface ZendeskConnector extends ZendeskReads, PrivacyConnector {}

/** Creates the Zendesk Support connector from its config, validated here once. */
export function createZendeskConnector(config: ZendeskConfig, hooks: ZendeskHooks = {}): ZendeskConnector {
  const client = createZendeskClient(parseZendeskConfig(config), hooks);
  return {
    source: 'SUPPORT',
    system: 'zendesk',
    supports: supportedKeys(['email', 'phone', 'xref'], ['CRM']),
    ...zendeskContacts(client),
    ...zendeskTickets(client),
    ...zendeskPrivacy(client),
  };
}
