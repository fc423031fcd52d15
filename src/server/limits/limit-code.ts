import type { ErrorCode } from '../../errors/index.js';

/** The `extensions.code` of each query limit, from the one table of codes (src/errors/codes.ts). */
export type LimitCode = Extract<ErrorCode, `${string}_LIMIT_EXCEEDED` | 'BATCHING_NOT_ALLOWED' | 'PAYLOAD_TOO_LARGE'>;

/** A count for a message: exact while it is, "more than 10^15" past that (fragment spreads can multiply). */
export function shown(n: number): string {
  return n >= 1e15 ? 'more than 10^15' : String(n);
}
