import type { CallOptions, ConnectorHooks, QuotaAnnouncement } from '../../src/model/index.js';
import { createHttpClient, headerCount, windowQuota, type RawResponse } from '../shared/index.js';
import { basicAuthHeader } from './auth.js';
import type { ZendeskSettings } from './config.js';
import {
  deletedUserResponseSchema,
  ticketsResponseSchema,
  ticketWithUsersResponseSchema,
  usersCursorPageSchema,
  userShowStateResponseSchema,
  userStateResponseSchema,
  usersResponseSchema,
  type SearchPage,
} from './schemas.js';
import type { z } from 'zod';

/** Hooks a caller may attach to the connector's HTTP traffic: observers and budgets. */
export type ZendeskHooks = ConnectorHooks;

/** The search parameters of `GET /api/v2/search` with offset pagination. */
export interface SearchParams {
  query: string;
  page: number;
  perPage: number;
  sortBy?: 'created_at' | 'updated_at';
  sortOrder?: 'asc' | 'desc';
  /** Sideloads of the results, e.g. `tickets(metric_sets)`. */
  include?: string;
}

const CODE = /^[A-Za-z][A-Za-z_ ]{0,39}$/;

/** A short, safe label of a Zendesk error body: its `error` code (or `error.title`), never its description. */
export function describeZendeskError(res: RawResponse): string | undefined {
  const error = (res.body as { error?: unknown } | undefined)?.error;
  const code = typeof error === 'string' ? error : (error as { title?: unknown } | undefined)?.title;
  return typeof code === 'string' && CODE.test(code) ? code : undefined;
}

/**
 * What Zendesk's headers say of the account's per-minute limit: `X-Rate-Limit` and `X-Rate-Limit-Remaining` (every
 * answer), or `ratelimit-limit`/`-remaining` with `ratelimit-reset`, the seconds to the window's end (Ticketing API).
 * Without a reset the window is taken to end a minute from now, the longest it can.
 */
export function zendeskQuota(res: RawResponse): QuotaAnnouncement | undefined {
  const reset = headerCount(res, 'ratelimit-reset');
  return windowQuota(
    headerCount(res, 'x-rate-limit', 'ratelimit-limit'),
    headerCount(res, 'x-rate-limit-remaining', 'ratelimit-remaining'),
    reset === undefined ? 60_000 : reset * 1000,
    60_000,
  );
}

/** Creates the Zendesk Support API client: the endpoints the connector calls, with API-token auth. */
export function createZendeskClient(config: ZendeskSettings, hooks: ZendeskHooks = {}) {
  const http = createHttpClient({
    source: 'SUPPORT',
    baseURL: config.baseUrl,
    headers: { Authorization: basicAuthHeader(config) },
    attemptTimeoutMs: config.attemptTimeoutMs,
    describeError: describeZendeskError,
    announcedQuota: zendeskQuota,
    onCall: hooks.onCall,
    retryBudget: hooks.retryBudget,
    requestBudget: hooks.requestBudget,
  });

  /** One data-deletion call about one user (both methods safe to repeat): its HTTP status and the user's id and `active`, or null on 404. */
  async function userCall<S extends z.ZodType>(
    method: 'GET' | 'DELETE',
    collection: 'users' | 'deleted_users',
    id: string,
    schema: S,
    pick: (data: z.output<S>) => { id: number; active?: boolean | undefined },
    opts?: CallOptions,
  ) {
    const path = `/api/v2/${collection}/${encodeURIComponent(id)}`;
    const res = await http.request({ method, path, endpoint: `/api/v2/${collection}/{id}`, schema, nullOn: [404], idempotent: true }, opts);
    return res === null ? null : { status: res.status, user: pick(res.data as z.output<S>) };
  }

  return {
    /**
     * `GET /api/v2/users/show_many?ids=` or `?external_ids=` (≤ 100) with the users' identities sideloaded; unknown
     * ids are absent.
     */
    async showManyUsers(by: 'ids' | 'external_ids', values: readonly string[], opts?: CallOptions) {
      const query = { [by]: values.join(','), include: 'identities' };
      const res = await http.request({ method: 'GET', path: '/api/v2/users/show_many', query, schema: usersResponseSchema }, opts);
      return res.data;
    },

    /** `GET /api/v2/users?role=end-user&page[size]=&page[after]=&include=identities` — cursor pagination in id order. */
    async listUsers(size: number, after: string | undefined, opts?: CallOptions) {
      const query = { role: 'end-user', 'page[size]': size, 'page[after]': after, include: 'identities' };
      const res = await http.request({ method: 'GET', path: '/api/v2/users', query, schema: usersCursorPageSchema }, opts);
      return res.data;
    },

    /** `GET /api/v2/search?query=&page=&per_page=` — one page of results, validated by `schema`. */
    async search<T>(schema: z.ZodType<SearchPage<T>>, params: SearchParams, opts?: CallOptions): Promise<SearchPage<T>> {
      const query = {
        query: params.query,
        sort_by: params.sortBy,
        sort_order: params.sortOrder,
        page: params.page,
        per_page: params.perPage,
        include: params.include,
      };
      const res = await http.request({ method: 'GET', path: '/api/v2/search', query, schema }, opts);
      return res.data;
    },

    /** `GET /api/v2/tickets/{id}?include=users`: the ticket and the users it names (sideloaded); null when Zendesk answers 404. */
    async showTicket(id: string, opts?: CallOptions) {
      const path = `/api/v2/tickets/${encodeURIComponent(id)}`;
      const res = await http.request({ method: 'GET', path, endpoint: '/api/v2/tickets/{id}', query: { include: 'users' }, schema: ticketWithUsersResponseSchema, nullOn: [404] }, opts);
      return res === null ? null : { ticket: res.data.ticket, users: res.data.users };
    },

    /** `GET /api/v2/tickets/show_many?ids=` (≤ 100); unknown ids are absent. */
    async showManyTickets(ids: readonly string[], opts?: CallOptions) {
      const query = { ids: ids.join(',') };
      const res = await http.request({ method: 'GET', path: '/api/v2/tickets/show_many', query, schema: ticketsResponseSchema }, opts);
      return res.data.tickets;
    },

    // Data deletion (GDPR). A 404 answers null. Repeating a DELETE cannot harm (a second one finds nothing),
    // so a reset or 5xx attempt may be sent again; a throttled one is resent by the shared client either way.

    /** `GET /api/v2/users/{id}`: the user's id and `active` (false once soft-deleted); null on 404. */
    showUserState: (id: string, opts?: CallOptions) => userCall('GET', 'users', id, userShowStateResponseSchema, (d) => d.user, opts),

    /** `DELETE /api/v2/users/{id}`: soft delete; null on 404. */
    deleteUser: (id: string, opts?: CallOptions) => userCall('DELETE', 'users', id, userStateResponseSchema, (d) => d.user, opts),

    /** `GET /api/v2/deleted_users/{id}`: a soft-deleted user not yet permanently deleted; null on 404. */
    showDeletedUser: (id: string, opts?: CallOptions) => userCall('GET', 'deleted_users', id, deletedUserResponseSchema, (d) => d.deleted_user, opts),

    /** `DELETE /api/v2/deleted_users/{id}`: permanent delete (700 per 10 minutes); null on 404. */
    permanentlyDeleteUser: (id: string, opts?: CallOptions) => userCall('DELETE', 'deleted_users', id, deletedUserResponseSchema, (d) => d.deleted_user, opts),
  };
}

/** The Zendesk endpoints the connector calls. */
export type ZendeskClient = ReturnType<typeof createZendeskClient>;
