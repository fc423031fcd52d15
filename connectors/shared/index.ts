/** Shared connector mechanics: the HTTP client, batching and the family-name key helpers (the contract is `src/model`). */
export * from './http.js';
export * from './batching.js';
export * from './family-name.js';
