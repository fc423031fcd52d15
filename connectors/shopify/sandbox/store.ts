import { RecordIndex, type World, type WorldContact, type WorldOrder } from '../../sandbox-kit/index.js';
import { customerKeys, type CustomerLookup } from './customer-index.js';

/** `Customer.emailMarketingConsent` as a consent update left it. */
export interface EmailMarketingConsent {
  marketingState: string;
  marketingOptInLevel: string | null;
  consentUpdatedAt: string | null;
}

/**
 * The sandbox's own copy of a World's Shopify slice, indexed the ways the API reads it. Customers change only
 * through `changed` (after a field or the consent changed) and `removeCustomer`, which keep the search index and
 * the listings right.
 */
export interface ShopifyStore {
  /** Customers by gid, in the World's order; read-only here: write through `changed` and `removeCustomer`. */
  customers: ReadonlyMap<string, WorldContact>;
  /** The customers by the keys searches compare (`customerKeys`). */
  search: CustomerLookup;
  /** Re-files a customer in the search index after its fields changed. */
  changed(customer: WorldContact): void;
  /** Takes a customer out of every read (a carried-out erasure); its orders stay. */
  removeCustomer(id: string): void;
  /** Every customer in one listing order, built once and kept until a customer changes or goes. */
  listing<T>(order: string, build: () => readonly T[]): readonly T[];
  /** Orders by gid. */
  orders: Map<string, WorldOrder>;
  /** A customer's orders, oldest first. */
  ordersOf(customerId: string): readonly WorldOrder[];
  /** Email marketing consent written by `customerEmailMarketingConsentUpdate`, by customer gid (else the World's). */
  emailConsent: Map<string, EmailMarketingConsent>;
}

/** Copies the Shopify customers and orders of a World so the sandbox can change them without touching the World. */
export function createShopifyStore(world: World): ShopifyStore {
  const customers = new Map(world.shopify.customers.map((c) => [c.id, { ...c }]));
  const orders = new Map(world.shopify.orders.map((o) => [o.id, { ...o, lines: o.lines.map((l) => ({ ...l })) }]));
  const byCustomer = new Map<string, WorldOrder[]>();
  for (const order of orders.values()) {
    const list = byCustomer.get(order.customerId) ?? [];
    list.push(order);
    byCustomer.set(order.customerId, list);
  }
  for (const list of byCustomer.values()) list.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const index = new RecordIndex(customerKeys, customers.values());
  const emailConsent = new Map<string, EmailMarketingConsent>();
  const listings = new Map<string, readonly unknown[]>();
  return {
    customers,
    search: { byKey: (key) => index.get(key), all: () => [...customers.values()] },
    changed(customer) {
      index.put(customer);
      listings.clear();
    },
    removeCustomer(id) {
      const customer = customers.get(id);
      if (customer) index.remove(customer);
      customers.delete(id);
      emailConsent.delete(id);
      listings.clear();
    },
    listing<T>(order: string, build: () => readonly T[]) {
      let list = listings.get(order) as readonly T[] | undefined;
      if (!list) listings.set(order, (list = build()));
      return list;
    },
    orders,
    ordersOf: (customerId) => byCustomer.get(customerId) ?? [],
    emailConsent,
  };
}
