/** Shared connector mechanics: the HTTP client, batching, family-name key helpers, look-up results and settings helpers (the contract is `src/model`). */
export * from './http.js';
export * from './batching.js';
export * from './family-name.js';
export * from './lookup-results.js';
export * from './settings.js';
