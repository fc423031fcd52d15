import { probabilityAlive } from './bgnbd-predictions.js';
import { fitChurnRiskCutPoints } from './churn-risk-tier.js';
import { fitBgNbd, type BgNbdFit } from './fit-bgnbd.js';
import { fitGammaGamma, type GammaGammaFit } from './fit-gamma-gamma.js';
import { INSIGHT_MINIMUMS, type InsightReason } from './insight-field.js';
import { MODEL_VERSION } from './model-version.js';
import { fitRfmCutPoints, type RfmCutPoints } from './score-rfm.js';
import type { CustomerSummary } from './summarize-purchases.js';

/** A part of the model that could not be fitted, and why. */
export interface Unavailable {
  readonly reason: InsightReason;
}

/** What the fit rests on and how it went. */
export interface InsightsDiagnostics {
  /** Customers with at least one purchase, as given. */
  readonly customers: number;
  /** Customers in the BG/NBD fit (those observed for more than a day). */
  readonly customersFitted: number;
  /** Customers with repeat purchases in the Gamma-Gamma fit. */
  readonly repeatCustomersFitted: number;
  readonly purchaseLogLikelihood: number | null;
  readonly spendLogLikelihood: number | null;
  /** Days from the population's first purchase to `asOf`. */
  readonly historySpanDays: number;
  /** ISO 8601. */
  readonly asOf: string;
  readonly durationMs: number;
}

/**
 * Everything the insights keep: the fitted parameters (with their covariance), the cut points and the
 * diagnostics. No customer's data is in it.
 */
export interface InsightsModel {
  readonly modelVersion: string;
  /** BG/NBD, time unit days. */
  readonly purchases: BgNbdFit | Unavailable;
  /** Gamma-Gamma, in the purchases' currency. */
  readonly spend: GammaGammaFit | Unavailable;
  readonly rfm: RfmCutPoints | Unavailable;
  /** Quartile cut points of P(alive) over the customers that have one. */
  readonly churnRisk: { readonly cuts: readonly number[] } | Unavailable;
  readonly diagnostics: InsightsDiagnostics;
}

/** Options of {@link fitInsightsModel}. */
export interface FitInsightsOptions {
  /** The date every summary was taken at. */
  readonly asOf: Date;
  /** Milliseconds, for the duration in the diagnostics only. */
  readonly clock?: () => number;
}

/** True when the model part is missing (see its reason). */
export function isUnavailable<T extends object>(part: T | Unavailable): part is Unavailable {
  return 'reason' in part;
}

function fitPurchases(fitted: readonly CustomerSummary[], historySpanDays: number): BgNbdFit | Unavailable {
  if (fitted.length < INSIGHT_MINIMUMS.customersForPurchaseFit) return { reason: 'TOO_FEW_CUSTOMERS_FITTED' };
  if (historySpanDays < INSIGHT_MINIMUMS.historySpanDays) return { reason: 'HISTORY_TOO_SHORT' };
  if (!fitted.some((c) => c.x > 0)) return { reason: 'NO_REPEAT_PURCHASES' };
  const fit = fitBgNbd(fitted);
  return fit.converged && fit.covariance ? fit : { reason: 'FIT_DEGENERATE' };
}

function fitSpend(repeaters: readonly CustomerSummary[], historySpanDays: number): GammaGammaFit | Unavailable {
  if (repeaters.length === 0) return { reason: 'NO_REPEAT_PURCHASES' };
  if (repeaters.length < INSIGHT_MINIMUMS.customersForSpendFit) return { reason: 'TOO_FEW_CUSTOMERS_FITTED' };
  if (historySpanDays < INSIGHT_MINIMUMS.historySpanDays) return { reason: 'HISTORY_TOO_SHORT' };
  const fit = fitGammaGamma(repeaters.map((c) => ({ x: c.x, meanSpend: c.meanRepeatSpend })));
  // q <= 1 leaves the mean spend infinite: no forecast can be made from it.
  return fit.converged && fit.covariance && fit.params.q > 1 ? fit : { reason: 'FIT_DEGENERATE' };
}

function fitChurnRisk(purchases: BgNbdFit | Unavailable, customers: readonly CustomerSummary[]): InsightsModel['churnRisk'] {
  if (isUnavailable(purchases)) return purchases;
  const scored = customers.filter((c) => c.purchases >= INSIGHT_MINIMUMS.purchasesForPredictions);
  if (scored.length < INSIGHT_MINIMUMS.customersForCutPoints) return { reason: 'TOO_FEW_CUSTOMERS_FITTED' };
  return { cuts: fitChurnRiskCutPoints(scored.map((c) => probabilityAlive(purchases.params, c))) };
}

/**
 * Fits the insight models to a population of customer summaries taken at `asOf` (see summarizePurchases):
 * BG/NBD on every customer observed for more than a day, Gamma-Gamma on those with repeat purchases of positive
 * value, the RFM quintiles and the P(alive) quartiles. A part whose minimums are not met carries the reason.
 */
export function fitInsightsModel(customers: readonly CustomerSummary[], options: FitInsightsOptions): InsightsModel {
  const clock = options.clock ?? (() => performance.now());
  const started = clock();
  const fitted = customers.filter((c) => c.T > 0);
  const repeaters = fitted.filter((c) => c.x > 0 && c.meanRepeatSpend > 0);
  const historySpanDays = customers.reduce((span, c) => Math.max(span, c.T), 0);
  const purchases = fitPurchases(fitted, historySpanDays);
  const spend = fitSpend(repeaters, historySpanDays);
  const rfm = customers.length < INSIGHT_MINIMUMS.customersForCutPoints ? { reason: 'TOO_FEW_CUSTOMERS_FITTED' as const } : fitRfmCutPoints(customers);
  const churnRisk = fitChurnRisk(purchases, customers);
  return {
    modelVersion: MODEL_VERSION,
    purchases,
    spend,
    rfm,
    churnRisk,
    diagnostics: {
      customers: customers.length,
      customersFitted: isUnavailable(purchases) ? 0 : purchases.customersFitted,
      repeatCustomersFitted: isUnavailable(spend) ? 0 : spend.customersFitted,
      purchaseLogLikelihood: isUnavailable(purchases) ? null : purchases.logLikelihood,
      spendLogLikelihood: isUnavailable(spend) ? null : spend.logLikelihood,
      historySpanDays,
      asOf: options.asOf.toISOString(),
      durationMs: clock() - started,
    },
  };
}
