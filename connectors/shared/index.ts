/** Shared connector mechanics: the HTTP client, batching, family-name key helpers, look-up results, settings helpers and per-request memos (the contract is `src/model`). */
export * from './http.js';
export * from './batching.js';
export * from './family-name.js';
export * from './lookup-results.js';
export * from './settings.js';
export * from './request-memo.js';
export * from './quota-headers.js';
export * from './usable-records.js';
