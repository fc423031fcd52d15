import { RecordIndex, SerialisedRecords, type World, type WorldContact, type WorldLocation, type WorldPayment, type WorldPosOrder } from '../../sandbox-kit/index.js';
import { normaliseEmail } from '../../../src/model/index.js';
import { storedE164 } from './stored-phone.js';

/**
 * The sandbox's own copy of the Square slice of a world, free to be changed by later endpoints, and indexed the
 * ways Square reads it: profiles by id and by their exact-match keys (email, phone, reference id), orders by id and
 * by customer, payments by id and by order. Profiles change only through `changed` and `removeCustomer`, which keep
 * the indexes right; orders and payments are never written.
 */
export class SquareStore {
  /** Every profile, in the world's order. */
  readonly customers: WorldContact[];
  readonly orders: WorldPosOrder[];
  readonly payments: WorldPayment[];
  readonly locations: WorldLocation[];
  private readonly customerById: Map<string, WorldContact>;
  private readonly customerKeys: RecordIndex<WorldContact>;
  private readonly orderById: Map<string, WorldPosOrder>;
  private readonly ordersByCustomer = new Map<string, WorldPosOrder[]>();
  private readonly paymentById: Map<string, WorldPayment>;
  private readonly paymentByOrder = new Map<string, WorldPayment>();
  /** Profiles' JSON texts as Customer objects; forgotten whenever a profile changes or goes. */
  readonly serialised = new SerialisedRecords<WorldContact>();
  /** ListCustomers' orders, kept until a profile changes or goes. */
  private readonly listings = new Map<string, readonly WorldContact[]>();

  /** Copies the Square slice of a world so that changes never reach the world (or other sandboxes). */
  constructor(world: World) {
    const { customers, orders, payments, locations } = structuredClone(world.square);
    this.customers = customers;
    this.orders = orders;
    this.payments = payments;
    this.locations = locations;
    this.customerById = new Map(customers.map((c) => [c.id, c]));
    this.customerKeys = new RecordIndex(keysOf, customers);
    this.orderById = new Map(orders.map((o) => [o.id, o]));
    for (const order of orders) this.ordersByCustomer.set(order.customerId, [...(this.ordersByCustomer.get(order.customerId) ?? []), order]);
    this.paymentById = new Map(payments.map((p) => [p.id, p]));
    // The first payment of an order is the one that settled it, as a scan in store order would find.
    for (const payment of payments) if (!this.paymentByOrder.has(payment.orderId)) this.paymentByOrder.set(payment.orderId, payment);
  }

  /** A profile by id. */
  customer(id: string): WorldContact | undefined {
    return this.customerById.get(id);
  }

  /** The profiles an exact key may match: a superset of the matches, which the search filter then decides. */
  customersByKey(kind: 'email' | 'phone' | 'ref', value: string): readonly WorldContact[] {
    return this.customerKeys.get(`${kind}:${value}`);
  }

  /** Re-files a profile after its fields changed. */
  changed(customer: WorldContact): void {
    this.customerKeys.put(customer);
    this.serialised.forget(customer);
    this.listings.clear();
  }

  /** Every profile in one of ListCustomers' orders, sorted once and kept until a profile changes or goes. */
  listing(order: string, sort: () => readonly WorldContact[]): readonly WorldContact[] {
    let sorted = this.listings.get(order);
    if (!sorted) this.listings.set(order, (sorted = sort()));
    return sorted;
  }

  /** Deletes a profile from every read; false when there is none. */
  removeCustomer(id: string): boolean {
    const customer = this.customerById.get(id);
    if (!customer) return false;
    this.customers.splice(this.customers.indexOf(customer), 1);
    this.customerById.delete(id);
    this.customerKeys.remove(customer);
    this.serialised.forget(customer);
    this.listings.clear();
    return true;
  }

  /** An order by id. */
  order(id: string): WorldPosOrder | undefined {
    return this.orderById.get(id);
  }

  /** The orders of the given customers, or every order when no customer is named. */
  ordersOf(customerIds: readonly string[] | null | undefined): readonly WorldPosOrder[] {
    if (!customerIds || customerIds.length === 0) return this.orders;
    return [...new Set(customerIds)].flatMap((id) => this.ordersByCustomer.get(id) ?? []);
  }

  /** A payment by id. */
  payment(id: string): WorldPayment | undefined {
    return this.paymentById.get(id);
  }

  /** The completed payment that settled an order, if any. */
  paymentOfOrder(orderId: string): WorldPayment | undefined {
    return this.paymentByOrder.get(orderId);
  }
}

function keysOf(c: WorldContact): string[] {
  const keys: string[] = [];
  const email = normaliseEmail(c.email);
  if (email !== null) keys.push(`email:${email}`);
  const phone = c.phone === null ? null : storedE164(c.phone, c.countryCode);
  if (phone !== null) keys.push(`phone:${phone}`);
  if (c.xref !== null) keys.push(`ref:${c.xref.toLowerCase()}`);
  return keys;
}
