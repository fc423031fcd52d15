import { inBatches, mapConcurrent, type RequestMemo } from '../shared/index.js';
import type { CallOptions, ListWindow, Page, Ticket, TicketSource, TicketStatus } from '../../src/model/index.js';
import type { ZendeskClient } from './client.js';
import { SHOW_MANY_LIMIT, isZendeskId } from './limits.js';
import { toTicket } from './mapping.js';
import { ticketSearchSchema, type ZendeskMetricSet, type ZendeskTicket, type ZendeskUser } from './schemas.js';
import { REQUESTERS_PER_TICKET_QUERY, anyOfQueries, evenShare, searchPages } from './search.js';

const CURSOR = /^offset:(\d{1,9})$/;

/** The opaque per-requester cursor of `ticketsFor`: an offset into that requester's newest-first tickets. */
export function ticketCursor(offset: number): string {
  return `offset:${offset}`;
}

/** Reads a `ticketsFor` cursor; one this connector did not write starts from the newest ticket. */
export function parseTicketCursor(after: string | null | undefined): number {
  const match = CURSOR.exec(after ?? '');
  return match?.[1] === undefined ? 0 : Number(match[1]);
}

/**
 * The search term that keeps tickets created at or before an instant. Zendesk's search reference documents `<` and `>`
 * (no `<=`) and ISO 8601 date-times for times (a bare date would mean a whole day in the account's time zone), and
 * Zendesk keeps whole seconds: at or before 12:00:00.5 is before 12:00:01, `created<2024-05-01T12:00:01Z`.
 */
export function createdAtOrBeforeTerm(instant: string | null | undefined): string {
  if (instant === null || instant === undefined) return '';
  const at = Date.parse(instant);
  if (Number.isNaN(at)) throw new RangeError(`createdAtOrBefore must be an ISO 8601 instant: ${JSON.stringify(instant)}`);
  return `created<${new Date((Math.floor(at / 1000) + 1) * 1000).toISOString().replace('.000Z', 'Z')}`;
}

/** Newest first; equal creation times fall back to the higher (later) id so pages are stable. */
function newestFirst(a: ZendeskTicket, b: ZendeskTicket): number {
  return Date.parse(b.created_at) - Date.parse(a.created_at) || b.id - a.id;
}

/** Groups search results by requester, de-duplicated (offset paging may repeat a result) and newest first. */
function byRequester(tickets: readonly ZendeskTicket[]): Map<string, ZendeskTicket[]> {
  const seen = new Set<number>();
  const groups = new Map<string, ZendeskTicket[]>();
  for (const ticket of tickets) {
    if (seen.has(ticket.id)) continue;
    seen.add(ticket.id);
    const requester = String(ticket.requester_id);
    groups.set(requester, [...(groups.get(requester) ?? []), ticket]);
  }
  for (const list of groups.values()) list.sort(newestFirst);
  return groups;
}

/**
 * The ticket half of the Zendesk connector: tickets per requester through search, and tickets by id. A ticket read
 * by id brings the users it names along (`include=users`); they are kept in `sideloaded` for the rest of the request,
 * so that reading its requester next costs no second request.
 */
export function createTicketReads(client: ZendeskClient, sideloaded: RequestMemo<ZendeskUser>) {
  return {
    /**
     * Tickets of many requesters at once: `type:ticket requester_id:… OR …` searches (at most 50 requesters a query,
     * spread evenly over the fewest queries), sorted by creation, newest first, created at or before the window's
     * `createdAtOrBefore` when it has one; every requester
     * gets a page with its own total and cursor (offsets count within that bound). Each search page
     * sideloads its tickets' metric sets (`include=tickets(metric_sets)`), so the first reply time costs no request.
     */
    async ticketsFor(
      requesterIds: readonly string[],
      window: ListWindow & { status?: TicketStatus | null },
      opts?: CallOptions,
    ): Promise<Map<string, Page<Ticket>>> {
      const fetchedAt = new Date().toISOString();
      const filters = [window.status ? `status:${window.status.toLowerCase()}` : '', createdAtOrBeforeTerm(window.createdAtOrBefore)];
      const suffix = filters.filter((term) => term !== '').join(' ');
      const searchedIds = [...new Set(requesterIds.filter(isZendeskId))];
      const perQuery = evenShare(searchedIds.length, REQUESTERS_PER_TICKET_QUERY);
      const queries = anyOfQueries('type:ticket', 'requester_id', searchedIds, suffix, perQuery);
      const params = { sortBy: 'created_at', sortOrder: 'desc', include: 'tickets(metric_sets)' } as const;
      const searched = (await mapConcurrent(queries, 4, (query) => searchPages(client, ticketSearchSchema, query, opts, params))).flat();
      const found = byRequester(searched.flatMap((page) => page.results));
      const metrics = new Map<number, ZendeskMetricSet>(searched.flatMap((page) => (page.metric_sets ?? []).map((m) => [m.ticket_id, m] as const)));
      const offset = parseTicketCursor(window.after);
      const first = Math.max(0, window.first);
      const pages = new Map<string, Page<Ticket>>();
      for (const id of new Set(requesterIds)) {
        const all = found.get(id) ?? [];
        const end = offset + first;
        pages.set(id, {
          items: all.slice(offset, end).map((ticket) => toTicket(ticket, fetchedAt, metrics.get(ticket.id))),
          next: end < all.length ? ticketCursor(end) : null,
          totalCount: all.length,
        });
      }
      return pages;
    },

    /** A ticket by id (`GET /api/v2/tickets/{id}?include=users`), or null when Zendesk does not have it. */
    async getTicket(ticketId: string, opts?: CallOptions): Promise<Ticket | null> {
      if (!isZendeskId(ticketId)) return null;
      const shown = await client.showTicket(ticketId, opts);
      if (shown === null) return null;
      for (const user of shown.users) sideloaded.keep(opts?.scope, String(user.id), user);
      return toTicket(shown.ticket, new Date().toISOString());
    },

    /** Tickets by id, 100 a call (`GET /api/v2/tickets/show_many`); unknown ids are absent from the map. */
    async getTickets(ticketIds: readonly string[], opts?: CallOptions): Promise<Map<string, Ticket>> {
      const fetchedAt = new Date().toISOString();
      return inBatches(ticketIds.filter(isZendeskId), SHOW_MANY_LIMIT, async (batch) => {
        const tickets = await client.showManyTickets(batch, opts);
        return new Map(tickets.map((ticket) => [String(ticket.id), toTicket(ticket, fetchedAt)]));
      });
    },
  } satisfies TicketSource & Record<string, unknown>;
}
