import { z } from 'zod';
import { idAt, usableRecords } from '../shared/index.js';

// Lenient on the many fields we do not read (loose objects). A field the OAS requires, or one the canonical record
// cannot do without (an id, a ticket's status and creation time), must be there and well typed; every other mapped
// field may be absent, as the OAS allows. A record that fails is left out of its list and reported for itself
// (`usableRecords`), never failing the answer; a malformed envelope is still SourceBadResponse.

const zendeskId = z.number().int().nonnegative();
const timestamp = z.iso.datetime({ offset: true });

/**
 * A Zendesk user (OAS `UserForAdmin`, whose only required field is `name`) as far as the connector reads it; every
 * other field may be absent. Its `id` is read-only and sent on every user, and a user without one cannot be linked.
 */
export const userSchema = z.looseObject({
  id: zendeskId,
  name: z.string(),
  email: z.string().nullish(),
  phone: z.string().nullish(),
  external_id: z.string().nullish(),
  created_at: timestamp.nullish(),
  updated_at: timestamp.nullish(),
});

/** A validated Zendesk user. */
export type ZendeskUser = z.infer<typeof userSchema>;

/**
 * A Zendesk ticket (OAS `TicketObject`, whose only required field is `requester_id`) as far as the connector reads it.
 * The canonical ticket cannot do without its `id`, `status` and `created_at` (read-only fields Zendesk sets on every
 * ticket); the rest may be absent.
 */
export const ticketSchema = z.looseObject({
  id: zendeskId,
  requester_id: zendeskId,
  subject: z.string().nullish(),
  description: z.string().nullish(),
  status: z.enum(['new', 'open', 'pending', 'hold', 'solved', 'closed']),
  priority: z.enum(['urgent', 'high', 'normal', 'low']).nullish(),
  via: z.looseObject({ channel: z.string().nullish() }).nullish(),
  // Null on plans without CSAT; absent where the account never enabled it.
  satisfaction_rating: z.looseObject({ score: z.string() }).nullish(),
  created_at: timestamp,
  updated_at: timestamp.nullish(),
});

/** A validated Zendesk ticket. */
export type ZendeskTicket = z.infer<typeof ticketSchema>;

/**
 * A user identity (OAS `UserIdentityObject`) as the `identities` sideload of a users answer carries it: whose it is,
 * its type and value. An identity without a user, type or value names nothing: it is left out and reported.
 */
export const identitySchema = z.looseObject({
  id: zendeskId,
  user_id: zendeskId,
  type: z.string(),
  value: z.string().min(1),
  primary: z.boolean().optional(),
});

/** A validated Zendesk user identity. */
export type ZendeskIdentity = z.infer<typeof identitySchema>;

const users = usableRecords(userSchema, idAt('id'));
// Present only when `include=identities` asked for it; an answer without the sideload holds none.
const identities = usableRecords(identitySchema, idAt('id')).default([]);
const tickets = usableRecords(ticketSchema, idAt('id'));

/** `GET /api/v2/users/show_many?include=identities` (and the `users` array of other user lists). */
export const usersResponseSchema = z.looseObject({ users, identities });

/** `GET /api/v2/users?page[size]=&include=identities` — cursor pagination. */
export const usersCursorPageSchema = z.looseObject({
  users,
  identities,
  meta: z.looseObject({ has_more: z.boolean(), after_cursor: z.string().nullable() }),
});

/** `GET /api/v2/tickets/{id}?include=users`: the ticket with the users it names sideloaded. */
export const ticketWithUsersResponseSchema = z.looseObject({ ticket: ticketSchema, users: users.default([]) });

/** `GET /api/v2/tickets/show_many`. */
export const ticketsResponseSchema = z.looseObject({ tickets });

/**
 * A ticket's metric set (Ticket Metrics API), as far as the connector reads it: the minutes to the first agent reply,
 * null until an agent replies, and when it was solved (`business` counts the account's schedule, which the gateway does not use).
 */
export const metricSetSchema = z.looseObject({
  ticket_id: zendeskId,
  // When the ticket was last solved; null while it is unsolved.
  solved_at: timestamp.nullish(),
  reply_time_in_minutes: z.looseObject({ calendar: z.number().nonnegative().nullish() }).nullish(),
});

/** A validated ticket metric set. */
export type ZendeskMetricSet = z.infer<typeof metricSetSchema>;

/** A page of `/api/v2/search` results, with the metric sets of its tickets when `include=tickets(metric_sets)` asked for them. */
export type SearchPage<T> = { results: T[]; count: number; next_page: string | null; metric_sets?: ZendeskMetricSet[] | undefined };

/** `GET /api/v2/search` (offset pagination): `count` is the total, `next_page` null on the last page. */
function searchPageOf<T extends z.ZodType>(result: T) {
  return z.looseObject({
    results: usableRecords(result, idAt('id')),
    count: z.number().int().nonnegative(),
    next_page: z.string().nullable(),
    metric_sets: usableRecords(metricSetSchema, idAt('ticket_id')).optional(),
  });
}

/** `type:user` search results: every result must be a user. */
export const userSearchSchema = searchPageOf(userSchema.extend({ result_type: z.literal('user') }));

/** `type:ticket` search results: every result must be a ticket. */
export const ticketSearchSchema = searchPageOf(ticketSchema.extend({ result_type: z.literal('ticket') }));

/** `DELETE /api/v2/users/{id}` and `GET /api/v2/users/{id}`: the user's id and whether it is still active. */
export const userStateResponseSchema = z.looseObject({
  user: z.looseObject({ id: zendeskId, active: z.boolean() }),
});

/** `GET /api/v2/users/{id}` as read back for privacy: `active` is optional in the OAS (only `name` is required). */
export const userShowStateResponseSchema = z.looseObject({
  user: z.looseObject({ id: zendeskId, active: z.boolean().optional() }),
});

/** `GET` and `DELETE /api/v2/deleted_users/{id}` (OAS `DeletedUserResponse`): id and `active` are required. */
export const deletedUserResponseSchema = z.looseObject({
  deleted_user: z.looseObject({ id: zendeskId, active: z.boolean() }),
});
