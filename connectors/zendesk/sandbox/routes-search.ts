import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { invalidAttribute, invalidSearch } from './answers.js';
import { readOffsetWindow, offsetPage } from './paging.js';
import { getWithJson, isAnswer, originOf, queryParam, sendAnswer, sideloads } from './routing.js';
import { searchStore, sortHits, type SearchHit } from './search-engine.js';
import { SearchSyntaxError } from './search-syntax.js';
import { jsonArray, sendJsonText, withMembers } from '../../sandbox-kit/index.js';
import { userText } from './kept-texts.js';
import { ticketJson, userJson } from './serialize.js';
import { metricSetJson } from './ticket-metrics.js';
import type { ZendeskStore } from './store.js';

/** Search serves at most 1000 results per query; deeper pages are refused. */
const MAX_SEARCH_RESULTS = 1000;
const tooDeep = () => invalidSearch('Requested response size was greater than Search Response Limits');

function hitJson(hit: SearchHit, origin: string) {
  return hit.type === 'user'
    ? { ...userJson(hit.record, origin), result_type: 'user' }
    : { ...ticketJson(hit.record, origin), result_type: 'ticket' };
}

/** Runs the request's query, or answers Zendesk's 422 for invalid syntax. */
function runQuery(request: FastifyRequest, reply: FastifyReply, store: ZendeskStore, onlyUsers: boolean): SearchHit[] | null {
  try {
    const hits = searchStore(store, queryParam(request, 'query') ?? '', onlyUsers);
    return sortHits(hits, queryParam(request, 'sort_by'), queryParam(request, 'sort_order'));
  } catch (error) {
    if (!(error instanceof SearchSyntaxError)) throw error;
    sendAnswer(reply, invalidSearch(error.message));
    return null;
  }
}

/** `GET /api/v2/search` and `GET /api/v2/users/search`: Zendesk search syntax, offset pagination only. */
export function registerSearchRoutes(app: FastifyInstance, store: ZendeskStore): void {
  getWithJson(app, '/api/v2/search', async (request, reply) => {
    const window = readOffsetWindow(request, MAX_SEARCH_RESULTS, tooDeep);
    if (isAnswer(window)) return sendAnswer(reply, window);
    const hits = runQuery(request, reply, store, false);
    if (hits === null) return reply;
    const { slice, ...page } = offsetPage(request, hits, window);
    const origin = originOf(request);
    // `include=tickets(metric_sets)` sideloads the metric set of every ticket on the page, in the same answer.
    if (!sideloads(request).get('tickets')?.has('metric_sets')) {
      // `{ results, facets, ...page }`, user hits from the users' kept texts.
      const texts = slice.map((hit) => (hit.type === 'user' ? withMembers(userText(store, hit.record, origin), { result_type: 'user' }) : JSON.stringify(hitJson(hit, origin))));
      return sendJsonText(reply, withMembers(`{"results":${jsonArray(texts)},"facets":null}`, page));
    }
    const results = slice.map((hit) => hitJson(hit, origin));
    const metricSets = slice.flatMap((hit) => (hit.type === 'ticket' ? [metricSetJson(hit.record, origin)] : []));
    return reply.send({ results, metric_sets: metricSets, facets: null, ...page });
  });

  getWithJson(app, '/api/v2/users/search', async (request, reply) => {
    const window = readOffsetWindow(request, MAX_SEARCH_RESULTS, tooDeep);
    if (isAnswer(window)) return sendAnswer(reply, window);
    const externalId = queryParam(request, 'external_id');
    let hits: SearchHit[] | null;
    if (externalId !== undefined) {
      // `external_id` takes one exact id, no search syntax; Zendesk compares external ids case-insensitively.
      const wanted = externalId.trim().toLowerCase();
      const found = new Set(store.usersBy('external_id', wanted).filter((u) => u.xref?.toLowerCase() === wanted));
      // In the store's order, as Zendesk lists them.
      const ordered = found.size <= 1 ? [...found] : [...store.users.values()].filter((u) => found.has(u));
      hits = ordered.map((record) => ({ type: 'user', record }) as const);
    } else if (queryParam(request, 'query') === undefined) {
      return sendAnswer(reply, invalidAttribute('query', 'Either query or external_id is required'));
    } else {
      hits = runQuery(request, reply, store, true);
    }
    if (hits === null) return reply;
    const users = hits.flatMap((hit) => (hit.type === 'user' ? [hit.record] : []));
    const { slice, ...page } = offsetPage(request, users, window);
    const origin = originOf(request);
    return reply.send({ users: slice.map((user) => userJson(user, origin)), ...page });
  });
}
