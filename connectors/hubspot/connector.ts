import {
  collectPages,
  supportedKeys,
  type CallOptions,
  type ConnectorHooks,
  type ConsentFact,
  type ContactConnector,
  type ContactRecord,
  type ListWindow,
  type Page,
  type PrivacyConnector,
} from '../../src/model/index.js';
import { inBatches } from '../shared/index.js';
import { createHubSpotClient } from './client.js';
import { parseHubSpotConfig, type HubSpotConfig } from './config.js';
import { createContactFinder } from './find-contacts.js';
import { HUBSPOT_LIMITS, type HubSpotAssociationTarget } from './limits.js';
import { toContactRecord, toEmailConsent } from './mapping.js';
import { createHubSpotPrivacy } from './privacy.js';
import type { HubSpotContact } from './schemas.js';

/** The CRM connector: contacts by id, by lookup key and by listing, plus associations, email subscriptions and privacy operations. */
export interface HubSpotConnector extends ContactConnector, PrivacyConnector {
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

const HUBSPOT_ID = /^\d+$/;
const now = () => new Date().toISOString();

/** Creates the HubSpot connector from validated settings; `onCall` observes every upstream attempt, budgets pace them. */
export function createHubSpotConnector(config: HubSpotConfig, hooks: ConnectorHooks = {}): HubSpotConnector {
  const settings = parseHubSpotConfig(config);
  const client = createHubSpotClient(settings, hooks);
  const { concurrency, maxPages } = settings;
  const findContacts = createContactFinder(client, { concurrency, maxPages });

  async function getContacts(ids: readonly string[], opts?: CallOptions) {
    // HubSpot ids are numeric: anything else cannot exist, so it costs no request.
    const wanted = ids.filter((id) => HUBSPOT_ID.test(id));
    return inBatches(wanted, HUBSPOT_LIMITS.batchRead, async (batch) => {
      const { results } = await client.batchRead(batch, opts);
      const fetchedAt = now();
      const asked = new Set(batch);
      return new Map(results.filter((c) => asked.has(c.id)).map((c) => [c.id, toContactRecord(c, fetchedAt)] as const));
    }, concurrency);
  }

  async function listContacts(window: ListWindow, opts?: CallOptions): Promise<Page<ContactRecord>> {
    const limit = Math.max(0, Math.floor(window.first));
    if (limit === 0) return { items: [], next: window.after ?? null, totalCount: null };
    const page = await collectPages<HubSpotContact, string>(async (after, wanted) => {
      const data = await client.list(wanted, after, opts);
      return { items: data.results, next: data.paging?.next?.after };
    }, { limit, maxPages, start: window.after ?? undefined });
    const fetchedAt = now();
    return { items: page.items.map((c) => toContactRecord(c, fetchedAt)), next: page.next ?? null, totalCount: null };
  }

  async function getContactByEmail(email: string, opts?: CallOptions) {
    const contact = await client.get(email.trim(), opts, 'email');
    return contact && toContactRecord(contact, now());
  }

  async function associationsFor(contactIds: readonly string[], to: HubSpotAssociationTarget, opts?: CallOptions) {
    const wanted = contactIds.filter((id) => HUBSPOT_ID.test(id));
    const read = await inBatches(wanted, HUBSPOT_LIMITS.associationsBatchRead, async (batch) => {
      const { results } = await client.associationsBatch(to, batch, opts);
      const out = new Map<string, string[]>();
      for (const result of results) {
        const ids = result.to.map((t) => t.toObjectId);
        // A contact with more associations than one batch page holds is followed up on its own.
        let after = result.paging?.next?.after;
        for (let page = 1; after !== undefined && page < maxPages; page++) {
          const more = await client.associationsOf(result.from.id, to, after, opts);
          ids.push(...(more?.results.map((t) => t.toObjectId) ?? []));
          after = more?.paging?.next?.after;
        }
        out.set(result.from.id, [...new Set(ids)]);
      }
      return out;
    }, concurrency);
    return new Map(contactIds.map((id) => [id, read.get(id) ?? []]));
  }

  async function emailConsent(email: string, opts?: CallOptions) {
    return toEmailConsent(await client.subscriptionStatus(email.trim(), opts));
  }

  async function eraseContact(target: { recordId: string } | { email: string }, opts?: CallOptions) {
    const answer = 'email' in target ? await client.gdprDelete(target.email.trim(), opts, 'email') : await client.gdprDelete(target.recordId, opts);
    return answer.found;
  }

  return {
    source: 'CRM',
    system: 'hubspot',
    supports: supportedKeys(['email', 'phone', 'name', 'familyName', 'xref'], ['ECOMMERCE']),
    getContacts,
    findContacts,
    listContacts,
    getContactByEmail,
    associationsFor,
    emailConsent,
    eraseContact,
    ...createHubSpotPrivacy(client, settings.marketingSubscriptionId),
  };
}
