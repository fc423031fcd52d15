import type { ResolvedCustomer } from '../identity/index.js';
import {
  historicValue,
  latestNps,
  insightBasisOf,
  isInsightUnavailable,
  MODEL_VERSION,
  scoreCustomer,
  summarizePurchases,
  supportKpis,
  unscoredInsights,
  type CustomerInsights as ModelFields,
  type InsightField,
} from '../insights/index.js';
import type { Ticket } from '../model/index.js';
import { countedPurchases, coveredOf, gapsOf, readAll, readNps, readPurchases } from '../population/index.js';
import { dateTimeArgument } from './args.js';
import type { ResolverContext } from './context.js';
import type { CustomerInsightsResolvers, InsightInterval, InsightReason } from './generated/types.js';
import type { InsightsParent } from './insights-parent.js';

/** A customer's model fields, and the asOf of the population model they were scored against (null: none was). */
interface Scored {
  readonly fields: ModelFields;
  readonly modelAsOf: string | null;
}

function fieldOf<T, U>({ fields, modelAsOf }: Scored, pick: (fields: ModelFields) => InsightField<T>, map: (value: T) => U) {
  const field = pick(fields);
  const basis = { ...field.basis, silosCovered: [...field.basis.silosCovered], modelAsOf };
  if (isInsightUnavailable(field)) return { value: null, interval: null, reason: field.reason as InsightReason, basis };
  const interval: InsightInterval | null = field.interval ?? null;
  return { value: map(field.value), interval, reason: null, basis };
}

/**
 * Scores the customer against the newest stored population model whose asOf is at or before the asked one (with no
 * `asOf` asked: the newest model, at its own asOf, so the customer is summarised at the period the model was fitted
 * to). A model of another MODEL_VERSION is not scored against: its parameters may mean something else.
 */
async function score(parent: InsightsParent, ctx: ResolverContext): Promise<Scored> {
  const stored = (await ctx.insightsModels?.latest(parent.asOfGiven ? parent.asOf : undefined)) ?? null;
  const model = stored?.modelVersion === MODEL_VERSION ? stored : null;
  const asOf = model && !parent.asOfGiven ? new Date(model.diagnostics.asOf) : parent.asOf;
  const [orders, sales] = await readPurchases(parent.customer, ctx.loaders, asOf);
  const { purchases, silosCovered } = countedPurchases(orders, sales);
  if (!model) return { fields: unscoredInsights(insightBasisOf(purchases.map((p) => p.at), asOf, silosCovered)), modelAsOf: null };
  return { fields: scoreCustomer(model, summarizePurchases(purchases, asOf), { silosCovered }), modelAsOf: model.diagnostics.asOf };
}

// The five model fields share one scoring per customer (the interval draws are the costly part).
const scored = new WeakMap<InsightsParent, Promise<Scored>>();
function modelFields(parent: InsightsParent, ctx: ResolverContext): Promise<Scored> {
  let held = scored.get(parent);
  if (!held) {
    held = score(parent, ctx);
    scored.set(parent, held);
  }
  return held;
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
  rfm: async (p, _args, ctx) => fieldOf(await modelFields(p, ctx), (f) => f.rfm, (v) => ({ ...v })),
  probabilityAlive: async (p, _args, ctx) => fieldOf(await modelFields(p, ctx), (f) => f.probabilityAlive, (v) => v),
  churnRisk: async (p, _args, ctx) => fieldOf(await modelFields(p, ctx), (f) => f.churnRisk, (v) => ({ ...v })),
  expectedPurchases: async (p, _args, ctx) => fieldOf(await modelFields(p, ctx), (f) => f.expectedPurchases, (v) => v),
  expectedValue: async (p, _args, ctx) => fieldOf(await modelFields(p, ctx), (f) => f.expectedValue, (v) => v),
  // Read only when asked for: the agent view without `nps` costs no request to the CRM's feedback submissions.
  nps: async (p, _args, ctx) => {
    const read = await readNps(p.customer, ctx.loaders);
    const latest = latestNps(read.items, p.asOf);
    const partial = gapsOf(read);
    return {
      score: latest?.score ?? null,
      givenAt: latest?.givenAt ?? null,
      category: latest?.category ?? null,
      // No answer is only NO_FEEDBACK when the CRM was read: a failed read is a gap, never "no feedback".
      reason: latest === null && partial.length === 0 ? 'NO_FEEDBACK' : null,
      answers: latest?.answers ?? 0,
      partial,
    };
  },
};

/** `Customer.insights`: the customer and the observation period's end, for the fields above; BAD_USER_INPUT for a bad `asOf`. */
export function customerInsights(customer: ResolvedCustomer, args: { asOf?: string | null }): InsightsParent {
  return { customer, asOf: dateTimeArgument('asOf', args.asOf, new Date()), asOfGiven: args.asOf != null };
}
