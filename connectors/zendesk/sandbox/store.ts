import { RecordIndex, SerialisedRecords, type World, type WorldContact, type WorldTicket } from '../../sandbox-kit/index.js';
import { comparedForm } from './search-match.js';

/** One row of `GET /api/v2/users/{id}/compliance_deletion_statuses` (OAS `ComplianceDeletionStatusObject`). */
export interface ComplianceDeletionStatus {
  account_subdomain: string;
  action: 'request_deletion' | 'started' | 'complete';
  application: string;
  created_at: string;
  executer_id: number | null;
  user_id: number;
}

/** The user fields search finds by exact value, and so the keys of the user index. */
export const INDEXED_USER_FIELDS = ['email', 'phone', 'external_id'] as const;
/** A user field the index answers for. */
export type IndexedUserField = (typeof INDEXED_USER_FIELDS)[number];

/**
 * The sandbox's own copy of the Zendesk slice of a world, keyed by id so it can be changed later, and indexed the
 * ways Zendesk reads it: live users by their searched values, tickets by requester, both in id order. Users change
 * only through `changed` (after a field changed), `softDelete` and `purge`, which keep the indexes right.
 */
export interface ZendeskStore {
  /** Users as search, show_many and lists see them: soft-deleted ones are not here. */
  users: ReadonlyMap<string, WorldContact>;
  /** Soft-deleted users, held until permanently deleted. */
  deletedUsers: ReadonlyMap<string, WorldContact>;
  /** GDPR deletion progress per user id; kept after permanent deletion. */
  complianceStatuses: Map<string, ComplianceDeletionStatus[]>;
  tickets: ReadonlyMap<string, WorldTicket>;
  /** Live users whose field holds the value, compared as search compares it; in id order. */
  usersBy(field: IndexedUserField, value: string): WorldContact[];
  /** Every live user, in id order. */
  usersInIdOrder(): readonly WorldContact[];
  /** Every ticket, in id order; only those of `requesterId` when given. */
  ticketsInIdOrder(requesterId?: string): readonly WorldTicket[];
  /** Live users' JSON texts per origin; forgotten when a user changes or is deleted. */
  serialised: SerialisedRecords<WorldContact>;
  /** Re-files a live user after its fields changed. */
  changed(user: WorldContact): void;
  /** Moves a live user to the soft-deleted ones (out of search, show_many and lists); false when there is none. */
  softDelete(id: string): WorldContact | undefined;
  /** Permanently deletes a soft-deleted user; undefined when there is none. */
  purge(id: string): WorldContact | undefined;
}

const SEARCH_KEYWORD = { email: 'email', phone: 'phone', external_id: 'external_id' } as const;
const storedValue = (user: WorldContact, field: IndexedUserField) => (field === 'external_id' ? user.xref : user[field]);
const userKey = (field: IndexedUserField, form: string) => `${field}:${form}`;

function userKeys(user: WorldContact): string[] {
  return INDEXED_USER_FIELDS.flatMap((field) => {
    const value = storedValue(user, field);
    const form = value === null ? null : comparedForm(SEARCH_KEYWORD[field], value);
    return form === null ? [] : [userKey(field, form)];
  });
}

/** Orders records by their integer ids, as Zendesk's cursor pagination does. */
export function byNumericId(a: { id: string }, b: { id: string }): number {
  return Number(a.id) - Number(b.id);
}

/** Copies the Zendesk users and tickets out of a world. */
export function createStore(world: World): ZendeskStore {
  const users = new Map(world.zendesk.users.map((user) => [user.id, { ...user }]));
  const deletedUsers = new Map<string, WorldContact>();
  const tickets = new Map(world.zendesk.tickets.map((ticket) => [ticket.id, { ...ticket }]));
  const index = new RecordIndex(userKeys, users.values());
  const serialised = new SerialisedRecords<WorldContact>();
  const ticketsSorted = [...tickets.values()].sort(byNumericId);
  const byRequester = new Map<string, WorldTicket[]>();
  for (const ticket of ticketsSorted) byRequester.set(ticket.requesterId, [...(byRequester.get(ticket.requesterId) ?? []), ticket]);
  let usersSorted: WorldContact[] | null = null;
  return {
    users,
    deletedUsers,
    complianceStatuses: new Map(),
    tickets,
    usersBy(field, value) {
      const form = comparedForm(SEARCH_KEYWORD[field], value);
      return form === null ? [] : [...index.get(userKey(field, form))].sort(byNumericId);
    },
    usersInIdOrder: () => (usersSorted ??= [...users.values()].sort(byNumericId)),
    ticketsInIdOrder: (requesterId) => (requesterId === undefined ? ticketsSorted : (byRequester.get(requesterId) ?? [])),
    serialised,
    changed(user) {
      serialised.forget(user);
      index.put(user);
    },
    softDelete(id) {
      const user = users.get(id);
      if (!user) return undefined;
      users.delete(id);
      index.remove(user);
      serialised.forget(user);
      usersSorted = null;
      deletedUsers.set(id, user);
      return user;
    },
    purge(id) {
      const user = deletedUsers.get(id);
      deletedUsers.delete(id);
      return user;
    },
  };
}

/** Every user whose data the sandbox still holds: live and soft-deleted. */
export function heldUsers(store: ZendeskStore): WorldContact[] {
  return [...store.users.values(), ...store.deletedUsers.values()];
}
