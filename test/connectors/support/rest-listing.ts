import { http, HttpResponse, type HttpHandler } from 'msw';
import type { ListPageAsked } from './contract-subject.js';

/** The query of a GET to exactly `url` (any query string), else null. */
export function getQueryOf(request: Request, url: string): URLSearchParams | null {
  const asked = new URL(request.url);
  return request.method === 'GET' && `${asked.origin}${asked.pathname}` === url ? asked.searchParams : null;
}

/**
 * The `serve` and `pageOf` of a contact listing a REST vendor pages with two query parameters, its page size and its
 * cursor; `page` writes the vendor's body for a page of `size` records followed by the cursor `next` (null: the last).
 */
export function restListing(url: string, params: { size: string; after: string }, page: (size: number, next: string | null) => Record<string, unknown>) {
  return {
    serve: (next: (after: string | null) => string | null): HttpHandler => http.get(url, ({ request }) => {
      const query = new URL(request.url).searchParams;
      return HttpResponse.json(page(Number(query.get(params.size)), next(query.get(params.after))));
    }),
    pageOf: (request: Request): ListPageAsked | null => {
      const query = getQueryOf(request, url);
      return query && { size: Number(query.get(params.size)), after: query.get(params.after) };
    },
  };
}
