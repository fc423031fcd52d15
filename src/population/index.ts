/** Population models: the refit job that crawls every customer and fits the insight models, and the table of fits (aggregates only). */
export { createInsightsModels, LATEST_MODEL_TTL_MS, type Every, type InsightsModels, type InsightsModelsOptions } from './create-insights-models.js';
export { REFIT_PAGE_SIZE, type RefitDeps } from './refit.js';
export { createInsightsModelStore, POPULATION_MIGRATIONS, type InsightsModelStore, type PopulationModel, type StoredInsightsModel } from './store.js';
export { readNps } from './read-nps.js';
export { INSIGHTS_MAX_RECORDS, countedPurchases, coveredOf, gapsOf, readAll, readPurchases, type SiloGap, type SiloRead } from './read-purchases.js';
