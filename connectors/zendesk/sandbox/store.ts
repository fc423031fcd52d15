import type { World, WorldContact, WorldTicket } from '../../sandbox-kit/index.js';

/** One row of `GET /api/v2/users/{id}/compliance_deletion_statuses` (OAS `ComplianceDeletionStatusObject`). */
export interface ComplianceDeletionStatus {
  account_subdomain: string;
  action: 'request_deletion' | 'started' | 'complete';
  application: string;
  created_at: string;
  executer_id: number | null;
  user_id: number;
}

/** The sandbox's own copy of the Zendesk slice of a world, keyed by id so it can be changed later. */
export interface ZendeskStore {
  /** Users as search, show_many and lists see them: soft-deleted ones are not here. */
  users: Map<string, WorldContact>;
  /** Soft-deleted users, held until permanently deleted. */
  deletedUsers: Map<string, WorldContact>;
  /** GDPR deletion progress per user id; kept after permanent deletion. */
  complianceStatuses: Map<string, ComplianceDeletionStatus[]>;
  tickets: Map<string, WorldTicket>;
}

/** Copies the Zendesk users and tickets out of a world. */
export function createStore(world: World): ZendeskStore {
  return {
    users: new Map(world.zendesk.users.map((user) => [user.id, { ...user }])),
    deletedUsers: new Map(),
    complianceStatuses: new Map(),
    tickets: new Map(world.zendesk.tickets.map((ticket) => [ticket.id, { ...ticket }])),
  };
}

/** Every user whose data the sandbox still holds: live and soft-deleted. */
export function heldUsers(store: ZendeskStore): WorldContact[] {
  return [...store.users.values(), ...store.deletedUsers.values()];
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
