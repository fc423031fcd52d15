import type { ContactRecord, Provenance, Ticket, TicketStatus } from '../../src/model/index.js';
import type { ZendeskIdentity, ZendeskMetricSet, ZendeskTicket, ZendeskUser } from './schemas.js';

// Zendesk's ticket statuses (validated by the ticket schema) as the canonical ones: a Zendesk status added to the
// schema without a canonical one fails the type check here.
const TICKET_STATUS = {
  new: 'NEW',
  open: 'OPEN',
  pending: 'PENDING',
  hold: 'HOLD',
  solved: 'SOLVED',
  closed: 'CLOSED',
} as const satisfies Record<ZendeskTicket['status'], TicketStatus>;

function provenance(recordId: number, updatedAt: string | null, fetchedAt: string): Provenance {
  return { source: 'SUPPORT', system: 'zendesk', recordId: String(recordId), updatedAt, fetchedAt };
}

/** Splits a Zendesk display name into a first token and the rest; a name that is only a phone or email has neither. */
export function splitName(name: string, user: Pick<ZendeskUser, 'email' | 'phone'>): { firstName: string | null; lastName: string | null } {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed === user.phone?.trim() || trimmed === user.email?.trim()) return { firstName: null, lastName: null };
  const [first = '', ...rest] = trimmed.split(/\s+/);
  return { firstName: first, lastName: rest.length > 0 ? rest.join(' ') : null };
}

/** The sideloaded identities of a users answer, by the id of the user they belong to. */
export function identitiesByUser(identities: readonly ZendeskIdentity[]): Map<number, ZendeskIdentity[]> {
  const byUser = new Map<number, ZendeskIdentity[]>();
  for (const identity of identities) byUser.set(identity.user_id, [...(byUser.get(identity.user_id) ?? []), identity]);
  return byUser;
}

/** The user's identities of `type` other than its main value (which is an identity too), each once. */
function secondaryOf(main: string | null | undefined, type: 'email' | 'phone_number', identities: readonly ZendeskIdentity[]): string[] {
  return [...new Set(identities.filter((i) => i.type === type && i.value.trim() !== main?.trim()).map((i) => i.value))];
}

/**
 * Maps a Zendesk end-user to a contact record, with the further emails and phones of its `identities` when the
 * answer sideloaded them (`include=identities`; another user's are ignored), else none known (a search result).
 * Zendesk keeps no address and no marketing consent.
 */
export function toContactRecord(user: ZendeskUser, fetchedAt: string, identities?: readonly ZendeskIdentity[]): ContactRecord {
  const own = identities?.filter((identity) => identity.user_id === user.id);
  return {
    provenance: provenance(user.id, user.updated_at ?? null, fetchedAt),
    ...splitName(user.name, user),
    fullName: user.name.trim() === '' ? null : user.name,
    emails: user.email ? [user.email] : [],
    phones: user.phone ? [user.phone] : [],
    ...(own === undefined ? {} : { secondaryEmails: secondaryOf(user.email, 'email', own), secondaryPhones: secondaryOf(user.phone, 'phone_number', own) }),
    postalCode: null,
    countryCode: null,
    crossRefs: user.external_id ? [{ source: 'CRM', recordId: user.external_id, via: 'external_id' }] : [],
    consent: [],
    createdAt: user.created_at ?? null,
  };
}

/**
 * Maps a Zendesk ticket to the canonical ticket; the status becomes its `TicketStatus`. `metrics` is the ticket's
 * metric set where the read sideloaded it (search results); without one the first reply time and the solve time are unknown (null).
 */
export function toTicket(ticket: ZendeskTicket, fetchedAt: string, metrics?: ZendeskMetricSet): Ticket {
  return {
    provenance: provenance(ticket.id, ticket.updated_at ?? null, fetchedAt),
    requesterRecordId: String(ticket.requester_id),
    subject: ticket.subject ?? null,
    description: ticket.description ?? null,
    status: TICKET_STATUS[ticket.status],
    priority: ticket.priority ?? null,
    channel: ticket.via?.channel ?? null,
    createdAt: ticket.created_at,
    updatedAt: ticket.updated_at ?? null,
    satisfaction: ticket.satisfaction_rating?.score ?? null,
    firstReplyMinutes: metrics?.reply_time_in_minutes?.calendar ?? null,
    solvedAt: metrics?.solved_at ? new Date(metrics.solved_at).toISOString() : null,
  };
}
