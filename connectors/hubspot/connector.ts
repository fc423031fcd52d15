import {
  supportedKeys,
  type CallOptions,
  type ConnectorHooks,
  type ConsentFact,
  type ContactConnector,
  type ContactRecord,
  type CrmHistorySource,
  type FeedbackSource,
  type PrivacyConnector,
} from '../../src/model/index.js';
import { createAssociationReads } from './associations.js';
import { createHubSpotClient } from './client.js';
import { parseHubSpotConfig, type HubSpotConfig } from './config.js';
import { createContactReads } from './contacts.js';
import { createCrmHistoryReads } from './crm-history.js';
import { createFeedbackReads } from './feedback.js';
import type { HubSpotAssociationTarget } from './limits.js';
import { createPrivacyOperations } from './privacy.js';

/** The CRM connector: contacts by id, by lookup key and by listing, plus NPS answers, lifecycle and consent history, associations, email subscriptions and privacy operations. */
export interface HubSpotConnector extends ContactConnector, PrivacyConnector, FeedbackSource, CrmHistorySource {
  /** A contact by its email address (`idProperty=email`), or null. */
  getContactByEmail(email: string, opts?: CallOptions): Promise<ContactRecord | null>;
  /** The ids of the companies or deals each contact is associated with; every requested id gets an entry. */
  associationsFor(contactIds: readonly string[], to: HubSpotAssociationTarget, opts?: CallOptions): Promise<Map<string, string[]>>;
  /** Marketing email consent as communication preferences state it (one call per address). */
  emailConsent(email: string, opts?: CallOptions): Promise<ConsentFact>;
  /**
   * Permanently deletes a contact (GDPR delete) by record id, or by email address (HubSpot then also blocklists
   * the address). Resolves false when no record has that id. A write: sent once, never retried blindly.
   */
  eraseContact(target: { recordId: string } | { email: string }, opts?: CallOptions): Promise<boolean>;
}

/** Creates the HubSpot connector from validated settings; `onCall` observes every upstream attempt, budgets pace them. */
export function createHubSpotConnector(config: HubSpotConfig, hooks: ConnectorHooks = {}): HubSpotConnector {
  const settings = parseHubSpotConfig(config);
  const client = createHubSpotClient(settings, hooks);
  const paging = { concurrency: settings.concurrency, maxPages: settings.maxPages };

  return {
    source: 'CRM',
    system: 'hubspot',
    supports: supportedKeys(['email', 'phone', 'name', 'familyName', 'xref'], ['ECOMMERCE']),
    ...createContactReads(client, paging),
    ...createAssociationReads(client, paging),
    ...createFeedbackReads(client, paging),
    ...createCrmHistoryReads(client, paging),
    ...createPrivacyOperations(client, settings.marketingSubscriptionId),
  };
}
