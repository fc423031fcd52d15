import {
  collectPages,
  SourceUnavailable,
  type CallOptions,
  type ContactConnector,
  type ContactRecord,
  type ListWindow,
  type Page,
} from '../../src/model/index.js';
import { inBatches } from '../shared/index.js';
import type { SquareClient } from './client.js';
import type { ResolvedSquareConfig } from './config.js';
import { createSquareFinder } from './find-contacts.js';
import { toContactRecord } from './mapping.js';
import type { SquareCustomer } from './schemas.js';

/** BulkRetrieveCustomers takes at most this many ids per call. */
export const BULK_RETRIEVE_LIMIT = 100;
/** ListCustomers pages hold at most this many profiles. */
const LIST_PAGE_LIMIT = 100;

type ContactMethods = Pick<ContactConnector, 'getContacts' | 'findContacts' | 'listContacts'>;

/** The contact half of the Square connector: bulk-retrieve, search by key (or one listing for many keys) and the customer listing. */
export function createContactReader(client: SquareClient, config: ResolvedSquareConfig): ContactMethods {
  async function getContacts(ids: readonly string[], opts?: CallOptions): Promise<Map<string, ContactRecord>> {
    const fetchedAt = new Date().toISOString();
    const wanted = ids.filter((id) => id !== '');
    return inBatches(wanted, BULK_RETRIEVE_LIMIT, async (batch) => {
      const { responses } = await client.bulkRetrieveCustomers(batch, opts);
      const found = new Map<string, ContactRecord>();
      for (const id of batch) {
        const entry = responses[id];
        if (entry?.customer) found.set(id, toContactRecord(entry.customer, fetchedAt));
        // NOT_FOUND is Square's way of saying "no such id"; any other per-id error means it could not answer.
        const failure = entry?.errors?.find((error) => error.code !== 'NOT_FOUND');
        if (failure && !entry?.customer) {
          throw new SourceUnavailable('POS', `bulk retrieve failed for some customers (${failure.category})`);
        }
      }
      return found;
    });
  }

  async function listContacts(window: ListWindow, opts?: CallOptions): Promise<Page<ContactRecord>> {
    if (window.first <= 0) return { items: [], next: window.after ?? null, totalCount: null };
    const fetchedAt = new Date().toISOString();
    let totalCount: number | null = null;
    const { items, next } = await collectPages<SquareCustomer, string>(
      async (cursor, wanted) => {
        const page = await client.listCustomers({ limit: Math.min(LIST_PAGE_LIMIT, wanted), cursor }, opts);
        totalCount = page.count ?? totalCount;
        return { items: page.customers ?? [], next: page.cursor };
      },
      { limit: window.first, maxPages: config.maxPages, start: window.after ?? undefined },
    );
    return { items: items.map((customer) => toContactRecord(customer, fetchedAt)), next: next ?? null, totalCount };
  }

  return {
    getContacts,
    listContacts,
    findContacts: createSquareFinder(client, config),
  };
}
