import type { FastifyInstance, FastifyRequest } from 'fastify';
import { jsonArray, sendJsonText, withMembers, type WorldContact } from '../../sandbox-kit/index.js';
import { invalidAttribute, recordNotFound } from './answers.js';
import { sendList } from './paging.js';
import { getWithJson, isAnswer, originOf, pathParam, queryParam, readIdList, sendAnswer, sideloads } from './routing.js';
import { userText } from './kept-texts.js';
import { identitiesJson, ticketJson, userJson } from './serialize.js';
import { byNumericId, type ZendeskStore } from './store.js';

/** Every user in the sandbox is an end-user. */
const ROLE = 'end-user';

/** The `identities` sideload of a users answer when `include=identities` asks for it: every identity of those users. */
function identitiesSideload(request: FastifyRequest, origin: string) {
  const wanted = sideloads(request).get('')?.has('identities') ?? false;
  return (users: readonly WorldContact[]): Record<string, unknown[]> => (wanted ? { identities: users.flatMap((user) => identitiesJson(user, origin)) } : {});
}

/** The users endpoints: show many, list, show one, a user's identities, and the tickets a user requested. */
export function registerUserRoutes(app: FastifyInstance, store: ZendeskStore): void {
  getWithJson(app, '/api/v2/users/show_many', async (request, reply) => {
    const ids = readIdList(request, 'ids');
    const externalIds = ids === undefined ? readIdList(request, 'external_ids') : undefined;
    if (isAnswer(ids)) return sendAnswer(reply, ids);
    if (isAnswer(externalIds)) return sendAnswer(reply, externalIds);
    if (ids === undefined && externalIds === undefined) return sendAnswer(reply, invalidAttribute('ids', 'Either ids or external_ids is required'));
    const wanted = new Set(externalIds?.map((id) => id.toLowerCase()));
    const users = ids !== undefined
      ? ids.flatMap((id) => store.users.get(id) ?? [])
      : [...new Set([...wanted].flatMap((id) => store.usersBy('external_id', id)))]
          .filter((user) => user.xref !== null && wanted.has(user.xref.toLowerCase()))
          .sort(byNumericId);
    const origin = originOf(request);
    // `{ users, identities? }`, the users from their kept texts.
    return sendJsonText(reply, withMembers(`{"users":${jsonArray(users.map((user) => userText(store, user, origin)))}}`, identitiesSideload(request, origin)(users)));
  });

  getWithJson(app, '/api/v2/users', async (request, reply) => {
    const role = queryParam(request, 'role');
    const users = role === undefined || role === ROLE ? store.usersInIdOrder() : [];
    const origin = originOf(request);
    return sendList(request, reply, 'users', users, (user) => userJson(user, origin), identitiesSideload(request, origin));
  });

  getWithJson(app, '/api/v2/users/:user_id', async (request, reply) => {
    const id = pathParam(request, 'user_id');
    const user = store.users.get(id);
    if (user) return reply.send({ user: userJson(user, originOf(request)) });
    // A soft-deleted user is still shown, with `active: false` ("false if the user has been deleted", OAS).
    const deleted = store.deletedUsers.get(id);
    if (!deleted) return sendAnswer(reply, recordNotFound());
    return reply.send({ user: { ...userJson(deleted, originOf(request)), active: false } });
  });

  getWithJson(app, '/api/v2/users/:user_id/identities', async (request, reply) => {
    const user = store.users.get(pathParam(request, 'user_id'));
    if (!user) return sendAnswer(reply, recordNotFound());
    const origin = originOf(request);
    // Paged like any list (cursor or offset), by the identities' integer ids.
    const identities = identitiesJson(user, origin).map((json) => ({ id: String(json.id), json }));
    return sendList(request, reply, 'identities', identities, (identity) => identity.json);
  });

  getWithJson(app, '/api/v2/users/:user_id/tickets/requested', async (request, reply) => {
    const id = pathParam(request, 'user_id');
    // The tickets of a soft-deleted user stay.
    if (!store.users.has(id) && !store.deletedUsers.has(id)) return sendAnswer(reply, recordNotFound());
    const origin = originOf(request);
    return sendList(request, reply, 'tickets', store.ticketsInIdOrder(id), (ticket) => ticketJson(ticket, origin));
  });
}
