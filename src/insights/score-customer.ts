import type { Source } from '../model/index.js';
import type { BgNbdParams } from './bgnbd-log-likelihood.js';
import { expectedPurchases, probabilityAlive } from './bgnbd-predictions.js';
import { churnRiskTier, type ChurnRiskTier } from './churn-risk-tier.js';
import { createSeededRandom } from './create-random.js';
import { expectedSpend } from './expected-spend.js';
import { bgnbdParamsOf, type BgNbdFit } from './fit-bgnbd.js';
import { gammaGammaParamsOf, type GammaGammaFit } from './fit-gamma-gamma.js';
import type { GammaGammaParams } from './gamma-gamma-log-likelihood.js';
import { isUnavailable, type InsightsModel } from './fit-insights-model.js';
import {
  INSIGHT_MINIMUMS,
  type InsightBasis,
  type InsightField,
  type InsightReason,
  type InsightUnavailable,
} from './insight-field.js';
import { drawLogParameters, percentileInterval, type Interval } from './parameter-draws.js';
import { scoreRfm, type RfmScore } from './score-rfm.js';
import type { CustomerSummary } from './summarize-purchases.js';

/** The forecast horizon of the predicted fields, in days. */
export const PREDICTION_HORIZON_DAYS = 365;
/** The coverage of every interval. */
export const INTERVAL_LEVEL = 0.8;
/** Parameter draws behind each interval, unless the caller says otherwise. */
export const INTERVAL_DRAWS = 500;
/** Seed of the draws, unless the caller says otherwise. */
export const INTERVAL_SEED = 18;

/** A customer's insight fields. */
export interface CustomerInsights {
  readonly rfm: InsightField<RfmScore>;
  readonly probabilityAlive: InsightField<number>;
  readonly churnRisk: InsightField<ChurnRiskTier>;
  /** Expected purchase days in the next {@link PREDICTION_HORIZON_DAYS} days. */
  readonly expectedPurchases: InsightField<number>;
  /** Expected spend in the next {@link PREDICTION_HORIZON_DAYS} days, in the purchases' currency. */
  readonly expectedValue: InsightField<number>;
}

/** Options of {@link scoreCustomer}. */
export interface ScoreOptions {
  /** The silos whose purchases the summary holds. */
  readonly silosCovered: readonly Source[];
  /** Parameter draws behind each interval (default {@link INTERVAL_DRAWS}). */
  readonly draws?: number;
  /** Seed of the draws (default {@link INTERVAL_SEED}): the same seed gives the same intervals. */
  readonly seed?: number;
}

interface Draw {
  readonly purchases: BgNbdParams;
  readonly spend: GammaGammaParams | null;
}

// One set of draws serves every interval of the customer, so the value's interval is the joint one.
function drawParameters(purchases: BgNbdFit, spend: GammaGammaFit | null, options: ScoreOptions): Draw[] {
  const random = createSeededRandom(options.seed ?? INTERVAL_SEED);
  const draws = options.draws ?? INTERVAL_DRAWS;
  const purchaseDraws = drawLogParameters(purchases.logParams, purchases.covariance ?? [], draws, random).map(bgnbdParamsOf);
  const spendDraws = spend ? drawLogParameters(spend.logParams, spend.covariance ?? [], draws, random).map(gammaGammaParamsOf) : [];
  return purchaseDraws.map((params, i) => ({ purchases: params, spend: spendDraws[i] ?? null }));
}

function intervalOver(draws: readonly Draw[], statistic: (draw: Draw) => number): Interval {
  return percentileInterval(draws.map(statistic), INTERVAL_LEVEL);
}

type Predictions = Omit<CustomerInsights, 'rfm'>;

function predict(model: InsightsModel, fit: BgNbdFit, customer: CustomerSummary, basis: InsightBasis, options: ScoreOptions): Predictions {
  const { spend, churnRisk } = model;
  const draws = drawParameters(fit, isUnavailable(spend) ? null : spend, options);
  // A customer whose repeat purchases net to nothing (refunds) is given the population's mean spend.
  const ownSpend = customer.meanRepeatSpend > 0 ? customer.x : 0;
  const purchasesAt = (params: BgNbdParams) => expectedPurchases(params, customer, PREDICTION_HORIZON_DAYS);
  // A draw without a finite mean spend (q <= 1) is NaN, which the interval leaves out.
  const valueAt = ({ purchases, spend: spendParams }: Draw) =>
    spendParams && spendParams.q > 1 ? purchasesAt(purchases) * expectedSpend(spendParams, ownSpend, customer.meanRepeatSpend) : NaN;
  const alive = probabilityAlive(fit.params, customer);
  return {
    probabilityAlive: { value: alive, interval: intervalOver(draws, (draw) => probabilityAlive(draw.purchases, customer)), basis },
    churnRisk: isUnavailable(churnRisk) ? unavailable(churnRisk.reason, basis) : { value: churnRiskTier(alive, churnRisk.cuts), basis },
    expectedPurchases: { value: purchasesAt(fit.params), interval: intervalOver(draws, (draw) => purchasesAt(draw.purchases)), basis },
    expectedValue: isUnavailable(spend)
      ? unavailable(spend.reason, basis)
      : { value: valueAt({ purchases: fit.params, spend: spend.params }), interval: intervalOver(draws, valueAt), basis },
  };
}

function unavailable(reason: InsightReason, basis: InsightBasis): InsightUnavailable {
  return { value: null, reason, basis };
}

function noPredictions(reason: InsightReason, basis: InsightBasis): Predictions {
  const none = unavailable(reason, basis);
  return { probabilityAlive: none, churnRisk: none, expectedPurchases: none, expectedValue: none };
}

/**
 * A customer's RFM scores, P(alive), relative churn-risk tier, and expected purchases and value over the next
 * 365 days, each with its basis; a field whose minimums are not met is null with the reason. `customer` must be
 * summarized at the model's `asOf` (null: no purchase).
 */
export function scoreCustomer(model: InsightsModel, customer: CustomerSummary | null, options: ScoreOptions): CustomerInsights {
  const basis: InsightBasis = {
    purchasesUsed: customer?.purchases ?? 0,
    historySpanDays: customer?.T ?? 0,
    silosCovered: options.silosCovered,
    modelVersion: model.modelVersion,
  };
  if (!customer || customer.purchases < INSIGHT_MINIMUMS.purchasesForScores) {
    return { rfm: unavailable('TOO_FEW_PURCHASES', basis), ...noPredictions('TOO_FEW_PURCHASES', basis) };
  }
  const rfm = isUnavailable(model.rfm) ? unavailable(model.rfm.reason, basis) : { value: scoreRfm(model.rfm, customer), basis };
  if (customer.purchases < INSIGHT_MINIMUMS.purchasesForPredictions) return { rfm, ...noPredictions('TOO_FEW_PURCHASES', basis) };
  if (isUnavailable(model.purchases)) return { rfm, ...noPredictions(model.purchases.reason, basis) };
  return { rfm, ...predict(model, model.purchases, customer, basis, options) };
}
