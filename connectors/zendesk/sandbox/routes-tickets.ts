import type { FastifyInstance } from 'fastify';
import { invalidAttribute, recordNotFound } from './answers.js';
import { sendList } from './paging.js';
import { getWithJson, isAnswer, originOf, pathParam, queryParam, readIdList, sendAnswer, sideloads } from './routing.js';
import { ticketJson, userJson } from './serialize.js';
import type { ZendeskStore } from './store.js';

/** The tickets endpoints: list, show many and show one (with the `users` sideload). */
export function registerTicketRoutes(app: FastifyInstance, store: ZendeskStore): void {
  getWithJson(app, '/api/v2/tickets', async (request, reply) => {
    const origin = originOf(request);
    return sendList(request, reply, 'tickets', store.ticketsInIdOrder(), (ticket) => ticketJson(ticket, origin));
  });

  getWithJson(app, '/api/v2/tickets/show_many', async (request, reply) => {
    const ids = readIdList(request, 'ids');
    if (isAnswer(ids)) return sendAnswer(reply, ids);
    if (ids === undefined) return sendAnswer(reply, invalidAttribute('ids', 'ids is required'));
    const origin = originOf(request);
    return reply.send({ tickets: ids.flatMap((id) => store.tickets.get(id) ?? []).map((ticket) => ticketJson(ticket, origin)) });
  });

  getWithJson(app, '/api/v2/tickets/:ticket_id', async (request, reply) => {
    const ticket = store.tickets.get(pathParam(request, 'ticket_id'));
    if (!ticket) return sendAnswer(reply, recordNotFound());
    const origin = originOf(request);
    if (!sideloads(request).get('')?.has('users')) return reply.send({ ticket: ticketJson(ticket, origin) });
    // `include=users` sideloads the users the ticket names (requester, submitter, assignee). The sandbox's agent is
    // no user record of its world, so only the requester (who is also the submitter) comes along, while it exists.
    const requester = store.users.get(ticket.requesterId);
    return reply.send({ ticket: ticketJson(ticket, origin), users: requester ? [userJson(requester, origin)] : [] });
  });
}
