import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { HUBSPOT_LIMITS } from '../limits.js';
import { batchAnswer, notFoundInputs, objectNotFound, validationError } from './answers.js';
import { associationsOf, objectTypeOf, send } from './associations.js';
import { intParam } from './projection.js';
import { bindingProblem } from './routes-contacts.js';
import type { ContactStore } from './store.js';

const batchBody = z.object({ inputs: z.array(z.object({ id: z.string(), after: z.string().optional() })) });

type Pair = { fromObjectType: string; toObjectType: string };

/** The from/to object types of a v4 request, or the message HubSpot rejects unknown ones with. */
function typesOf({ fromObjectType, toObjectType }: Pair): { to: 'contacts' | 'companies' | 'deals' } | { error: string } {
  const from = objectTypeOf(fromObjectType);
  const to = objectTypeOf(toObjectType);
  if (from === undefined) return { error: `Unable to infer object type from: ${fromObjectType}` };
  if (to === undefined) return { error: `Unable to infer object type from: ${toObjectType}` };
  // The sandbox only holds contacts: associations are read from their side.
  if (from !== 'contacts') return { error: `The sandbox reads associations from contacts only, not ${fromObjectType}` };
  return { to };
}

/** Associations v4: one contact's associations (paged), and a batch read over many contacts. */
export function associationRoutes(app: FastifyInstance, store: ContactStore) {
  app.get<{ Params: { objectType: string; objectId: string; toObjectType: string } }>(
    '/crm/v4/objects/:objectType/:objectId/associations/:toObjectType',
    async (request, reply) => {
      const types = typesOf({ fromObjectType: request.params.objectType, toObjectType: request.params.toObjectType });
      if ('error' in types) return send(reply, validationError(types.error));
      const q = request.query as Record<string, unknown>;
      const limit = intParam(q.limit) ?? HUBSPOT_LIMITS.associationsPage;
      const offset = intParam(q.after) ?? 0;
      if (!(limit >= 1 && limit <= HUBSPOT_LIMITS.associationsPage) || Number.isNaN(offset)) return send(reply, validationError('invalid limit or after'));
      const contact = store.find(request.params.objectId);
      if (contact === undefined) return send(reply, objectNotFound());
      const all = associationsOf(store, contact, types.to);
      const results = all.slice(offset, offset + limit);
      const next = offset + limit;
      return next < all.length ? { results, paging: { next: { after: String(next), link: `?after=${next}` } } } : { results };
    },
  );

  app.post<{ Params: Pair }>('/crm/v4/associations/:fromObjectType/:toObjectType/batch/read', async (request, reply) => {
    const startedAt = new Date().toISOString();
    const types = typesOf(request.params);
    if ('error' in types) return send(reply, validationError(types.error));
    const { to } = types;
    const parsed = batchBody.safeParse(request.body);
    if (!parsed.success) return send(reply, validationError(bindingProblem(parsed.error, 'BatchInputPublicFetchAssociationsBatchRequest')));
    const { inputs } = parsed.data;
    if (inputs.length > HUBSPOT_LIMITS.associationsBatchRead) {
      return send(reply, validationError(`Batch input size must be at most ${HUBSPOT_LIMITS.associationsBatchRead}, got ${inputs.length}`));
    }
    const results = [];
    const missing: string[] = [];
    for (const { id } of inputs) {
      const contact = store.find(id);
      const found = contact ? associationsOf(store, contact, to) : [];
      if (found.length === 0) missing.push(id);
      else results.push({ from: { id }, to: found });
    }
    // Like HubSpot, an id without associations (or unknown) is reported as an error of a 207, not an empty result.
    const errors = missing.length === 0 ? [] : [notFoundInputs(`No ${to} are associated with some contacts, or they do not exist.`, missing)];
    return send(reply, batchAnswer(results, errors, startedAt));
  });
}
