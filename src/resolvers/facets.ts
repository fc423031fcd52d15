import type DataLoader from 'dataloader';
import type { FacetKey } from '../context/index.js';
import type { ResolvedCustomer } from '../identity/index.js';
import type { Page, Source } from '../model/index.js';
import { encodeOffset, offsetCursor, pageSize } from './args.js';

/** A Relay connection over canonical records. */
export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number | null;
}

const MAX_FACET_PAGE = 100;

/**
 * One page of a customer's list from one silo, merged newest first across every record the customer
 * has there (duplicates included). Throws the silo's failure, so only this field is nulled.
 */
export async function facetConnection<T extends { createdAt: string }>(
  customer: ResolvedCustomer,
  source: Source,
  loader: DataLoader<FacetKey, Page<T>, string>,
  args: { first?: number | null; after?: string | null; status?: FacetKey['status'] },
): Promise<Connection<T>> {
  const first = pageSize('first', args.first, 10, MAX_FACET_PAGE);
  const offset = offsetCursor('after', args.after);
  const failure = customer.failures.get(source);
  if (failure) throw failure;
  const ids = customer.records.filter((r) => r.record.provenance.source === source).map((r) => r.record.provenance.recordId);
  const pages = await Promise.all(ids.map((recordId) => loader.load({ recordId, first: offset + first, status: args.status ?? null })));
  const all = pages.flatMap((p) => p.items).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const slice = all.slice(offset, offset + first);
  const total = pages.every((p) => p.totalCount !== null) ? pages.reduce((n, p) => n + (p.totalCount ?? 0), 0) : null;
  const more = total !== null ? offset + slice.length < total : pages.some((p) => p.next !== null);
  const edges = slice.map((node, i) => ({ cursor: encodeOffset(offset + i + 1), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: more,
      hasPreviousPage: offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: total,
  };
}
