import { ATTR_ERROR_TYPE, ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_REQUEST_RESEND_COUNT, ATTR_HTTP_RESPONSE_STATUS_CODE } from '@opentelemetry/semantic-conventions';
import { ATTR_GRAPHQL_OPERATION_NAME, ATTR_GRAPHQL_OPERATION_TYPE, ATTR_URL_TEMPLATE } from '@opentelemetry/semantic-conventions/incubating';

/**
 * Every attribute name the gateway's spans carry: the semantic conventions' where one exists, `c360.*` for the
 * gateway's own. None holds a value of a record, a key or a request's document or variables.
 */
export const SPAN_ATTRIBUTES = {
  operationType: ATTR_GRAPHQL_OPERATION_TYPE,
  operationName: ATTR_GRAPHQL_OPERATION_NAME,
  errorType: ATTR_ERROR_TYPE,
  httpMethod: ATTR_HTTP_REQUEST_METHOD,
  httpStatus: ATTR_HTTP_RESPONSE_STATUS_CODE,
  resendCount: ATTR_HTTP_REQUEST_RESEND_COUNT,
  urlTemplate: ATTR_URL_TEMPLATE,
  /** The silo (CRM, ECOMMERCE, SUPPORT, POS). */
  source: 'c360.silo.source',
  /** The vendor behind the silo (hubspot, shopify, zendesk, square). */
  vendor: 'c360.silo.vendor',
  /** The connector operation (`findContacts`, `ordersFor`…). */
  operation: 'c360.silo.operation',
  /** The path a call took: `gateway` (through the record cache) or `live`. */
  path: 'c360.silo.path',
  /** How many items the call asked for (ids or keys), never which. */
  batchSize: 'c360.silo.batch_size',
  /** Whether the record cache answered every item of the call. */
  cached: 'c360.cache.hit',
  /** Whether an answer the cache gave was past its lifetime. */
  stale: 'c360.cache.stale',
  /** HTTP attempts the call sent (retries included); 0 when nothing reached the vendor. */
  attempts: 'c360.silo.attempts',
  /** The round of an identity resolution, from 0. */
  round: 'c360.identity.round',
  /** How many clusters a resolution round works on, and how many keys and ids it asks. */
  clusters: 'c360.identity.clusters',
  keys: 'c360.identity.keys',
  ids: 'c360.identity.ids',
} as const;
