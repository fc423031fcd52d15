import type { World, WorldContact, WorldTicket } from '../../sandbox-kit/index.js';

/** The sandbox's own copy of the Zendesk slice of a world, keyed by id so it can be changed later. */
export interface ZendeskStore {
  users: Map<string, WorldContact>;
  tickets: Map<string, WorldTicket>;
}

/** Copies the Zendesk users and tickets out of a world. */
export function createStore(world: World): ZendeskStore {
  return {
    users: new Map(world.zendesk.users.map((user) => [user.id, { ...user }])),
    tickets: new Map(world.zendesk.tickets.map((ticket) => [ticket.id, { ...ticket }])),
  };
}

/** Orders records by their integer ids, as Zendesk's cursor pagination does. */
export function byNumericId(a: { id: string }, b: { id: string }): number {
  return Number(a.id) - Number(b.id);
}

/** Every end-user, in id order. */
export function usersInIdOrder(store: ZendeskStore): WorldContact[] {
  return [...store.users.values()].sort(byNumericId);
}

/** Every ticket, in id order; only those of `requesterId` when given. */
export function ticketsInIdOrder(store: ZendeskStore, requesterId?: string): WorldTicket[] {
  const all = [...store.tickets.values()];
  return (requesterId === undefined ? all : all.filter((t) => t.requesterId === requesterId)).sort(byNumericId);
}
