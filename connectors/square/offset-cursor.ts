const PREFIX = 'sq-pos:';

/** An opaque `after` cursor for a per-customer list: the offset of the next item. */
export function encodeOffset(offset: number): string {
  return Buffer.from(`${PREFIX}${offset}`, 'utf8').toString('base64url');
}

/**
 * Reads an `after` cursor made by `encodeOffset`; none means the start.
 * Throws a RangeError for a cursor this connector did not issue (a caller error, not a silo failure).
 */
export function decodeOffset(after: string | null | undefined): number {
  if (after === null || after === undefined || after === '') return 0;
  const text = Buffer.from(after, 'base64url').toString('utf8');
  const offset = text.startsWith(PREFIX) ? Number(text.slice(PREFIX.length)) : Number.NaN;
  if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError('after is not a Square transaction cursor');
  return offset;
}
