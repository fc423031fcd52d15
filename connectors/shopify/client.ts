import { z, type ZodType } from 'zod';
import { SourceBadResponse, SourceUnauthorized, type CallOptions, type ConnectorHooks, type QuotaAnnouncement } from '../../src/model/index.js';
import { createHttpClient, parseRetryAfter, type RawResponse } from '../shared/index.js';
import type { ShopifyConfig } from './config.js';
import { costSchema, graphqlErrorSchema, throttleStatusSchema } from './schemas.js';

/** A mutation's validated `data` with the HTTP status it came with (for receipts). */
export interface MutationResult<T> {
  data: T;
  status: number;
}

/** Runs Admin GraphQL operations and returns their validated `data`. */
export interface ShopifyClient {
  query<T>(document: string, variables: Record<string, unknown>, data: ZodType<T>, opts?: CallOptions): Promise<T>;
  /**
   * Runs a mutation. It is sent again after a failed attempt only when `idempotent` says repeating it cannot harm;
   * a throttled one is always sent again (Shopify did not carry it out).
   */
  mutate<T>(
    document: string,
    variables: Record<string, unknown>,
    data: ZodType<T>,
    write: { idempotent: boolean },
    opts?: CallOptions,
  ): Promise<MutationResult<T>>;
}

const errorList = z.array(graphqlErrorSchema);
// `extensions.search[].warnings` name the search fields Shopify ignored; only the field names are read.
const searchExtensions = z.looseObject({
  search: z.array(z.looseObject({ warnings: z.array(z.looseObject({ field: z.string() })).optional() })).optional(),
});
const codesOf = (body: unknown): string[] => {
  const errors = errorList.safeParse((body as { errors?: unknown } | undefined)?.errors);
  return errors.success ? [...new Set(errors.data.flatMap((e) => (e.extensions?.code ? [e.extensions.code] : [])))] : [];
};

// One envelope per data schema, built once: zod compiles an object schema on its first parse, which per call cost
// more than the parse itself.
const envelopes = new WeakMap<ZodType, ZodType>();
function envelopeOf<T>(data: ZodType<T>) {
  const make = () => z
    .object({ data: data.nullish(), errors: errorList.optional(), extensions: searchExtensions.optional().catch(undefined) })
    .refine((body) => (body.errors?.length ?? 0) > 0 || body.data != null, { message: 'no data', path: ['data'] });
  let envelope = envelopes.get(data) as ReturnType<typeof make> | undefined;
  if (!envelope) envelopes.set(data, (envelope = make()));
  return envelope;
}

/** Shopify throttles inside an HTTP 200 (`errors[].extensions.code = THROTTLED`); a 429 is honoured too. */
export function isThrottled(res: RawResponse): boolean {
  return res.status === 429 || codesOf(res.body).includes('THROTTLED');
}

/** How long a throttled call must wait: (requestedQueryCost − currentlyAvailable) / restoreRate seconds. */
export function throttleWaitMs(res: RawResponse): number | undefined {
  const cost = costSchema.safeParse((res.body as { extensions?: { cost?: unknown } } | undefined)?.extensions?.cost);
  if (!cost.success) return parseRetryAfter(res.headers['retry-after']);
  const { requestedQueryCost, throttleStatus } = cost.data;
  const ms = Math.ceil(((requestedQueryCost - throttleStatus.currentlyAvailable) / throttleStatus.restoreRate) * 1000);
  // A bucket that already holds enough needs no wait worth naming: the shared backoff takes over.
  return ms > 0 ? ms : undefined;
}

/**
 * What Shopify's `extensions.cost.throttleStatus` says of the app's query-cost bucket: `currentlyAvailable` of
 * `maximumAvailable` points, refilling at `restoreRate` a second; the call cost its `requestedQueryCost`.
 */
export function shopifyQuota(res: RawResponse): QuotaAnnouncement | undefined {
  const cost = throttleStatusSchema.safeParse((res.body as { extensions?: { cost?: unknown } } | undefined)?.extensions?.cost);
  if (!cost.success) return undefined;
  const { maximumAvailable, currentlyAvailable, restoreRate } = cost.data.throttleStatus;
  return { limit: maximumAvailable, remaining: currentlyAvailable, refill: { kind: 'rate', perSecond: restoreRate }, cost: cost.data.requestedQueryCost };
}

/** A safe description of an error body: Shopify's error codes, never their free text. */
export function describeShopifyError(res: RawResponse): string | undefined {
  const codes = codesOf(res.body);
  return codes.length > 0 ? codes.slice(0, 3).join(', ') : undefined;
}

/** Creates the Admin GraphQL client: `POST /admin/api/{version}/graphql.json` with `X-Shopify-Access-Token`. */
export function createShopifyClient(config: ShopifyConfig, hooks: ConnectorHooks = {}): ShopifyClient {
  const http = createHttpClient({
    source: 'ECOMMERCE',
    baseURL: config.baseUrl,
    headers: { 'X-Shopify-Access-Token': config.accessToken },
    attemptTimeoutMs: config.attemptTimeoutMs,
    maxAttempts: config.maxAttempts,
    isRateLimited: isThrottled,
    retryAfterMs: throttleWaitMs,
    describeError: describeShopifyError,
    announcedQuota: shopifyQuota,
    onCall: hooks.onCall,
    retryBudget: hooks.retryBudget,
    requestBudget: hooks.requestBudget,
  });
  const path = `/admin/api/${config.apiVersion}/graphql.json`;

  async function run<T>(
    document: string,
    variables: Record<string, unknown>,
    data: ZodType<T>,
    idempotent: boolean,
    opts?: CallOptions,
  ): Promise<MutationResult<T>> {
    const envelope = envelopeOf(data);
    const { data: body, status } = await http.request(
      { method: 'POST', path, body: { query: document, variables }, idempotent, schema: envelope },
      opts,
    );
    if (body.errors?.length || body.data == null) {
      const codes = codesOf(body);
      // A token without a scope the query needs is refused inside a 200 (ACCESS_DENIED): the credentials, not an outage.
      if (codes.includes('ACCESS_DENIED')) throw new SourceUnauthorized('ECOMMERCE', 'refused our credentials (ACCESS_DENIED)', 200);
      throw new SourceBadResponse('ECOMMERCE', `answered with GraphQL errors${codes.length ? ` (${codes.slice(0, 3).join(', ')})` : ''}`, 200);
    }
    // Shopify drops a search term it does not know, so `last_name:"x" OR …` would answer every customer: refuse it.
    const ignored = body.extensions?.search?.flatMap((s) => s.warnings?.map((w) => w.field) ?? []) ?? [];
    if (ignored.length > 0) {
      const named = [...new Set(ignored.filter((field) => /^\w{1,40}$/.test(field)))].slice(0, 3);
      throw new SourceBadResponse('ECOMMERCE', `ignored search field(s)${named.length > 0 ? `: ${named.join(', ')}` : ''}`, 200);
    }
    return { data: body.data, status };
  }

  return {
    // Every query is a read: a POST that may be retried.
    query: async (document, variables, data, opts) => (await run(document, variables, data, true, opts)).data,
    mutate: (document, variables, data, write, opts) => run(document, variables, data, write.idempotent, opts),
  };
}
