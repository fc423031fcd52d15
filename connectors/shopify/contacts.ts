import {
  collectPages,
  SourceBadResponse,
  type CallOptions,
  type ContactConnector,
  type ContactRecord,
  type FetchedPage,
} from '../../src/model/index.js';
import { inBatches } from '../shared/index.js';
import type { ShopifyClient } from './client.js';
import { findContacts, type Search } from './find-contacts.js';
import { CONCURRENCY, IDS_PER_CALL, PAGE_SIZE, isCustomerGid } from './limits.js';
import { toContactRecord } from './mapping.js';
import { keepPrefetchedOrders, type PrefetchedOrderMemo } from './prefetched-orders.js';
import { CUSTOMERS_BY_IDS, CUSTOMERS_PAGE, customerSearches, searchAlias } from './queries.js';
import { customerNodesSchema, customerSearchesSchema, customersPageSchema, type ShopifyCustomerWithOrders } from './schemas.js';

const MAX_LIST_PAGES = 20;

type Connection = { edges: { node: ShopifyCustomerWithOrders }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };

/**
 * The contact reads of the Shopify connector. Customers read by id or found by email or phone come with their newest
 * orders, kept in `prefetched` for the orders facet of the same request (name searches and listings, whose customers
 * are mostly not the ones wanted, come without).
 */
export function createContactReads(client: ShopifyClient, prefetched: PrefetchedOrderMemo): Pick<ContactConnector, 'getContacts' | 'findContacts' | 'listContacts'> {
  const record = (customer: ShopifyCustomerWithOrders, fetchedAt: string, opts?: CallOptions) => {
    keepPrefetchedOrders(prefetched, opts?.scope, customer, fetchedAt);
    return toContactRecord(customer, fetchedAt);
  };
  const toPage = (connection: Connection, opts?: CallOptions): FetchedPage<ContactRecord, string> => {
    const fetchedAt = new Date().toISOString();
    const { hasNextPage, endCursor } = connection.pageInfo;
    return { items: connection.edges.map((e) => record(e.node, fetchedAt, opts)), next: hasNextPage && endCursor ? endCursor : undefined };
  };

  async function customersPage(query: string | null, after: string | undefined, wanted: number, opts?: CallOptions, withOrders = true): Promise<FetchedPage<ContactRecord, string>> {
    const variables = { first: Math.min(PAGE_SIZE, wanted), after: after ?? null, query };
    const { customers } = await client.query(withOrders ? CUSTOMERS_PAGE : customerSearches([false]), variables, customersPageSchema, opts);
    return toPage(customers, opts);
  }

  /** One page of each search, all in one operation (aliased searches); a single search is a plain `customers` page. */
  async function searchPages(searches: readonly Search[], opts?: CallOptions): Promise<FetchedPage<ContactRecord, string>[]> {
    const [only] = searches;
    if (searches.length === 1 && only) return [await customersPage(only.query, only.after, PAGE_SIZE, opts, only.withOrders)];
    const variables: Record<string, unknown> = { first: PAGE_SIZE };
    searches.forEach((search, i) => {
      variables[`q${i}`] = search.query;
      variables[`a${i}`] = search.after ?? null;
    });
    const data = await client.query(customerSearches(searches.map((s) => s.withOrders)), variables, customerSearchesSchema, opts);
    return searches.map((_, i) => {
      const connection = data[searchAlias(i)];
      if (!connection) throw new SourceBadResponse('ECOMMERCE', 'left out an aliased search', 200);
      return toPage(connection, opts);
    });
  }

  return {
    async getContacts(ids, opts) {
      return inBatches(ids.filter(isCustomerGid), IDS_PER_CALL, async (batch) => {
        const { nodes } = await client.query(CUSTOMERS_BY_IDS, { ids: batch }, customerNodesSchema, opts);
        const fetchedAt = new Date().toISOString();
        const found = new Map<string, ContactRecord>();
        for (const node of nodes) if (node) found.set(node.id, record(node, fetchedAt, opts));
        return found;
      }, CONCURRENCY);
    },

    findContacts: (keys, opts) => findContacts(keys, searchPages, opts),

    async listContacts(window, opts) {
      const { items, next } = await collectPages<ContactRecord, string>(
        (after, wanted) => customersPage(null, after, wanted, opts, false),
        { limit: window.first, start: window.after ?? undefined, maxPages: MAX_LIST_PAGES },
      );
      return { items, next: next ?? null, totalCount: null };
    },
  };
}
