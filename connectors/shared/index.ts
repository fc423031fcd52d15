/** Shared connector mechanics: the HTTP client and its wire level (the transport), batching, family-name key helpers, look-up results, settings helpers and per-request memos (the contract is `src/model`). */
export * from './http.js';
export * from './batching.js';
export * from './family-name.js';
export * from './lookup-results.js';
export * from './settings.js';
export * from './request-memo.js';
export * from './quota-headers.js';
export * from './usable-records.js';
export { createTransport, type AttemptClock, type SendAttempt, type TransportOptions, type WireRequest } from './transport.js';
