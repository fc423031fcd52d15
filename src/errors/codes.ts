import type { SourceErrorCode } from '../model/index.js';

/** What one public error code says, and how a response carrying it answers. */
export interface ErrorCodeInfo {
  /**
   * The HTTP status of a response this code refuses as a whole. A code that only ever comes on one field of a
   * GraphQL answer has 200: the status of the response it appears in.
   */
  status: number;
  /** What went wrong and what the caller can do about it; the README's error table shows it. */
  meaning: string;
  /**
   * Also reported on a single field of a GraphQL answer: that field is null with the error and its path, the
   * rest answers, and the response stays 200 (only an error that refuses the request carries a status for Apollo Server).
   */
  field?: true;
  /** Apollo Server's own code (`ApolloServerErrorCode`): its errors pass through with their message (format-error); the gateway may use it too. */
  apollo?: true;
}

// Partial answers (DESIGN "partial beats nothing") are why the silo codes carry both statuses: a GraphQL answer
// nulls the silo's fields and stays 200, while an export download, which must be whole, answers 503.
const SILO = ' `extensions.source` names the silo; in a GraphQL answer only the fields it backs are null, and an export download answers 503.';

/**
 * Every error code the gateway answers with, in GraphQL `extensions.code` and in the `{ error: { code } }` bodies
 * of its plain HTTP routes, with its HTTP status and meaning — the one list, as apollo-server's
 * `ApolloServerErrorCode` is. The README's error table is generated from it (`npm run errors:table`).
 */
