import type DataLoader from 'dataloader';
import type { FacetKey } from '../context/index.js';
import type { ResolvedCustomer } from '../identity/index.js';
import {
  historicValue,
  insightBasisOf,
  isInsightUnavailable,
  supportKpis,
  unscoredInsights,
  type CustomerInsights as ModelFields,
  type InsightField,
} from '../insights/index.js';
import { isSourceError, type Order, type Page, type PosTransaction, type Source, type Ticket } from '../model/index.js';
import { dateTimeArgument } from './args.js';
import type { ResolverContext } from './context.js';
import type { CustomerInsightsResolvers, InsightGap, InsightInterval, InsightReason } from './generated/types.js';
import type { InsightsParent } from './insights-parent.js';

/** The most records of one silo a customer's insights read (every page up to it); a customer holding more is TRUNCATED there. */
export const INSIGHTS_MAX_RECORDS = 1000;

/** A silo's records of one customer, all of them or as many as could be read, and what is missing. */
interface SiloRead<T> {
  readonly items: T[];
  /** The silo was read in full (false when the customer has no record there). */
  readonly covered: boolean;
  readonly gap: InsightGap | null;
}

/**
 * Every record of the customer's in one silo, through the request's facet loader (so a smaller page of the same list
 * asked beside it is cut from this read), up to `asOf`. A failure or a cut-short read is a gap, not an error.
 */
async function readAll<T extends { createdAt: string; provenance: { recordId: string } }>(
  customer: ResolvedCustomer,
  source: Source,
  loader: DataLoader<FacetKey, Page<T>, string>,
  asOf: Date,
): Promise<SiloRead<T>> {
  const failure = customer.failures.get(source);
  if (failure) return { items: [], covered: false, gap: { source, reason: 'FAILED', code: failure.code } };
  const ids = customer.records.filter((r) => r.record.provenance.source === source).map((r) => r.record.provenance.recordId);
  if (ids.length === 0) return { items: [], covered: false, gap: null };
  let pages: Page<T>[];
  try {
    pages = await Promise.all(ids.map((recordId) => loader.load({ recordId, first: INSIGHTS_MAX_RECORDS, status: null })));
  } catch (error) {
    if (isSourceError(error)) return { items: [], covered: false, gap: { source, reason: 'FAILED', code: error.code } };
    throw error;
  }
  const byId = new Map(pages.flatMap((p) => p.items).map((item) => [item.provenance.recordId, item]));
  const items = [...byId.values()].filter((item) => Date.parse(item.createdAt) <= asOf.getTime());
  const truncated = pages.some((p) => p.next !== null);
  return { items, covered: !truncated, gap: truncated ? { source, reason: 'TRUNCATED', code: null } : null };
}

const readPurchases = (parent: InsightsParent, ctx: ResolverContext) =>
  Promise.all([
    readAll<Order>(parent.customer, 'ECOMMERCE', ctx.loaders.orders, parent.asOf),
    readAll<PosTransaction>(parent.customer, 'POS', ctx.loaders.pos, parent.asOf),
  ]);

const gapsOf = (...reads: SiloRead<unknown>[]) => reads.flatMap((r) => (r.gap ? [r.gap] : []));
const coveredOf = (reads: Record<string, SiloRead<unknown>>) => Object.entries(reads).filter(([, r]) => r.covered).map(([s]) => s as Source);

function fieldOf<T, U>(field: InsightField<T>, map: (value: T) => U) {
  const basis = { ...field.basis, silosCovered: [...field.basis.silosCovered] };
  if (isInsightUnavailable(field)) return { value: null, interval: null, reason: field.reason as InsightReason, basis };
  const interval: InsightInterval | null = field.interval ?? null;
  return { value: map(field.value), interval, reason: null, basis };
}

async function modelFields(parent: InsightsParent, ctx: ResolverContext): Promise<ModelFields> {
  const [orders, sales] = await readPurchases(parent, ctx);
  const counted = [...orders.items.filter((o) => o.cancelledAt === null), ...sales.items.filter((s) => s.state === 'COMPLETED')];
  const basis = insightBasisOf(counted.map((p) => new Date(p.createdAt)), parent.asOf, coveredOf({ ECOMMERCE: orders, POS: sales }));
  // No population model is fitted yet (the background fit is a later slice): every model field says so.
  return unscoredInsights(basis);
}

/** Fields of CustomerInsights: each reads only the facets it needs, every page of them, through the request's loaders. */
export const CustomerInsights: CustomerInsightsResolvers = {
  asOf: (p) => p.asOf.toISOString(),
  value: async (p, _args, ctx) => {
    const [orders, sales] = await readPurchases(p, ctx);
    const value = historicValue(orders.items, sales.items);
    return {
      perCurrency: value.perCurrency.map((c) => ({ ...c, orderCount: c.purchases })),
      orderCount: value.purchases,
      firstPurchaseAt: value.firstPurchaseAt,
      lastPurchaseAt: value.lastPurchaseAt,
      meanDaysBetweenPurchases: value.meanDaysBetweenPurchases,
      silosCovered: coveredOf({ ECOMMERCE: orders, POS: sales }),
      partial: gapsOf(orders, sales),
    };
  },
  support: async (p, _args, ctx) => {
    const tickets = await readAll<Ticket>(p.customer, 'SUPPORT', ctx.loaders.tickets, p.asOf);
    const kpis = supportKpis(tickets.items);
    const { csat, firstReplyTime } = kpis;
    return {
      csat: { value: csat.value, reason: csat.reason as InsightReason | null, good: csat.good, bad: csat.bad, ratedTickets: csat.good + csat.bad },
      firstReplyTime: { ...firstReplyTime, reason: firstReplyTime.reason as InsightReason | null },
      openTickets: kpis.openTickets,
      ticketCount: kpis.tickets,
      partial: gapsOf(tickets),
    };
  },
  rfm: async (p, _args, ctx) => fieldOf((await modelFields(p, ctx)).rfm, (v) => ({ ...v })),
  probabilityAlive: async (p, _args, ctx) => fieldOf((await modelFields(p, ctx)).probabilityAlive, (v) => v),
  churnRisk: async (p, _args, ctx) => fieldOf((await modelFields(p, ctx)).churnRisk, (v) => ({ ...v })),
  expectedPurchases: async (p, _args, ctx) => fieldOf((await modelFields(p, ctx)).expectedPurchases, (v) => v),
  expectedValue: async (p, _args, ctx) => fieldOf((await modelFields(p, ctx)).expectedValue, (v) => v),
};

/** `Customer.insights`: the customer and the observation period's end, for the fields above; BAD_USER_INPUT for a bad `asOf`. */
export function customerInsights(customer: ResolvedCustomer, args: { asOf?: string | null }): InsightsParent {
  return { customer, asOf: dateTimeArgument('asOf', args.asOf, new Date()) };
}
