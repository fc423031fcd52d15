import type { WorldTicket } from '../../sandbox-kit/index.js';
import { zendeskTime } from './serialize.js';

// Replies come within 3 days of the ticket, the way a desk's spread of first replies runs.
const MAX_REPLY_MINUTES = 3 * 24 * 60;

/** A stable 32-bit hash of a string (FNV-1a), so a ticket's metrics follow from its id alone. */
function hash(value: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) h = Math.imul(h ^ value.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * Minutes from a ticket's creation to the first agent reply, derived from the ticket's id (the generated world holds
 * no replies): null for a `new` ticket, which no agent has touched yet; 1 to 4,320 minutes otherwise.
 */
export function firstReplyMinutesOf(ticket: Pick<WorldTicket, 'id' | 'status'>): number | null {
  if (ticket.status === 'new') return null;
  return 1 + (hash(`reply:${ticket.id}`) % MAX_REPLY_MINUTES);
}

/**
 * When a solved or closed ticket was solved, derived from the ticket's id as its other metrics are: a whole second
 * after its creation and no later than its last update (a solve updates the ticket); null while it is unsolved.
 */
export function solvedAtOf(ticket: Pick<WorldTicket, 'id' | 'status' | 'createdAt' | 'updatedAt'>): string | null {
  if (ticket.status !== 'solved' && ticket.status !== 'closed') return null;
  // In whole seconds, as Zendesk writes its times: the first second after creation up to the update's second.
  const from = Math.floor(Date.parse(ticket.createdAt) / 1000) + 1;
  const to = Math.floor(Date.parse(ticket.updatedAt) / 1000);
  const second = to < from ? to : from + (hash(`solved:${ticket.id}`) % (to - from + 1));
  return zendeskTime(new Date(second * 1000).toISOString());
}

/**
 * The ticket's metric set, as `GET /api/v2/ticket_metrics` and the `metric_sets` sideload serve it (a subset of
 * Zendesk's fields). The sandbox account has no schedule, so business minutes equal calendar minutes, as in a
 * Zendesk account without business hours.
 */
export function metricSetJson(ticket: WorldTicket, origin: string) {
  const minutes = firstReplyMinutesOf(ticket);
  const id = Number(ticket.id);
  return {
    url: `${origin}/api/v2/ticket_metrics/${id}.json`,
    id,
    ticket_id: id,
    created_at: zendeskTime(ticket.createdAt),
    updated_at: zendeskTime(ticket.updatedAt),
    solved_at: solvedAtOf(ticket),
    replies: minutes === null ? 0 : 1,
    reopens: 0,
    reply_time_in_minutes: { calendar: minutes, business: minutes },
  };
}
