import { z } from 'zod';

// Lenient on the many fields we do not read (loose objects), strict on the ones we map: a missing or
// mistyped mapped field fails validation, which the shared client turns into SourceBadResponse.

const zendeskId = z.number().int().nonnegative();
const timestamp = z.iso.datetime({ offset: true });

/** A Zendesk user (OAS `UserForAdmin`) as far as the connector reads it. */
export const userSchema = z.looseObject({
  id: zendeskId,
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  external_id: z.string().nullable(),
  created_at: timestamp,
  updated_at: timestamp,
});

/** A validated Zendesk user. */
export type ZendeskUser = z.infer<typeof userSchema>;

/** A Zendesk ticket (OAS `TicketObject`) as far as the connector reads it. */
export const ticketSchema = z.looseObject({
  id: zendeskId,
  requester_id: zendeskId,
  subject: z.string().nullable(),
  description: z.string().nullable(),
  status: z.enum(['new', 'open', 'pending', 'hold', 'solved', 'closed']),
  priority: z.enum(['urgent', 'high', 'normal', 'low']).nullable(),
  via: z.looseObject({ channel: z.string().nullable() }).nullable(),
  // Null on plans without CSAT; absent where the account never enabled it.
  satisfaction_rating: z.looseObject({ score: z.string() }).nullish(),
  created_at: timestamp,
  updated_at: timestamp.nullable(),
});

/** A validated Zendesk ticket. */
export type ZendeskTicket = z.infer<typeof ticketSchema>;

/** `GET /api/v2/users/show_many` (and the `users` array of other user lists). */
export const usersResponseSchema = z.looseObject({ users: z.array(userSchema) });

/** `GET /api/v2/users?page[size]=` — cursor pagination. */
export const usersCursorPageSchema = z.looseObject({
  users: z.array(userSchema),
  meta: z.looseObject({ has_more: z.boolean(), after_cursor: z.string().nullable() }),
});

/** `GET /api/v2/tickets/{id}?include=users`: the ticket with the users it names sideloaded. */
export const ticketWithUsersResponseSchema = z.looseObject({ ticket: ticketSchema, users: z.array(userSchema).default([]) });

/** `GET /api/v2/tickets/show_many`. */
export const ticketsResponseSchema = z.looseObject({ tickets: z.array(ticketSchema) });

/** A page of `/api/v2/search` results. */
export type SearchPage<T> = { results: T[]; count: number; next_page: string | null };

/** `GET /api/v2/search` (offset pagination): `count` is the total, `next_page` null on the last page. */
function searchPageOf<T extends z.ZodType>(result: T) {
  return z.looseObject({
    results: z.array(result),
    count: z.number().int().nonnegative(),
    next_page: z.string().nullable(),
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
