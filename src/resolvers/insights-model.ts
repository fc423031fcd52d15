import { InternalServerError } from '../errors/index.js';
import { isUnavailable, type Unavailable } from '../insights/index.js';
import type { StoredInsightsModel } from '../population/index.js';
import { dateTimeArgument, pastDateTimeArgument } from './args.js';
import type { InsightReason, InsightsModel, MutationResolvers, QueryResolvers } from './generated/types.js';

const reasonOf = (part: object): InsightReason | null => (isUnavailable(part) ? (part.reason as InsightReason) : null);

/** A stored model as the schema shows it: each part's figures, or nulls and the reason. */
export function insightsModelView(model: StoredInsightsModel): InsightsModel {
  const { purchases, spend, rfm, churnRisk, diagnostics } = model;
  const fit = <P extends object>(part: { params: P; logLikelihood: number; customersFitted: number } | Unavailable, empty: Record<keyof P, null>) =>
    isUnavailable(part)
      ? { ...empty, logLikelihood: null, customersFitted: 0, reason: reasonOf(part) }
      : { ...part.params, logLikelihood: part.logLikelihood, customersFitted: part.customersFitted, reason: null };
  return {
    modelVersion: model.modelVersion,
    asOf: diagnostics.asOf,
    fittedAt: model.fittedAt,
    purchases: fit(purchases, { r: null, alpha: null, a: null, b: null }),
    spend: fit(spend, { p: null, q: null, gamma: null }),
    rfm: isUnavailable(rfm)
      ? { recencyDays: null, purchases: null, meanSpend: null, reason: reasonOf(rfm) }
      : { recencyDays: [...rfm.recencyDays], purchases: [...rfm.purchases], meanSpend: [...rfm.meanSpend], reason: null },
    churnRisk: isUnavailable(churnRisk) ? { cuts: null, reason: reasonOf(churnRisk) } : { cuts: [...churnRisk.cuts], reason: null },
    nps: model.nps && { ...model.nps, reason: model.nps.value === null ? 'NO_FEEDBACK' : null },
    diagnostics: { ...diagnostics },
  };
}

/** `Query.insightsModel`: the newest stored model at or before `asOf`; null while none is. */
export const InsightsModelQuery: Pick<QueryResolvers, 'insightsModel'> = {
  insightsModel: async (_root, { asOf }, ctx) => {
    const at = asOf == null ? undefined : dateTimeArgument('asOf', asOf, new Date());
    const model = (await ctx.insightsModels?.latest(at)) ?? null;
    return model ? insightsModelView(model) : null;
  },
};

/** `Mutation.refitInsightsModel`: refits now and returns the model kept; an `asOf` in the future is refused (no purchase is known there). */
export const InsightsModelMutation: Pick<MutationResolvers, 'refitInsightsModel'> = {
  refitInsightsModel: async (_root, { asOf }, ctx) => {
    const at = pastDateTimeArgument('asOf', asOf);
    if (!ctx.insightsModels) throw new InternalServerError();
    return insightsModelView(await ctx.insightsModels.refit(at, ctx.principal));
  },
};
