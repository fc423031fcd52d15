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
import type { Ticket } from '../model/index.js';
import { coveredOf, gapsOf, readAll, readPurchases } from '../population/index.js';
import { dateTimeArgument } from './args.js';
import type { ResolverContext } from './context.js';
import type { CustomerInsightsResolvers, InsightInterval, InsightReason } from './generated/types.js';
import type { InsightsParent } from './insights-parent.js';

function fieldOf<T, U>(field: InsightField<T>, map: (value: T) => U) {
  const basis = { ...field.basis, silosCovered: [...field.basis.silosCovered] };
  if (isInsightUnavailable(field)) return { value: null, interval: null, reason: field.reason as InsightReason, basis };
  const interval: InsightInterval | null = field.interval ?? null;
  return { value: map(field.value), interval, reason: null, basis };
}

async function modelFields(parent: InsightsParent, ctx: ResolverContext): Promise<ModelFields> {
  const [orders, sales] = await readPurchases(parent.customer, ctx.loaders, parent.asOf);
  const counted = [...orders.items.filter((o) => o.cancelledAt === null), ...sales.items.filter((s) => s.state === 'COMPLETED')];
  const basis = insightBasisOf(counted.map((p) => new Date(p.createdAt)), parent.asOf, coveredOf({ ECOMMERCE: orders, POS: sales }));
  // No population model is fitted yet (the background fit is a later slice): every model field says so.
  return unscoredInsights(basis);
}

/** Fields of CustomerInsights: each reads only the facets it needs, every page of them, through the request's loaders. */
export const CustomerInsights: CustomerInsightsResolvers = {
  asOf: (p) => p.asOf.toISOString(),
  value: async (p, _args, ctx) => {
    const [orders, sales] = await readPurchases(p.customer, ctx.loaders, p.asOf);
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
