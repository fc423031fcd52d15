import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { HUBSPOT_LIMITS } from '../limits.js';
import { batchAnswer, notFoundInputs, objectNotFound, validationError } from './answers.js';
import { inlineAssociations, send } from './associations.js';
import { jsonArray, sendJsonText, withMembers } from '../../sandbox-kit/index.js';
import { intParam, listParam, publicObjectText, toPublicObject } from './projection.js';
import { fold, type ContactStore } from './store.js';

const CONTACTS = '/crm/v3/objects/contacts';
const UNIQUE_PROPERTIES = new Set(['hs_object_id', 'email']);

const batchReadBody = z.object({
  inputs: z.array(z.object({ id: z.string() })),
  properties: z.array(z.string()),
  propertiesWithHistory: z.array(z.string()),
  idProperty: z.string().optional(),
});

/** The first problem of a request body, phrased the way HubSpot's JSON binding reports it. */
export function bindingProblem(error: z.ZodError, type: string): string {
  const issue = error.issues[0];
  const where = issue?.path.join('.') || 'body';
  return `Invalid input JSON: Cannot build ${type}, ${where}: ${issue?.message ?? 'invalid'}`;
}

type Query = Record<string, unknown>;

const gdprBody = z.object({ objectId: z.string().min(1), idProperty: z.string().optional() });

/**
 * `POST .../gdpr-delete`: permanently deletes a contact (204), gone from every read and from the truth. By email,
 * every contact holding the address goes and the address is blocklisted (found or not: the spec blocklists an
 * unknown one, and the sandbox does not let an erased one come back either), so no contact can be created with it.
 * An unknown record id is a 404; a delete by id blocklists nothing.
 */
export function gdprRoutes(app: FastifyInstance, store: ContactStore) {
  app.post(`${CONTACTS}/gdpr-delete`, async (request, reply) => {
    const parsed = gdprBody.safeParse(request.body);
    if (!parsed.success) return send(reply, validationError(bindingProblem(parsed.error, 'PublicGdprDeleteInput')));
    const { objectId, idProperty = 'hs_object_id' } = parsed.data;
    if (!UNIQUE_PROPERTIES.has(idProperty)) return send(reply, validationError(`${idProperty} is not a unique property of contacts`));
    let contact = store.find(objectId, idProperty);
    if (contact === undefined && idProperty !== 'email') return send(reply, objectNotFound());
    if (idProperty === 'email') store.blocklist.add(fold(objectId));
    // Every contact holding the address goes: an erasure that leaves a duplicate behind is no erasure.
    for (; contact !== undefined; contact = store.find(objectId, idProperty)) store.remove(contact);
    return reply.status(204).send();
  });
}

/** List, get and batch read of contacts. */
export function contactRoutes(app: FastifyInstance, store: ContactStore) {
  app.get(CONTACTS, async (request, reply) => {
    const q = request.query as Query;
    const limit = intParam(q.limit) ?? 10;
    if (!(limit >= 1 && limit <= HUBSPOT_LIMITS.listPage)) return send(reply, validationError(`limit must be between 1 and ${HUBSPOT_LIMITS.listPage}`));
    const after = intParam(q.after) ?? 0;
    if (Number.isNaN(after)) return send(reply, validationError('after must be a paging cursor returned by a previous page'));
    const pool = q.archived === 'true' ? [] : store.contacts.slice(store.positionFrom(after));
    const page = pool.slice(0, limit);
    const last = page.at(-1);
    const properties = listParam(q.properties);
    const types = listParam(q.associations);
    // `{ results, paging? }`, each result the contact's kept text with its associations (if any) appended.
    const results = jsonArray(page.map((c) => withMembers(publicObjectText(store, c, properties), inlineAssociations(store, c, types))));
    if (pool.length <= limit || last === undefined) return sendJsonText(reply, `{"results":${results}}`);
    const next = String(Number(last.id) + 1);
    const link = `${request.protocol}://${request.host}${CONTACTS}?limit=${limit}&after=${next}`;
    return sendJsonText(reply, `{"results":${results},"paging":${JSON.stringify({ next: { after: next, link } })}}`);
  });

  app.get<{ Params: { contactId: string } }>(`${CONTACTS}/:contactId`, async (request, reply) => {
    const q = request.query as Query;
    const idProperty = typeof q.idProperty === 'string' ? q.idProperty : 'hs_object_id';
    if (!UNIQUE_PROPERTIES.has(idProperty)) return send(reply, validationError(`${idProperty} is not a unique property of contacts`));
    const contact = q.archived === 'true' ? undefined : store.find(request.params.contactId, idProperty);
    if (contact === undefined) return send(reply, objectNotFound());
    return { ...toPublicObject(contact, listParam(q.properties), listParam(q.propertiesWithHistory)), ...inlineAssociations(store, contact, listParam(q.associations)) };
  });

  app.post(`${CONTACTS}/batch/read`, async (request, reply) => {
    const startedAt = new Date().toISOString();
    const parsed = batchReadBody.safeParse(request.body);
    if (!parsed.success) return send(reply, validationError(bindingProblem(parsed.error, 'BatchReadInputSimplePublicObjectId')));
    const { inputs, properties, propertiesWithHistory, idProperty = 'hs_object_id' } = parsed.data;
    if (inputs.length > HUBSPOT_LIMITS.batchRead) return send(reply, validationError(`Batch input size must be at most ${HUBSPOT_LIMITS.batchRead}, got ${inputs.length}`));
    if (propertiesWithHistory.length > 0 && inputs.length > HUBSPOT_LIMITS.batchReadWithHistory) {
      return send(reply, validationError(`The maximum number of inputs supported in a batch request for property histories is ${HUBSPOT_LIMITS.batchReadWithHistory}. Please reduce the number of items and try again`));
    }
    if (!UNIQUE_PROPERTIES.has(idProperty)) return send(reply, validationError(`${idProperty} is not a unique property of contacts`));
    const archived = (request.query as Query).archived === 'true';
    const results = [];
    const missing: string[] = [];
    const seen = new Set<string>();
    for (const { id } of inputs) {
      const contact = archived ? undefined : store.find(id, idProperty);
      if (contact === undefined) missing.push(id);
      else if (!seen.has(contact.id)) results.push(toPublicObject(contact, properties, propertiesWithHistory));
      if (contact) seen.add(contact.id);
    }
    const errors = missing.length === 0 ? [] : [notFoundInputs('Could not get some CONTACT objects, they may be deleted or not exist. Check that ids are valid.', missing)];
    return send(reply, batchAnswer(results, errors, startedAt));
  });
}
