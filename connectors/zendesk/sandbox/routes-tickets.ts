import type { FastifyInstance } from 'fastify';
import { invalidAttribute, recordNotFound } from './answers.js';
import { sendList } from './paging.js';
import { getWithJson, isAnswer, originOf, pathParam, readIdList, sendAnswer } from './routing.js';
import { ticketJson } from './serialize.js';
import type { ZendeskStore } from './store.js';

/** The tickets endpoints: list, show many and show one. */
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
    return reply.send({ ticket: ticketJson(ticket, originOf(request)) });
  });
}
