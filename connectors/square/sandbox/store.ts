import type { World, WorldContact, WorldLocation, WorldPayment, WorldPosOrder } from '../../sandbox-kit/index.js';

/** The sandbox's own copy of the Square slice of a world, free to be changed by later endpoints. */
export interface SquareStore {
  customers: WorldContact[];
  orders: WorldPosOrder[];
  payments: WorldPayment[];
  locations: WorldLocation[];
}

/** Copies the Square slice of a world so that changes never reach the world (or other sandboxes). */
export function createStore(world: World): SquareStore {
  return structuredClone(world.square);
}

/** The completed payment that settled an order, if any. */
export function paymentOfOrder(store: SquareStore, orderId: string): WorldPayment | undefined {
  return store.payments.find((payment) => payment.orderId === orderId);
}
