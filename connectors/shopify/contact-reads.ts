import {
  collectPages,
  type CallOptions,
  type ContactConnector,
  type ContactRecord,
  type FetchedPage,
} from '../../src/model/index.js';
import { inBatches } from '../shared/index.js';
import type { ShopifyClient } from './client.js';
import { findContacts } from './find-contacts.js';
import { CONCURRENCY, IDS_PER_CALL, PAGE_SIZE, isCustomerGid } from './limits.js';
import { toContactRecord } from './mapping.js';
import { CUSTOMERS_BY_IDS, CUSTOMERS_PAGE } from './queries.js';
import { customerNodesSchema, customersPageSchema } from './schemas.js';

const MAX_LIST_PAGES = 20;

/** The contact reads of the Shopify connector. */
export function createContactReads(client: ShopifyClient): Pick<ContactConnector, 'getContacts' | 'findContacts' | 'listContacts'> {
  async function customersPage(query: string | null, after: string | undefined, wanted: number, opts?: CallOptions): Promise<FetchedPage<ContactRecord, string>> {
    const variables = { first: Math.min(PAGE_SIZE, wanted), after: after ?? null, query };
    const { customers } = await client.query(CUSTOMERS_PAGE, variables, customersPageSchema, opts);
    const fetchedAt = new Date().toISOString();
    const { hasNextPage, endCursor } = customers.pageInfo;
    return { items: customers.edges.map((e) => toContactRecord(e.node, fetchedAt)), next: hasNextPage && endCursor ? endCursor : undefined };
  }

  return {
    async getContacts(ids, opts) {
      return inBatches(ids.filter(isCustomerGid), IDS_PER_CALL, async (batch) => {
        const { nodes } = await client.query(CUSTOMERS_BY_IDS, { ids: batch }, customerNodesSchema, opts);
        const fetchedAt = new Date().toISOString();
        const found = new Map<string, ContactRecord>();
        for (const node of nodes) if (node) found.set(node.id, toContactRecord(node, fetchedAt));
        return found;
      }, CONCURRENCY);
    },

    findContacts: (keys, opts) => findContacts(keys, customersPage, opts),

    async listContacts(window, opts) {
      const { items, next } = await collectPages<ContactRecord, string>(
        (after, wanted) => customersPage(null, after, wanted, opts),
        { limit: window.first, start: window.after ?? undefined, maxPages: MAX_LIST_PAGES },
      );
      return { items, next: next ?? null, totalCount: null };
    },
  };
}
