import DataLoader from 'dataloader';
import { emailKey, shopifyOf } from './customer.js';
import type { HubSpotContact, ShopifyCustomer, SquareCustomer, SquareOrder, Vendors, ZendeskTicket, ZendeskUser } from './vendors.js';

/** What one GraphQL request of a peer fetches, by key; made per request. */
export interface RequestFetch {
  ticket(id: string): Promise<ZendeskTicket | null>;
  user(id: string): Promise<ZendeskUser | null>;
  requestedTickets(userId: string): Promise<ZendeskTicket[]>;
  hubspotByEmail(email: string): Promise<HubSpotContact[]>;
  hubspotPage(after: string | null, limit: number): Promise<{ contacts: HubSpotContact[]; next: string | null }>;
  shopifyByEmail(email: string, orders: number): Promise<ShopifyCustomer[]>;
  squareByEmail(email: string): Promise<SquareCustomer[]>;
  squareOrders(customerIds: readonly string[]): Promise<SquareOrder[]>;
}

/** Peer 1: one vendor call per look-up, nothing shared between look-ups. */
export function createDirectFetch(v: Vendors): RequestFetch {
  return {
    ticket: (id) => v.ticket(id),
    user: (id) => v.user(id),
    requestedTickets: (id) => v.requestedTickets(id),
    hubspotByEmail: (email) => v.hubspotByEmails([email]),
    hubspotPage: (after, limit) => v.hubspotPage(after, limit),
    shopifyByEmail: async (email, orders) => shopifyOf(await v.shopifyByEmails([email], orders), email),
    squareByEmail: (email) => v.squareByEmail(email),
    squareOrders: (ids) => v.squareOrders(ids),
  };
}

// Shopify's search takes 25 addresses OR-ed into one query comfortably within its query cost; HubSpot's IN filter
// takes up to 100 values; Square's order search filters on 10 customers.
const SHOPIFY_BATCH = 25;
const HUBSPOT_BATCH = 100;
const SQUARE_ORDER_BATCH = 10;

const byEmail = <T>(records: readonly T[], email: (r: T) => string | null | undefined) => (keys: readonly string[]) =>
  keys.map((key) => records.filter((r) => emailKey(email(r)) === key));

/** Peer 2: per-request DataLoaders, which de-duplicate look-ups and batch them into one vendor call where the API allows. */
export function createLoaderFetch(v: Vendors): RequestFetch {
  const one = <K, T>(load: (key: K) => Promise<T>) => new DataLoader<K, T>((keys) => Promise.all(keys.map(load)));
  const tickets = one((id: string) => v.ticket(id));
  const users = one((id: string) => v.user(id));
  const requested = one((id: string) => v.requestedTickets(id));
  const square = one((email: string) => v.squareByEmail(email));
  const hubspot = new DataLoader<string, HubSpotContact[]>(async (emails) => byEmail(await v.hubspotByEmails(emails), (c) => c.properties.email)(emails), { maxBatchSize: HUBSPOT_BATCH });
  const shopify = new Map<number, DataLoader<string, ShopifyCustomer[]>>();
  const shopifyFor = (orders: number) => {
    let loader = shopify.get(orders);
    if (!loader) {
      loader = new DataLoader(async (emails) => byEmail(await v.shopifyByEmails(emails, orders), (c) => c.email)(emails), { maxBatchSize: SHOPIFY_BATCH });
      shopify.set(orders, loader);
    }
    return loader;
  };
  const squareOrders = new DataLoader<string, SquareOrder[]>(async (ids) => {
    const orders = await v.squareOrders(ids);
    return ids.map((id) => orders.filter((o) => o.customer_id === id));
  }, { maxBatchSize: SQUARE_ORDER_BATCH });
  return {
    ticket: (id) => tickets.load(id),
    user: (id) => users.load(id),
    requestedTickets: (id) => requested.load(id),
    hubspotByEmail: (email) => hubspot.load(email),
    hubspotPage: (after, limit) => v.hubspotPage(after, limit),
    shopifyByEmail: (email, orders) => shopifyFor(orders).load(email),
    squareByEmail: (email) => square.load(email),
    squareOrders: async (ids) => (await squareOrders.loadMany(ids)).flatMap((r) => {
      if (r instanceof Error) throw r;
      return r;
    }),
  };
}
