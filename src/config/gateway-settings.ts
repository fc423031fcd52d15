import { authSettings } from './auth-settings.js';
import { cacheSettings } from './cache-settings.js';
import { callerBudgetSettings } from './caller-budget-settings.js';
import { dataQualitySettings } from './data-quality-settings.js';
import { identitySettings } from './identity-settings.js';
import { insightsSettings } from './insights-settings.js';
import { limitsSettings } from './limits-settings.js';
import { loggingSettings } from './logging-settings.js';
import { privacySettings } from './privacy-settings.js';
import { resilienceSettings } from './resilience-settings.js';
import { serverSettings } from './server-settings.js';
import { storageSettings } from './storage-settings.js';
import { timelineSettings } from './timeline-settings.js';
import { tracingSettings } from './tracing-settings.js';
import { transportSettings } from './transport-settings.js';

/**
 * The gateway's own slices, by the concern that receives each. The composition root adds the connectors' and the
 * embedded sandboxes' (connectors/ may not import src/config, nor src/ the connectors below the root).
 */
export const GATEWAY_SETTINGS = {
  server: serverSettings,
  transport: transportSettings,
  storage: storageSettings,
  auth: authSettings,
  logging: loggingSettings,
  tracing: tracingSettings,
  limits: limitsSettings,
  cache: cacheSettings,
  resilience: resilienceSettings,
  budgets: callerBudgetSettings,
  privacy: privacySettings,
  identity: identitySettings,
  insights: insightsSettings,
  timeline: timelineSettings,
  dataQuality: dataQualitySettings,
} as const;
