import type DataLoader from 'dataloader';
import type { FacetKey, Loaders } from '../context/index.js';
import type { ResolvedCustomer } from '../identity/index.js';
import { purchasesOf, type Purchase } from '../insights/index.js';
import { isSourceError, type Order, type Page, type PosTransaction, type Source, type SourceError } from '../model/index.js';

/** The most records of one silo a customer's insights read (every page up to it); a customer holding more is TRUNCATED there. */
export const INSIGHTS_MAX_RECORDS = 1000;

/** A silo a KPI lacks, in whole or in part, and why. */
export interface SiloGap {
  readonly source: Source;
  /** FAILED: the read failed (`code` says how); TRUNCATED: the customer holds more than {@link INSIGHTS_MAX_RECORDS}. */
  readonly reason: 'FAILED' | 'TRUNCATED';
  readonly code: string | null;
}

/** A silo's records of one customer, all of them or as many as could be read, and what is missing. */
export interface SiloRead<T> {
  readonly items: T[];
  /** The silo was read in full (false when the customer has no record there). */
  readonly covered: boolean;
  readonly gap: SiloGap | null;
  /** The silo's error when the read failed (the gap's code is its code). */
  readonly failure: SourceError | null;
}

const failed = (source: Source, failure: SourceError): SiloRead<never> =>
  ({ items: [], covered: false, gap: { source, reason: 'FAILED', code: failure.code }, failure });

/**
 * What `read` gives of the customer's records in one silo: a silo that failed identity resolution or the read is a
 * FAILED gap with its code, one the customer has no record in is uncovered, one read cut short is TRUNCATED.
 */
export async function readSilo<T>(
  customer: ResolvedCustomer,
  source: Source,
  read: (recordIds: string[]) => Promise<{ items: T[]; truncated: boolean }>,
): Promise<SiloRead<T>> {
  const failure = customer.failures.get(source);
  if (failure) return failed(source, failure);
  const ids = customer.records.filter((r) => r.record.provenance.source === source).map((r) => r.record.provenance.recordId);
  if (ids.length === 0) return { items: [], covered: false, gap: null, failure: null };
  try {
    const { items, truncated } = await read(ids);
    return { items, covered: !truncated, gap: truncated ? { source, reason: 'TRUNCATED', code: null } : null, failure: null };
  } catch (error) {
    if (isSourceError(error)) return failed(source, error);
    throw error;
  }
}

/**
 * Every record of the customer's in one silo, through the request's facet loader (so a smaller page of the same list
 * asked beside it is cut from this read), up to `asOf`. A failure or a cut-short read is a gap, not an error.
 */
export function readAll<T extends { createdAt: string; provenance: { recordId: string } }>(
  customer: ResolvedCustomer,
  source: Source,
  loader: DataLoader<FacetKey, Page<T>, string>,
  asOf: Date,
): Promise<SiloRead<T>> {
  return readSilo(customer, source, async (ids) => {
    const pages = await Promise.all(ids.map((recordId) => loader.load({ recordId, first: INSIGHTS_MAX_RECORDS, status: null })));
    const byId = new Map(pages.flatMap((p) => p.items).map((item) => [item.provenance.recordId, item]));
    const items = [...byId.values()].filter((item) => Date.parse(item.createdAt) <= asOf.getTime());
    return { items, truncated: pages.some((p) => p.next !== null) };
  });
}

/** A customer's Shopify orders and Square sales up to `asOf`, every page of them. */
export const readPurchases = (customer: ResolvedCustomer, loaders: Pick<Loaders, 'orders' | 'pos'>, asOf: Date) =>
  Promise.all([readAll<Order>(customer, 'ECOMMERCE', loaders.orders, asOf), readAll<PosTransaction>(customer, 'POS', loaders.pos, asOf)]);

/** The gaps among some reads. */
export const gapsOf = (...reads: SiloRead<unknown>[]): SiloGap[] => reads.flatMap((r) => (r.gap ? [r.gap] : []));

/** The silos read in full among named reads. */
export const coveredOf = (reads: Partial<Record<Source, SiloRead<unknown>>>): Source[] =>
  Object.entries(reads).filter(([, r]) => r?.covered).map(([s]) => s as Source);

/** What a customer's purchase reads give the models: the purchases counted, and the silos read in full. */
export function countedPurchases(orders: SiloRead<Order>, sales: SiloRead<PosTransaction>): { purchases: Purchase[]; silosCovered: Source[] } {
  return { purchases: purchasesOf(orders.items, sales.items), silosCovered: coveredOf({ ECOMMERCE: orders, POS: sales }) };
}
