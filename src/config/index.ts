/**
 * The one settings module: per-concern zod slices, composed and parsed once at start-up into read-only typed
 * settings; one SettingsError lists every invalid and unknown setting. Only the composition root reads the environment.
 */
export { composeSettings, type ComposedSettings, type Environment, type SettingsOf, type SettingsSlice, type SettingsSlices } from './compose-settings.js';
export { SettingsError, type SettingsIssue } from './settings-error.js';
export { namespacesOf, unknownSettings } from './unknown-settings.js';
export { GATEWAY_SETTINGS } from './gateway-settings.js';
export { ADMISSION_DEFAULTS, serverSettings } from './server-settings.js';
export { storageSettings } from './storage-settings.js';
export { TRANSPORT_DEFAULTS, transportSettings, type TransportSettings } from './transport-settings.js';
export { authSettings } from './auth-settings.js';
export { loggingSettings } from './logging-settings.js';
export { tracingSettings } from './tracing-settings.js';
export { limitsSettings } from './limits-settings.js';
export { cacheSettings } from './cache-settings.js';
export { CALLER_BUDGET_DEFAULTS, callerBudgetSettings, type CallerBudgetSettings } from './caller-budget-settings.js';
export { BULKHEAD_DEFAULTS, resilienceSettings, type ResilienceSettings } from './resilience-settings.js';
export { privacySettings } from './privacy-settings.js';
export { insightsSettings } from './insights-settings.js';
export { dataQualitySettings } from './data-quality-settings.js';
export { identitySettings } from './identity-settings.js';
export { timelineSettings } from './timeline-settings.js';
export { loadGatewaySecret, deriveKey } from './secret.js';
export { acquireDataDirLock, DATA_DIR_LOCK_FILE, DataDirInUse, isProcessAlive, type DataDirLock, type DataDirLockOptions } from './data-dir-lock.js';
export { createDeterministicSeal, type DeterministicSeal } from './deterministic-seal.js';
export { createSealer, type Sealer } from './sealer.js';
