/** Customer-base models: RFM scores, BG/NBD churn and purchase forecasts, Gamma-Gamma spend; pure and tested. */
export type { PurchaseHistory, SpendHistory } from './purchase-history.js';
export { summarizePurchases, type Purchase, type CustomerSummary } from './summarize-purchases.js';
export { bgnbdLogLikelihood, createBgNbdLogLikelihood, type BgNbdParams } from './bgnbd-log-likelihood.js';
export { fitBgNbd, type BgNbdFit } from './fit-bgnbd.js';
export { probabilityAlive, expectedPurchases, expectedPurchasesOfNewCustomer } from './bgnbd-predictions.js';
export { gammaGammaLogLikelihood, createGammaGammaLogLikelihood, type GammaGammaParams } from './gamma-gamma-log-likelihood.js';
export { fitGammaGamma, type GammaGammaFit } from './fit-gamma-gamma.js';
export { expectedSpend } from './expected-spend.js';
export { RFM_SEGMENTS, rfmSegment, type RfmSegmentName, type RfmSegmentRule, type Score } from './rfm-segments.js';
export { fitRfmCutPoints, scoreRfm, type RfmCutPoints, type RfmScore } from './score-rfm.js';
export { CHURN_RISK_LABELS, churnRiskTier, fitChurnRiskCutPoints, type ChurnRiskTier, type RiskQuartile } from './churn-risk-tier.js';
export { createRandom, createSeededRandom, type Random } from './create-random.js';
export { drawLogParameters, percentileInterval, type Interval } from './parameter-draws.js';
export { MODEL_VERSION } from './model-version.js';
export {
  INSIGHT_MINIMUMS,
  isInsightUnavailable,
  type Insight,
  type InsightBasis,
  type InsightField,
  type InsightReason,
  type InsightUnavailable,
} from './insight-field.js';
export {
  fitInsightsModel,
  isUnavailable,
  type FitInsightsOptions,
  type InsightsDiagnostics,
  type InsightsModel,
  type Unavailable,
} from './fit-insights-model.js';
export {
  INTERVAL_DRAWS,
  INTERVAL_LEVEL,
  INTERVAL_SEED,
  PREDICTION_HORIZON_DAYS,
  scoreCustomer,
  type CustomerInsights,
  type ScoreOptions,
} from './score-customer.js';
export { BUSINESS_SCHEDULE, assertBusinessSchedule, businessMinutesBetween, type BusinessSchedule } from './business-minutes.js';
export { median } from './quantile.js';
export { historicValue, purchasesOf, type CurrencyValue, type HistoricValue } from './historic-value.js';
export { csatOf, firstReplyTimeOf, supportKpis, type Csat, type FirstReplyTime, type SupportKpis } from './support-kpis.js';
export { insightBasisOf, unscoredInsights } from './unscored-insights.js';
export { latestNps, npsCategoryOf, npsOfCounts, populationNps, type LatestNps, type NpsCategory, type PopulationNps } from './nps.js';
