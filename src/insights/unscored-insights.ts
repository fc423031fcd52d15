import type { Source } from '../model/index.js';
import type { InsightBasis, InsightUnavailable } from './insight-field.js';
import { MODEL_VERSION } from './model-version.js';
import type { CustomerInsights } from './score-customer.js';
import { summarizePurchases } from './summarize-purchases.js';

/** The basis of a customer's model fields: their purchase days and history span at `asOf`, and the silos read. */
export function insightBasisOf(purchaseTimes: readonly Date[], asOf: Date, silosCovered: readonly Source[]): InsightBasis {
  const summary = summarizePurchases(purchaseTimes.map((at) => ({ at, amount: 0 })), asOf);
  return { purchasesUsed: summary?.purchases ?? 0, historySpanDays: summary?.T ?? 0, silosCovered, modelVersion: MODEL_VERSION };
}

/** The model fields while no population model is fitted: each null with `NO_MODEL`, and the customer's basis. */
export function unscoredInsights(basis: InsightBasis): CustomerInsights {
  const none: InsightUnavailable = { value: null, reason: 'NO_MODEL', basis };
  return { rfm: none, probabilityAlive: none, churnRisk: none, expectedPurchases: none, expectedValue: none };
}
