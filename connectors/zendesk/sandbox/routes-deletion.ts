import type { FastifyInstance } from 'fastify';
import { rateLimited, recordNotFound } from './answers.js';
import type { DeletionLimit } from './deletion-limit.js';
import { deleteWithJson, getWithJson, originOf, pathParam, queryParam, sendAnswer } from './routing.js';
import { AGENT_ID, deletedUserJson, userJson, zendeskTime } from './serialize.js';
import type { ComplianceDeletionStatus, ZendeskStore } from './store.js';

/** The `account_subdomain` the sandbox account reports. */
const ACCOUNT_SUBDOMAIN = 'sandbox';

/** The compliance rows of a permanent deletion: requested by the agent for all products, then run for Support. */
function deletionRows(userId: string, now: number): ComplianceDeletionStatus[] {
  const row = (action: ComplianceDeletionStatus['action'], application: string, executer: number | null, at: number) => ({
    account_subdomain: ACCOUNT_SUBDOMAIN,
    action,
    application,
    created_at: zendeskTime(new Date(at).toISOString()),
    executer_id: executer,
    user_id: Number(userId),
  });
  return [row('request_deletion', 'all', AGENT_ID, now), row('started', 'support', null, now), row('complete', 'support', null, now)];
}

/**
 * Zendesk's GDPR deletion: soft delete (`DELETE /users/{id}`: the user leaves search, show_many and lists but is
 * still held, its tickets stay), `GET`/`DELETE /deleted_users/{id}` (permanent deletion, limited per 10 minutes)
 * and the compliance deletion statuses.
 */
export function registerDeletionRoutes(app: FastifyInstance, store: ZendeskStore, limit: DeletionLimit, now: () => number = Date.now): void {
  deleteWithJson(app, '/api/v2/users/:user_id', async (request, reply) => {
    const id = pathParam(request, 'user_id');
    const user = store.softDelete(id);
    if (!user) return sendAnswer(reply, recordNotFound());
    user.updatedAt = new Date(now()).toISOString();
    return reply.send({ user: { ...userJson(user, originOf(request)), active: false } });
  });

  getWithJson(app, '/api/v2/deleted_users/:deleted_user_id', async (request, reply) => {
    const user = store.deletedUsers.get(pathParam(request, 'deleted_user_id'));
    if (!user) return sendAnswer(reply, recordNotFound());
    return reply.send({ deleted_user: deletedUserJson(user, originOf(request)) });
  });

  deleteWithJson(app, '/api/v2/deleted_users/:deleted_user_id', async (request, reply) => {
    const wait = limit.retryAfterSeconds();
    if (wait > 0) return sendAnswer(reply, rateLimited(wait));
    const id = pathParam(request, 'deleted_user_id');
    const user = store.purge(id);
    // Only a soft-deleted user can be permanently deleted.
    if (!user) return sendAnswer(reply, recordNotFound());
    limit.record();
    store.complianceStatuses.set(id, [...(store.complianceStatuses.get(id) ?? []), ...deletionRows(id, now())]);
    return reply.send({ deleted_user: deletedUserJson(user, originOf(request)) });
  });

  getWithJson(app, '/api/v2/users/:user_id/compliance_deletion_statuses', async (request, reply) => {
    const id = pathParam(request, 'user_id');
    const rows = store.complianceStatuses.get(id);
    if (!rows && !store.users.has(id) && !store.deletedUsers.has(id)) return sendAnswer(reply, recordNotFound());
    const application = queryParam(request, 'application');
    return reply.send({ compliance_deletion_statuses: (rows ?? []).filter((row) => application === undefined || row.application === application) });
  });
}
