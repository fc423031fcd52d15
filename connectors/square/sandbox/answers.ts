import type { z } from 'zod';
import type { VendorAnswer } from '../../sandbox-kit/index.js';

/** A Square error category, as the spec's ErrorCategory enum spells it. */
type Category = 'API_ERROR' | 'AUTHENTICATION_ERROR' | 'INVALID_REQUEST_ERROR' | 'RATE_LIMIT_ERROR';

/** Square's error envelope with one error, and the status it goes with. */
export function squareError(status: number, category: Category, code: string, detail: string, field?: string): VendorAnswer {
  return { status, body: { errors: [field === undefined ? { category, code, detail } : { category, code, detail, field }] } };
}

/** 400 INVALID_REQUEST_ERROR with Square's code for what is wrong. */
export const invalidRequest = (code: string, detail: string, field?: string): VendorAnswer =>
  squareError(400, 'INVALID_REQUEST_ERROR', code, detail, field);

/** 404 NOT_FOUND for an unknown object id. */
export const notFound = (what: string, id: string): VendorAnswer =>
  squareError(404, 'INVALID_REQUEST_ERROR', 'NOT_FOUND', `${what} with ID \`${id}\` not found.`);

/** 400 INVALID_CURSOR: the cursor was not issued for this query. */
export const INVALID_CURSOR: VendorAnswer = invalidRequest('INVALID_CURSOR', 'The cursor is not valid for this query.', 'cursor');

/** The canned answers the sandbox kit sends for auth failures, throttling, server errors and unknown paths. */
export const cannedAnswers = {
  unauthorized: () => squareError(401, 'AUTHENTICATION_ERROR', 'UNAUTHORIZED', 'This request could not be authorized.'),
  rateLimited: () => squareError(429, 'RATE_LIMIT_ERROR', 'RATE_LIMITED', 'This request was rate limited. Please retry later.'),
  serverError: () =>
    squareError(500, 'API_ERROR', 'INTERNAL_SERVER_ERROR', 'An internal error has occurred, and the API was unable to service your request.'),
  badRequest: (message: string) => invalidRequest('BAD_REQUEST', message),
  notFound: () => squareError(404, 'INVALID_REQUEST_ERROR', 'NOT_FOUND', 'Resource not found.'),
};

const EXPECTED: Readonly<Record<string, string>> = {
  int: 'EXPECTED_INTEGER', number: 'EXPECTED_INTEGER', string: 'EXPECTED_STRING', boolean: 'EXPECTED_BOOLEAN',
  array: 'EXPECTED_ARRAY', object: 'EXPECTED_OBJECT', record: 'EXPECTED_MAP',
};

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined), input);
}

/** The ErrorCode Square uses for one validation problem. */
function codeOf(issue: z.core.$ZodIssue, input: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return valueAt(input, issue.path) === undefined ? 'MISSING_REQUIRED_PARAMETER' : (EXPECTED[issue.expected] ?? 'BAD_REQUEST');
    case 'too_big':
      return issue.origin === 'array' ? 'ARRAY_LENGTH_TOO_LONG' : issue.origin === 'string' ? 'VALUE_TOO_LONG' : 'VALUE_TOO_HIGH';
    case 'too_small':
      return issue.origin === 'array' ? 'ARRAY_LENGTH_TOO_SHORT' : issue.origin === 'string' ? 'VALUE_TOO_SHORT' : 'VALUE_TOO_LOW';
    case 'invalid_value':
      return 'INVALID_ENUM_VALUE';
    case 'custom':
      return typeof issue.params?.squareCode === 'string' ? issue.params.squareCode : 'INVALID_VALUE';
    default:
      return 'BAD_REQUEST';
  }
}

const fieldOf = (path: readonly PropertyKey[]) =>
  path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');

/** A failed request validation as Square answers it: 400 with one error per problem, each naming its field. */
export function validationAnswer(error: z.ZodError, input: unknown): VendorAnswer {
  const errors = error.issues.map((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const path = keys.length > 0 ? [...issue.path, keys[0] as string] : issue.path;
    const detail = keys.length > 0 ? `Unrecognized field \`${keys.join('`, `')}\`.` : issue.message;
    const field = fieldOf(path);
    const entry = { category: 'INVALID_REQUEST_ERROR', code: codeOf(issue, input), detail };
    return field === '' ? entry : { ...entry, field };
  });
  return { status: 400, body: { errors } };
}