export const ERROR_CODES = {
  UNAUTHENTICATED: { status: 401, meaning: 'The request carries no valid bearer token (missing, malformed, expired, badly signed, without a known role or a subject), an export download comes without one (unless `EXPORT_LINKS_BEARER_ONLY`), or a webhook delivery is not signed by its vendor; nothing was read or changed.' },
  FORBIDDEN: { status: 403, field: true, meaning: "The caller's role may not see this: a denied field is null with this error and its path while the rest answers, and the privacy operations and export downloads are for the privacy and admin roles; an operation that asks for the schema and for data together, by any other role than admin, refuses the request (403)." },
  TOKEN_ISSUED_IN_FUTURE: { status: 401, meaning: "The bearer token is validly signed, but its `iat` lies further in the future than `AUTH_CLOCK_SKEW_SECONDS` allows; check the issuer's clock." },
  TOKEN_LIFETIME_TOO_LONG: { status: 401, meaning: 'The bearer token is validly signed, but it claims to live longer than `AUTH_MAX_TOKEN_LIFETIME_SECONDS` (`exp − iat`, or `exp − now` without `iat`); issue shorter-lived tokens.' },
  BAD_USER_INPUT: { status: 400, field: true, apollo: true, meaning: 'An argument is wrong; the message and `extensions.argument` name it. Variables that do not fit their types refuse the request (400, Apollo Server), a `DataSubjectInput` variable without exactly one non-null identifier too (`@oneOf`); an argument a resolver rejects nulls its field.' },
  TIMELINE_CURSOR_INVALID: { status: 400, field: true, meaning: '`Customer.timeline(after:)` is not a cursor this timeline handed out (not base64url JSON of an event\'s time, kind, source and record id); page again from the start, or from an `endCursor` the timeline returned. The timeline field is null, the rest answers.' },
  AMBIGUOUS_SUBJECT: { status: 200, field: true, meaning: 'Several people share the email or phone that names a privacy subject; name one by `customerId` (findCustomers gives the ids).' },
  AUDIT_UNAVAILABLE: { status: 200, field: true, meaning: 'The audit trail cannot record the read (its database is unreachable and `AUDIT_MAX_QUEUED` events are waiting), so personal data is refused rather than served unaudited.' },
  PRIVACY_UNAVAILABLE: { status: 200, field: true, meaning: 'Privacy operations are not configured on this gateway, or their database cannot be reached; retry later.' },
  SOURCE_UNAVAILABLE: { status: 503, field: true, meaning: `A silo failed the call (5xx, connection error, outage).${SILO}` },
  SOURCE_UNAUTHORIZED: { status: 503, field: true, meaning: `A silo refused the gateway's credentials for it (HTTP 401 or 403: a revoked, expired or wrong token, or one without a scope the call needs); not an outage, and never retried. Fix the silo's token in the gateway's settings (\`/readyz\` names the silos under \`credentials\`).${SILO}` },
  SOURCE_TIMEOUT: { status: 503, field: true, meaning: `A silo did not answer within the time the request had left (\`REQUEST_DEADLINE_MS\`).${SILO}` },
  SOURCE_RATE_LIMITED: { status: 503, field: true, meaning: `A silo rate-limited the gateway and the wait it asked for does not fit the request's deadline.${SILO}` },
  SOURCE_BAD_RESPONSE: { status: 503, field: true, meaning: `A silo answered with something its API does not document (HTML, truncated JSON, wrong types).${SILO}` },
  SOURCE_RECORD_SKIPPED: { status: 200, field: true, meaning: 'A silo answered with a record the gateway cannot use (it lacks, or mistypes, a field its API guarantees or the gateway needs: an id, a ticket\'s status). That record alone is left out of the answer, and everything else is served (the answer stays 200, as with a field error, but no field is null); the error entry, without `path`, names the silo in `extensions.source`, the record in `extensions.recordId` and the field at fault in `extensions.field`, never a value. Fix the record at the vendor.' },
  CIRCUIT_OPEN: { status: 503, field: true, meaning: `The gateway stopped calling a silo for a while after repeated failures.${SILO}` },
  OVERLOADED: { status: 503, field: true, meaning: 'The gateway is at capacity, and no silo is at fault (none is named). A request beyond its admission limit and queue (`ADMISSION_*`), or that could not be admitted within `ADMISSION_MAX_WAIT_SHARE` of its deadline, is refused before any work with 503 and `Retry-After` (seconds). On a field: the gateway had no room to call the silo in time (its bulkhead queue for the silo was full, or no slot came before the deadline), or was too busy to read the answer of the silo in time (its event loop looked more than 100 ms late), so that field is null.' },
  INTERNAL_SERVER_ERROR: { status: 500, field: true, meaning: 'Something unexpected failed; the message is masked ("Internal server error") and nothing internal is sent. On a field, that field is null; outside execution, the request answers 500.' },
  DEPTH_LIMIT_EXCEEDED: { status: 400, meaning: 'The query nests fields deeper than `MAX_QUERY_DEPTH` (fragments expanded); refused before any silo is called.' },
  ALIAS_LIMIT_EXCEEDED: { status: 400, meaning: 'The operation uses more aliases than `MAX_QUERY_ALIASES`; refused before any silo is called.' },
  TOKEN_LIMIT_EXCEEDED: { status: 400, meaning: 'The document has more tokens than `MAX_QUERY_TOKENS`; parsing stops there.' },
  DIRECTIVE_LIMIT_EXCEEDED: { status: 400, meaning: 'The operation uses more directives than `MAX_QUERY_DIRECTIVES`; refused before any silo is called.' },
  FIELD_LIMIT_EXCEEDED: { status: 400, meaning: 'The operation selects more fields than `MAX_QUERY_FIELDS` (repeats and fragment spreads counted); refused before any silo is called.' },
  COST_LIMIT_EXCEEDED: { status: 400, meaning: 'The query costs more than `MAX_QUERY_COST` (lists weighted by page size and silo calls); ask for smaller pages or fewer nested lists.' },
  BATCHING_NOT_ALLOWED: { status: 400, meaning: 'The body is an array of operations; send one operation per request, as a JSON object.' },
  RATE_LIMITED: { status: 429, meaning: 'The caller (its token\'s `sub`) has spent its budget of reads, look-ups or privacy operations for now (`CALLER_*_PER_MINUTE`; aliases count one by one, shared by every replica through Redis). The whole request was refused and nothing of it ran; retry after the `Retry-After` header\'s seconds.' },
  REQUEST_TIMEOUT: { status: 408, meaning: 'The request did not arrive in time: its headers within `REQUEST_HEADERS_TIMEOUT_MS`, or all of it, body included, within `REQUEST_BODY_TIMEOUT_MS`. The connection is closed and nothing of the request was run.' },
  PAYLOAD_TOO_LARGE: { status: 413, meaning: 'The request body is larger than `MAX_BODY_BYTES` (GraphQL) or 1 MiB (webhooks).' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, meaning: 'The GraphQL request comes in a content type the gateway does not read; send `application/json`.' },
  BAD_REQUEST: { status: 400, apollo: true, meaning: "The request cannot be read: a GraphQL body that is not valid JSON or has no query, a webhook body that is not its vendor's JSON, or another refusal by the HTTP layer (then with that layer's 4xx status)." },
  GRAPHQL_PARSE_FAILED: { status: 400, apollo: true, meaning: 'The document is not valid GraphQL syntax.' },
  GRAPHQL_VALIDATION_FAILED: { status: 400, apollo: true, meaning: 'The document does not validate against the schema: an unknown field, a missing argument, a fragment cycle, a `@oneOf` input (`DataSubjectInput`) given other than exactly one non-null field, or a nullable variable as that field.' },
  OPERATION_RESOLUTION_FAILURE: { status: 400, apollo: true, meaning: '`operationName` names no operation of the document, or a document of several operations comes without one.' },
  DOCUMENT_NOT_TRUSTED: { status: 403, meaning: 'The gateway runs in trusted-documents mode (`TRUSTED_DOCUMENTS`) and this document is not in its manifest: a `documentId` or APQ `sha256Hash` it does not list, an APQ request that would register a new document, or document text sent by a role other than admin (ad-hoc documents, the explorer included, run for admin only). Nothing was parsed or run; send a registered document\'s id (`npm run trusted-documents` builds the manifest).' },
  PERSISTED_QUERY_NOT_FOUND: { status: 200, apollo: true, meaning: 'An automatic persisted query hash the gateway has not seen yet; send the query text with it once.' },
  EXPORT_LINK_INVALID: { status: 404, meaning: 'A data-subject export link the gateway did not issue, or a file an export does not have.' },
  EXPORT_LINK_EXPIRED: { status: 410, meaning: 'The export link is older than `EXPORT_LINK_TTL_SECONDS`; request a new export.' },
  EXPORT_INCOMPLETE: { status: 503, meaning: 'A silo could not be read while an export was assembled; a partial export is never served, retry later.' },
  CORS_ORIGIN_NOT_ALLOWED: { status: 403, meaning: 'A browser asked (a CORS preflight) whether a page of another origin may call the gateway, and that origin is not in `CORS_ALLOWED_ORIGINS` (empty by default: no page of another origin may), or it asked for a method other than GET or POST; the browser sends nothing further.' },
  NOT_FOUND: { status: 404, meaning: "Webhooks from this vendor are not configured (its signing secret is not set)." },
  WEBHOOK_STALE: { status: 401, meaning: "A webhook delivery is correctly signed, but the time its vendor signed is outside the window in which the vendor delivers (HubSpot and Zendesk: 5 minutes either side of the gateway's clock; Square: an event older than 72 hours): a replay, or a clock far off. Nothing was changed." },
  UNAVAILABLE: { status: 503, meaning: 'A webhook was verified but the records it names could not be invalidated; the vendor should redeliver it.' },
  INTERNAL: { status: 500, meaning: 'A webhook could not be processed for an unexpected reason; nothing internal is sent.' },
} as const satisfies Record<string, ErrorCodeInfo>;

/** Every `extensions.code` and HTTP error-body code the gateway answers with. */
export type ErrorCode = keyof typeof ERROR_CODES;

// Every silo failure of the connector contract (src/model) is a public code. When one is missing from the table,
// this line fails to compile and names it.
type UnlistedSourceCode = Exclude<SourceErrorCode, ErrorCode>;
const everySourceCodeListed: [UnlistedSourceCode] extends [never] ? true : UnlistedSourceCode = true;
void everySourceCodeListed;

/** The codes in table order. */
export const ERROR_CODE_LIST = Object.keys(ERROR_CODES) as ErrorCode[];

/** Determines if a value is one of the gateway's public error codes. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}

/** What the table says of a code, in the shape every entry has. */
export function errorCodeInfo(code: ErrorCode): ErrorCodeInfo {
  return ERROR_CODES[code];
}

/** The HTTP status a code answers with (see `ErrorCodeInfo.status`). */
export function statusOf(code: ErrorCode): number {
  return ERROR_CODES[code].status;
}
