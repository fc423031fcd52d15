import type { z } from 'zod';
import { SourceBadResponse, type CallOptions, type ConnectorHooks } from '../../src/model/index.js';
import { createHttpClient, parseRetryAfter, type RawResponse } from '../shared/index.js';
import type { ResolvedSquareConfig } from './config.js';
import {
  bulkRetrieveCustomersSchema,
  customerPageSchema,
  deleteCustomerSchema,
  listLocationsSchema,
  retrieveCustomerIdSchema,
  retrieveOrderSchema,
  searchOrdersSchema,
  squareErrorBodySchema,
  type SquareOrder,
} from './schemas.js';

type SquareErrorEntry = { category: string; code: string };

/** The body of POST /v2/customers/search as the connector sends it. */
export interface SearchCustomersBody {
  query: {
    filter: Record<string, { exact: string }> | { created_at: { start_at?: string; end_at?: string } };
    sort?: { field: 'CREATED_AT'; order: 'ASC' };
  };
  limit: number;
  cursor?: string;
}

/** The body of POST /v2/orders/search as the connector sends it. */
export interface SearchOrdersBody {
  location_ids: string[];
  query: {
    /** `date_time_filter.created_at` needs `sort_field: CREATED_AT`, which every search sends. */
    filter: { customer_filter: { customer_ids: string[] }; date_time_filter?: { created_at: { end_at: string } } };
    sort: { sort_field: 'CREATED_AT'; sort_order: 'DESC' };
  };
  limit: number;
  return_entries: false;
  cursor?: string;
}

/** Square's endpoints the connector calls, each validated against its schema. */
export interface SquareClient {
  bulkRetrieveCustomers(ids: string[], opts?: CallOptions): Promise<z.output<typeof bulkRetrieveCustomersSchema>>;
  searchCustomers(body: SearchCustomersBody, opts?: CallOptions): Promise<z.output<typeof customerPageSchema>>;
  listCustomers(page: { limit: number; cursor?: string }, opts?: CallOptions): Promise<z.output<typeof customerPageSchema>>;
  listLocations(opts?: CallOptions): Promise<z.output<typeof listLocationsSchema>>;
  searchOrders(body: SearchOrdersBody, opts?: CallOptions): Promise<z.output<typeof searchOrdersSchema>>;
  /** RetrieveOrder; null when Square answers 404. */
  retrieveOrder(orderId: string, opts?: CallOptions): Promise<SquareOrder | null>;
  /** RetrieveCustomer reduced to the id; null when Square answers 404. */
  retrieveCustomerId(customerId: string, opts?: CallOptions): Promise<{ id: string } | null>;
  /** DeleteCustomer (no `version`): the status of Square's success answer, or null when Square answers 404. */
  deleteCustomer(customerId: string, opts?: CallOptions): Promise<{ status: number } | null>;
}

/** A Square error as `CATEGORY/CODE`: enum values only, never the free-text `detail`. */
export function squareErrorCode(error: SquareErrorEntry): string {
  const safe = (value: string) => (/^[A-Z0-9_]{1,64}$/.test(value) ? value : '?');
  return `${safe(error.category)}/${safe(error.code)}`;
}

/** The first Square error of a body as `CATEGORY/CODE`: enum values only, never the free-text `detail`. */
export function describeSquareError(res: RawResponse): string | undefined {
  const parsed = squareErrorBodySchema.safeParse(res.body);
  if (!parsed.success) return undefined;
  const [first] = parsed.data.errors;
  return first ? squareErrorCode(first) : undefined;
}

function isRateLimited(res: RawResponse): boolean {
  return res.status === 429 || describeSquareError(res)?.startsWith('RATE_LIMIT_ERROR/') === true;
}

/** Creates the Square API client: Bearer auth, a pinned Square-Version, jittered backoff on 429. */
export function createSquareClient(config: ResolvedSquareConfig, hooks: ConnectorHooks = {}): SquareClient {
  const http = createHttpClient({
    source: 'POS',
    baseURL: config.baseUrl,
    headers: { Authorization: `Bearer ${config.accessToken}`, 'Square-Version': config.squareVersion },
    attemptTimeoutMs: config.attemptTimeoutMs,
    maxAttempts: config.maxAttempts,
    isRateLimited,
    // Square documents no Retry-After; honour one if it ever comes, else the shared jittered backoff applies.
    retryAfterMs: (res) => parseRetryAfter(res.headers['retry-after']),
    describeError: describeSquareError,
    onCall: hooks.onCall,
    retryBudget: hooks.retryBudget,
    requestBudget: hooks.requestBudget,
  });
  // Searches and batch reads travel in POSTs but change nothing: safe to retry.
  const read = async <S extends z.ZodType>(path: string, body: unknown, schema: S, opts?: CallOptions) =>
    (await http.request({ method: 'POST', path, body, schema, idempotent: true }, opts)).data as z.output<S>;

  return {
    bulkRetrieveCustomers: (ids, opts) => read('/v2/customers/bulk-retrieve', { customer_ids: ids }, bulkRetrieveCustomersSchema, opts),
    searchCustomers: (body, opts) => read('/v2/customers/search', body, customerPageSchema, opts),
    searchOrders: (body, opts) => read('/v2/orders/search', body, searchOrdersSchema, opts),
    async listCustomers({ limit, cursor }, opts) {
      const query = { limit, cursor, sort_field: 'CREATED_AT', sort_order: 'ASC', count: true };
      return (await http.request({ method: 'GET', path: '/v2/customers', query, schema: customerPageSchema }, opts)).data;
    },
    async listLocations(opts) {
      return (await http.request({ method: 'GET', path: '/v2/locations', schema: listLocationsSchema }, opts)).data;
    },
    async retrieveOrder(orderId, opts) {
      const path = `/v2/orders/${encodeURIComponent(orderId)}`;
      const result = await http.request({ method: 'GET', path, endpoint: '/v2/orders/{id}', schema: retrieveOrderSchema, nullOn: [404] }, opts);
      return result?.data.order ?? null;
    },
    async retrieveCustomerId(customerId, opts) {
      const path = `/v2/customers/${encodeURIComponent(customerId)}`;
      const result = await http.request({ method: 'GET', path, endpoint: '/v2/customers/{id}', schema: retrieveCustomerIdSchema, nullOn: [404] }, opts);
      return result ? { id: result.data.customer.id } : null;
    },
    async deleteCustomer(customerId, opts) {
      const path = `/v2/customers/${encodeURIComponent(customerId)}`;
      // Deleting twice leaves the same state (the second answers 404), so a failed attempt may be repeated.
      const spec = { method: 'DELETE', path, endpoint: '/v2/customers/{id}', schema: deleteCustomerSchema, idempotent: true, nullOn: [404] } as const;
      const result = await http.request(spec, opts);
      if (result === null) return null;
      const [first] = result.data.errors ?? [];
      if (first) throw new SourceBadResponse('POS', `answered HTTP ${result.status} with errors (${squareErrorCode(first)})`, result.status);
      return { status: result.status };
    },
  };
}
