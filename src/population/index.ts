/**
 * Population jobs over one crawl of every customer: the insight models' refit and its table of fits, and the
 * data-quality report and its table of counts (aggregates only).
 */
export { createInsightsModels, LATEST_MODEL_TTL_MS, type InsightsModels, type InsightsModelsOptions } from './create-insights-models.js';
export { type Every } from './jobs.js';
export { CRAWL_PAGE_SIZE, crawlCustomers } from './crawl-customers.js';
export { REFIT_PAGE_SIZE, type RefitDeps } from './refit.js';
export { createInsightsModelStore, POPULATION_MIGRATIONS, type InsightsModelStore, type PopulationModel, type StoredInsightsModel } from './store.js';
export { createDataQualityReports, EXAMPLES_PER_COUNT, type DataQualityReports, type DataQualityReportsOptions } from './data-quality-report.js';
export { createDataQualityStore, DATA_QUALITY_MIGRATIONS, type DataQualityReport, type DataQualityReportCount, type StoredDataQualityReport } from './data-quality-store.js';
export { readNps } from './read-nps.js';
export { INSIGHTS_MAX_RECORDS, countedPurchases, coveredOf, gapsOf, readAll, readPurchases, type SiloGap, type SiloRead } from './read-purchases.js';
