import type { FastifyInstance } from 'fastify';
import { validationError } from './answers.js';
import { send } from './associations.js';
import { jsonArray, sendJsonText } from '../../sandbox-kit/index.js';
import { publicObjectText } from './projection.js';
import { searchCandidates } from './search-candidates.js';
import { matchesSearch, sortContacts } from './search-match.js';
import { parseSearchRequest, type SearchRequest } from './search-request.js';
import type { ContactStore } from './store.js';

// Search returns these by default, and always adds createdate, lastmodifieddate and hs_object_id.
const SEARCH_DEFAULTS = ['firstname', 'lastname', 'email'];

/** `POST /crm/v3/objects/contacts/search`: filter groups, free text, sorting and offset paging. */
export function searchRoutes(app: FastifyInstance, store: ContactStore) {
  app.post('/crm/v3/objects/contacts/search', async (request, reply) => {
    const search = parseSearchRequest(request.body);
    if (typeof search === 'string') return send(reply, validationError(search));
    const matched = sortContacts(searchCandidates(store, search).filter((c) => matchesSearch(c, search)), search.sorts);
    const properties = search.properties.length > 0 ? search.properties : SEARCH_DEFAULTS;
    const page = matched.slice(search.offset, search.offset + search.limit);
    const paging = nextPaging(matched.length, search);
    // `{ total, results, paging? }`, the results from the contacts' kept texts.
    const results = jsonArray(page.map((c) => publicObjectText(store, c, properties)));
    return sendJsonText(reply, `{"total":${matched.length},"results":${results}${paging ? `,"paging":${JSON.stringify(paging)}` : ''}}`);
  });
}

/** A search page's `paging`: the offset of the next page, unless this one is the last. */
function nextPaging(total: number, search: SearchRequest) {
  const next = search.offset + search.limit;
  return next < total ? { next: { after: String(next), link: `?after=${next}` } } : undefined;
}

/** One page of sorted matches as HubSpot answers a search: the total, the page's records and, unless last, `paging.next`. */
export function searchPage<T>(matched: readonly T[], search: SearchRequest, project: (record: T) => unknown) {
  const paging = nextPaging(matched.length, search);
  const results = matched.slice(search.offset, search.offset + search.limit).map(project);
  return { total: matched.length, results, ...(paging ? { paging } : {}) };
}
