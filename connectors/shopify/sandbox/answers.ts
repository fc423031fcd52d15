import { randomUUID } from 'node:crypto';
import type { VendorAnswer } from '../../sandbox-kit/index.js';
import type { ThrottleStatus } from './cost-bucket.js';

/** The `extensions.cost` block every executed Admin API response carries. */
export function costExtension(requested: number, actual: number | null, throttleStatus: ThrottleStatus) {
  return { cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus } };
}

/** Missing or wrong `X-Shopify-Access-Token`. */
export function unauthorizedAnswer(): VendorAnswer {
  return { status: 401, body: { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' } };
}

/** A throttled query: HTTP 200, a THROTTLED error, the cost block and no data (examples/throttled.response.json). */
export function throttledAnswer(requested: number, throttleStatus: ThrottleStatus): VendorAnswer {
  return {
    status: 200,
    body: {
      errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }],
      extensions: costExtension(requested, null, throttleStatus),
    },
  };
}

/** Shopify's internal error, with the request id it asks you to quote. */
export function serverErrorAnswer(): VendorAnswer {
  const requestId = randomUUID();
  return {
    status: 500,
    body: {
      errors: [{
        message: `Internal error. Looks like something went wrong on our end.\nRequest ID: ${requestId} (include this in support requests).`,
        extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
      }],
    },
  };
}

/** A body without a usable `query` (not JSON, wrong content type, no query). */
export function badRequestAnswer(): VendorAnswer {
  return { status: 400, body: { errors: { query: 'Required parameter missing or invalid' } } };
}

/** An unknown path or API version. */
export function notFoundAnswer(): VendorAnswer {
  return { status: 404, body: { errors: 'Not Found' } };
}
