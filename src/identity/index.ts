/** Identity resolution: linking silo records into customers, opaque customer ids, and the crawl order. */
export { createIdentityService, crawlPosition, type CrawlPosition, type CustomerCriteria, type CustomerPage, type IdentityDeps, type IdentityService, type LookupFilter, type MemoizedResolution, type ResolutionMemo } from './service.js';
export { type ResolvedCustomer } from './customer.js';
export { type LinkedRecord, type MatchKind, identityKeys, recordKey, compareRecords } from './cluster.js';
export { createCustomerIdCodec, type AnchorRef, type CustomerIdCodec } from './customer-id.js';
export { createCursorCodec, type CursorCodec } from './cursor.js';
export { type ContactLookup, type Resolution, type ResolutionRead } from './resolve.js';
export { isGenericEmail } from './generic-email.js';
export { givenNamesCompatible } from './names.js';
export { mergeConsent, type ConsentDecision, type ConsentStatement } from './consent.js';
export { parseCustomerIdArg, parseEmailArg, parseNameArg, parsePhoneArg } from './arguments.js';
