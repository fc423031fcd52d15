import type { ShopifyStore } from './store.js';

/** Shopify's queue of accepted customer-data erasures: each is carried out a while after it was requested. */
export interface ErasureQueue {
  /** Enqueues the erasure of a customer the store holds; asking again while it is pending changes nothing. */
  request(customerId: string): void;
  /** Drops a pending erasure; false when none was pending. */
  cancel(customerId: string): boolean;
  /** Whether an erasure of this customer was accepted and is not done yet. */
  isPending(customerId: string): boolean;
  /** Stops every pending timer (the sandbox is closing); nothing more gets erased. */
  close(): void;
}

/**
 * Creates the queue. After `delayMs` an erasure removes the customer from the store, which takes it out of every read:
 * `customer(id)`, `nodes`, `customers(query:)`, an order's `customer` link (then null) and the sandbox truth. The
 * timers never keep the process alive.
 */
export function createErasureQueue(store: ShopifyStore, delayMs: number): ErasureQueue {
  const pending = new Map<string, NodeJS.Timeout>();
  return {
    request(customerId) {
      if (pending.has(customerId) || !store.customers.has(customerId)) return;
      const timer = setTimeout(() => {
        pending.delete(customerId);
        store.removeCustomer(customerId);
      }, delayMs);
      timer.unref();
      pending.set(customerId, timer);
    },
    cancel(customerId) {
      const timer = pending.get(customerId);
      if (!timer) return false;
      clearTimeout(timer);
      pending.delete(customerId);
      return true;
    },
    isPending: (customerId) => pending.has(customerId),
    close() {
      for (const timer of pending.values()) clearTimeout(timer);
      pending.clear();
    },
  };
}
