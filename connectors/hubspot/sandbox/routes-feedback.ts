import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { HUBSPOT_LIMITS } from '../limits.js';
import { batchAnswer, notFoundInputs, objectNotFound, validationError } from './answers.js';
import { send } from './associations.js';
import type { FeedbackStore, StoredSubmission } from './feedback-store.js';
import { listParam, projectObject } from './projection.js';
import { bindingProblem } from './routes-contacts.js';
import { searchPage } from './routes-search.js';
import { indexedCandidates } from './search-candidates.js';
import { matchesSearch, sortContacts } from './search-match.js';
import { parseSearchRequest, type SearchFilter } from './search-request.js';

const FEEDBACK = '/crm/v3/objects/feedback_submissions';
// What a read of a feedback submission returns by default and always adds (the guide: hs_createdate, hs_lastmodifieddate, hs_object_id).
const PROJECTION = { defaults: [], always: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'] } as const;
const project = (s: StoredSubmission, properties: readonly string[] | undefined) => projectObject(s, properties, PROJECTION);

const batchReadBody = z.object({
  inputs: z.array(z.object({ id: z.string() })),
  properties: z.array(z.string()),
  propertiesWithHistory: z.array(z.string()),
});

/** The submissions one filter can match from an index (by contact or by id); null when it needs a scan. */
function filterCandidates(store: FeedbackStore, f: SearchFilter): readonly StoredSubmission[] | null {
  const values = f.operator === 'EQ' && f.value !== undefined ? [f.value] : f.operator === 'IN' ? (f.values ?? []) : null;
  if (values === null) return null;
  if (f.propertyName === 'hs_contact_id') return store.byContact.any(values.map((v) => v.trim()));
  if (f.propertyName === 'hs_object_id') return values.flatMap((v) => store.find(v) ?? []);
  return null;
}

/**
 * HubSpot's feedback submissions object (read-only): get by id, batch read by id, and search with HubSpot's filter,
 * sort and paging rules (shared with contact search). Searches by `hs_contact_id` answer from the contact index.
 */
export function feedbackRoutes(app: FastifyInstance, store: FeedbackStore) {
  app.get<{ Params: { id: string } }>(`${FEEDBACK}/:id`, async (request, reply) => {
    const q = request.query as Record<string, unknown>;
    const found = q.archived === 'true' ? undefined : store.find(request.params.id);
    if (found === undefined) return send(reply, objectNotFound());
    return project(found, listParam(q.properties));
  });

  app.post(`${FEEDBACK}/batch/read`, async (request, reply) => {
    const startedAt = new Date().toISOString();
    const parsed = batchReadBody.safeParse(request.body);
    if (!parsed.success) return send(reply, validationError(bindingProblem(parsed.error, 'BatchReadInputSimplePublicObjectId')));
    const { inputs, properties } = parsed.data;
    if (inputs.length > HUBSPOT_LIMITS.batchRead) return send(reply, validationError(`Batch input size must be at most ${HUBSPOT_LIMITS.batchRead}, got ${inputs.length}`));
    const found = inputs.map(({ id }) => [id, store.find(id)] as const);
    const missing = found.filter(([, s]) => s === undefined).map(([id]) => id);
    const results = [...new Set(found.flatMap(([, s]) => s ?? []))].map((s) => project(s, properties));
    const errors = missing.length === 0 ? [] : [notFoundInputs('Could not get some FEEDBACK_SUBMISSION objects, they may be deleted or not exist. Check that ids are valid.', missing)];
    return send(reply, batchAnswer(results, errors, startedAt));
  });

  app.post(`${FEEDBACK}/search`, async (request, reply) => {
    const search = parseSearchRequest(request.body);
    if (typeof search === 'string') return send(reply, validationError(search));
    const matched = sortContacts(indexedCandidates(search, store.submissions, (f) => filterCandidates(store, f)).filter((s) => matchesSearch(s, search)), search.sorts);
    return searchPage(matched, search, (s) => project(s, search.properties));
  });
}
