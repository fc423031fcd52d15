import { createHash } from 'node:crypto';

/** One page of a sandbox listing and the cursor of the next, if there is one. */
export interface SandboxPage<T> {
  items: T[];
  cursor?: string;
}

/** A short digest of the query a cursor belongs to: Square requires the original query with a cursor. */
export function queryPrint(query: unknown): string {
  return createHash('sha256').update(JSON.stringify(query ?? null)).digest('base64url').slice(0, 12);
}

/**
 * Cuts one page out of the full, ordered result. The cursor is opaque to clients (offset + query digest);
 * returns null when the cursor is not one this sandbox issued for this query (Square's INVALID_CURSOR).
 */
export function pageOf<T>(items: readonly T[], limit: number, cursor: string | undefined, print: string): SandboxPage<T> | null {
  let offset = 0;
  if (cursor !== undefined) {
    const [position, owner] = Buffer.from(cursor, 'base64url').toString('utf8').split('/');
    offset = Number(position);
    if (owner !== print || !Number.isSafeInteger(offset) || offset < 0) return null;
  }
  const end = offset + limit;
  const page = items.slice(offset, end);
  return end < items.length ? { items: page, cursor: Buffer.from(`${end}/${print}`, 'utf8').toString('base64url') } : { items: page };
}
