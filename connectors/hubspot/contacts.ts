import {
  collectPages,
  type CallOptions,
  type ContactConnector,
  type ContactRecord,
  type ListWindow,
  type Page,
} from '../../src/model/index.js';
import { inBatches } from '../shared/index.js';
import type { HubSpotClient } from './client.js';
import { createContactFinder } from './find-contacts.js';
import { HUBSPOT_LIMITS, isHubSpotId } from './limits.js';
import { toContactRecord } from './mapping.js';
import type { HubSpotContact } from './schemas.js';

const now = () => new Date().toISOString();

/** The contact reads of the HubSpot connector: by id, by lookup key, by listing, and by email address. */
export function createContactReads(client: HubSpotClient, { concurrency, maxPages }: { concurrency: number; maxPages: number }) {
  async function getContacts(ids: readonly string[], opts?: CallOptions) {
    // HubSpot ids are numeric: anything else cannot exist, so it costs no request.
    const wanted = ids.filter(isHubSpotId);
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

  /** A contact by its email address (`idProperty=email`), or null. */
  async function getContactByEmail(email: string, opts?: CallOptions) {
    const contact = await client.get(email.trim(), opts, 'email');
    return contact && toContactRecord(contact, now());
  }

  return {
    getContacts,
    findContacts: createContactFinder(client, { concurrency, maxPages }),
    listContacts,
    getContactByEmail,
  } satisfies Pick<ContactConnector, 'getContacts' | 'findContacts' | 'listContacts'> & Record<string, unknown>;
}
