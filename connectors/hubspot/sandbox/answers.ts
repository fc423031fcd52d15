import { randomUUID } from 'node:crypto';
import type { VendorAnswer } from '../../sandbox-kit/index.js';

/** HubSpot's `Error` body: category, correlation id and a human message. */
export function hubspotError(status: number, category: string, message: string, extra: Record<string, unknown> = {}): VendorAnswer {
  return { status, body: { status: 'error', message, correlationId: randomUUID(), category, ...extra } };
}

/** 400 `VALIDATION_ERROR`, as HubSpot rejects malformed bodies, filters and parameters. */
export const validationError = (message: string) => hubspotError(400, 'VALIDATION_ERROR', message);

/** 404 `OBJECT_NOT_FOUND`. */
export const objectNotFound = (message = 'resource not found') => hubspotError(404, 'OBJECT_NOT_FOUND', message);

/** 401 for a missing, unknown or expired token. */
export const invalidAuthentication = () =>
  hubspotError(
    401,
    'INVALID_AUTHENTICATION',
    'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
  );

/** 500 as HubSpot answers an internal failure. */
export const internalError = () => hubspotError(500, 'INTERNAL_ERROR', 'internal error');

/** The rate-limit windows HubSpot names in a 429's `policyName`. */
export type RateLimitPolicy = 'DAILY' | 'TEN_SECONDLY_ROLLING' | 'SECONDLY';

const LIMIT_MESSAGES: Readonly<Record<RateLimitPolicy, string>> = {
  DAILY: 'You have reached your daily limit.',
  TEN_SECONDLY_ROLLING: 'You have reached your ten_secondly_rolling limit.',
  SECONDLY: 'You have reached your secondly limit.',
};

/** 429 with HubSpot's rate-limit body (`errorType: RATE_LIMIT` and the window's `policyName`). */
export function rateLimitAnswer(policy: RateLimitPolicy, headers: Record<string, string>): VendorAnswer {
  const body = {
    status: 'error',
    message: LIMIT_MESSAGES[policy],
    errorType: 'RATE_LIMIT',
    correlationId: randomUUID(),
    policyName: policy,
    requestId: randomUUID(),
  };
  return { status: 429, body, headers };
}

/** A 200 or 207 batch answer: results, plus `numErrors`/`errors` when some inputs failed. */
export function batchAnswer(results: unknown[], errors: unknown[], startedAt: string): VendorAnswer {
  const completedAt = new Date().toISOString();
  if (errors.length === 0) return { status: 200, body: { status: 'COMPLETE', results, requestedAt: startedAt, startedAt, completedAt } };
  return { status: 207, body: { status: 'COMPLETE', results, numErrors: errors.length, errors, startedAt, completedAt } };
}

/** A `StandardError` naming the inputs a batch could not find. */
export function notFoundInputs(message: string, ids: string[]) {
  return { status: 'error', category: 'OBJECT_NOT_FOUND', message, context: { ids }, errors: [], links: {} };
}
