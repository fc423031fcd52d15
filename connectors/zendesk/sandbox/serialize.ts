import type { WorldContact, WorldTicket } from '../../sandbox-kit/index.js';

// Fixed account-level values: the sandbox account has one agent, one group, one brand and one form.
/** The sandbox's one agent: the API token's owner, who assigns tickets and requests deletions. */
export const AGENT_ID = 361402917;
const GROUP_ID = 360004512;
const BRAND_ID = 360000311;
const TICKET_FORM_ID = 360000112;
const CUSTOM_STATUS_ID: Readonly<Record<WorldTicket['status'], number>> = {
  new: 360001, open: 360002, pending: 360003, hold: 360004, solved: 360005, closed: 360006,
};

/** Zendesk writes timestamps to the second: `2025-10-28T15:02:11Z`. */
export function zendeskTime(iso: string): string {
  return iso.replace(/\.\d+Z$/, 'Z');
}

/** A user's display name: "First Last", or the phone (then the email) when both names are missing. */
export function displayName(user: WorldContact): string {
  const name = [user.firstName, user.lastName].filter((part) => part !== null && part !== '').join(' ');
  return name !== '' ? name : (user.phone ?? user.email?.trim() ?? '');
}

/** An end-user as Zendesk serves it (OAS `UserForAdmin`). */
export function userJson(user: WorldContact, origin: string) {
  return {
    id: Number(user.id),
    url: `${origin}/api/v2/users/${user.id}.json`,
    name: displayName(user),
    email: user.email,
    created_at: zendeskTime(user.createdAt),
    updated_at: zendeskTime(user.updatedAt),
    time_zone: 'UTC',
    iana_time_zone: 'Etc/UTC',
    phone: user.phone,
    shared_phone_number: user.phone === null ? null : false,
    photo: null,
    locale_id: 1,
    locale: 'en-US',
    organization_id: null,
    role: 'end-user',
    // A caller known only by phone never confirmed an email identity.
    verified: user.email !== null,
    external_id: user.xref,
    tags: [],
    alias: '',
    // Zendesk sends it on every user (node-zendesk's User type requires it): an end-user is never a chat-only agent.
    chat_only: false,
    active: true,
    shared: false,
    shared_agent: false,
    last_login_at: null,
    two_factor_auth_enabled: null,
    signature: '',
    details: '',
    notes: '',
    role_type: null,
    custom_role_id: null,
    moderator: false,
    ticket_restriction: 'requested',
    only_private_comments: false,
    restricted_agent: true,
    suspended: false,
    report_csv: false,
    user_fields: {},
  };
}

/** A soft-deleted user as `/api/v2/deleted_users/{id}` serves it (OAS `DeletedUserObject`). */
export function deletedUserJson(user: WorldContact, origin: string) {
  return {
    id: Number(user.id),
    url: `${origin}/api/v2/deleted_users/${user.id}`,
    name: displayName(user),
    email: user.email,
    created_at: zendeskTime(user.createdAt),
    updated_at: zendeskTime(user.updatedAt),
    time_zone: 'UTC',
    phone: user.phone,
    shared_phone_number: null,
    photo: null,
    locale_id: 1,
    locale: 'en-US',
    organization_id: null,
    role: 'end-user',
    active: false,
  };
}

function satisfactionRating(ticket: WorldTicket) {
  const rated = ticket.satisfaction === 'good' || ticket.satisfaction === 'bad';
  return rated ? { id: 1_234_000 + Number(ticket.id), score: ticket.satisfaction, comment: null } : { score: ticket.satisfaction };
}

/** A ticket as Zendesk serves it (OAS `TicketObject`). */
export function ticketJson(ticket: WorldTicket, origin: string) {
  const assigned = ticket.status !== 'new';
  return {
    url: `${origin}/api/v2/tickets/${ticket.id}.json`,
    id: Number(ticket.id),
    external_id: null,
    via: { channel: ticket.channel, source: { from: {}, to: {}, rel: null } },
    created_at: zendeskTime(ticket.createdAt),
    updated_at: zendeskTime(ticket.updatedAt),
    type: null,
    subject: ticket.subject,
    raw_subject: ticket.subject,
    description: ticket.description,
    priority: ticket.priority,
    status: ticket.status,
    recipient: ticket.channel === 'email' ? 'support@sandbox.zendesk.test' : null,
    requester_id: Number(ticket.requesterId),
    submitter_id: Number(ticket.requesterId),
    assignee_id: assigned ? AGENT_ID : null,
    organization_id: null,
    group_id: assigned ? GROUP_ID : null,
    collaborator_ids: [],
    follower_ids: [],
    email_cc_ids: [],
    forum_topic_id: null,
    problem_id: null,
    has_incidents: false,
    is_public: true,
    due_at: null,
    tags: [],
    custom_fields: [],
    satisfaction_rating: satisfactionRating(ticket),
    sharing_agreement_ids: [],
    custom_status_id: CUSTOM_STATUS_ID[ticket.status],
    fields: [],
    followup_ids: [],
    ticket_form_id: TICKET_FORM_ID,
    brand_id: BRAND_ID,
    allow_channelback: false,
    allow_attachments: true,
    from_messaging_channel: false,
  };
}

/**
 * A user's identities as `GET /api/v2/users/{id}/identities` lists them (OAS `UserIdentityObject`): the primary email
 * and phone first, then the secondary ones. Ids are derived from the user's id (`user id × 100 + position`), so they
 * stay the same on every read.
 */
export function identitiesJson(user: WorldContact, origin: string) {
  const rows: Array<{ type: 'email' | 'phone_number'; value: string; primary: boolean }> = [
    ...(user.email === null ? [] : [{ type: 'email' as const, value: user.email.trim(), primary: true }]),
    ...user.secondaryEmails.map((value) => ({ type: 'email' as const, value: value.trim(), primary: false })),
    ...(user.phone === null ? [] : [{ type: 'phone_number' as const, value: user.phone, primary: true }]),
    ...user.secondaryPhones.map((value) => ({ type: 'phone_number' as const, value, primary: false })),
  ];
  return rows.map((row, position) => {
    const id = Number(user.id) * 100 + position + 1;
    return {
      url: `${origin}/api/v2/users/${user.id}/identities/${id}.json`,
      id,
      user_id: Number(user.id),
      type: row.type,
      value: row.value,
      // The main address was confirmed when the user signed up; identities added later by an agent were not.
      verified: row.primary && row.type === 'email',
      primary: row.primary,
      created_at: zendeskTime(user.createdAt),
      updated_at: zendeskTime(user.updatedAt),
      undeliverable_count: 0,
      ...(row.type === 'email' ? { deliverable_state: 'deliverable' } : {}),
    };
  });
}
