import { BadUserInput } from '../errors/index.js';

/** Checks a page size argument: an integer within [min, max]. */
export function pageSize(argument: string, value: number | null | undefined, fallback: number, max: number, min = 0): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < min || n > max) throw new BadUserInput(argument, `must be an integer from ${min} to ${max}, got ${n}`);
  return n;
}

const OFFSET = /^o(\d{1,5})$/;

/** Decodes a facet list cursor (an offset into the customer's merged list), or BAD_USER_INPUT. */
export function offsetCursor(argument: string, after: string | null | undefined): number {
  if (after == null) return 0;
  const match = OFFSET.exec(Buffer.from(after, 'base64url').toString('latin1'));
  if (!match) throw new BadUserInput(argument, 'is not a cursor returned by this list');
  return Number(match[1]);
}

/** Encodes the facet list cursor after `offset` items. */
export function encodeOffset(offset: number): string {
  return Buffer.from(`o${offset}`, 'latin1').toString('base64url');
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Reads an ISO 8601 date-time argument with its offset (`2026-01-31T00:00:00Z`), `fallback` when absent, or BAD_USER_INPUT. */
export function dateTimeArgument(argument: string, value: string | null | undefined, fallback: Date): Date {
  if (value == null) return fallback;
  const at = Date.parse(value);
  if (!DATE_TIME.test(value) || !Number.isFinite(at)) throw new BadUserInput(argument, 'must be an ISO 8601 date-time with an offset, e.g. 2026-01-31T00:00:00Z');
  return new Date(at);
}

/** A date-time argument for a run made now (a refit, a report): `now` when absent, and never later than now. */
export function pastDateTimeArgument(argument: string, value: string | null | undefined): Date {
  const now = new Date();
  const at = dateTimeArgument(argument, value, now);
  if (at.getTime() > now.getTime()) throw new BadUserInput(argument, 'must not be in the future');
  return at;
}
