import type { World, WorldContact, WorldOrder } from '../../sandbox-kit/index.js';

/** `Customer.emailMarketingConsent` as a consent update left it. */
export interface EmailMarketingConsent {
  marketingState: string;
  marketingOptInLevel: string | null;
  consentUpdatedAt: string | null;
}

/** The sandbox's own copy of a World's Shopify slice, indexed the ways the API reads it. */
export interface ShopifyStore {
  /** Customers by gid, in the World's order. */
  customers: Map<string, WorldContact>;
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
  return { customers, orders, ordersOf: (customerId) => byCustomer.get(customerId) ?? [], emailConsent: new Map() };
}
