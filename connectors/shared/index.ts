/** Shared connector mechanics: the HTTP client, batching, paging, typed errors, the connector contract and settings helpers. */
export * from './errors.js';
export * from './http.js';
export * from './batching.js';
export * from './paging.js';
export * from './contract.js';
export * from './family-name.js';
export * from './settings.js';
