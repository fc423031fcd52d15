/** Identity resolution: linking silo records into customers, opaque customer ids, and the crawl order. */
export { createIdentityService, crawlPosition, type CrawlPosition, type CustomerCriteria, type CustomerPage, type IdentityDeps, type IdentityService, type LookupFilter, type MemoizedResolution, type PairExplanation, type ResolutionMemo } from './service.js';
export { type OrphanedReference, type ResolvedCustomer } from './customer.js';
export { type LinkedRecord, identityKeys, recordKey, compareRecords } from './cluster.js';
export { type FieldComparison, type IdentityField, type LinkRefusal, type LinkRule, type MatchKind, type RuleOutcome, type Verdict } from './rules.js';
export { createCustomerIdCodec, type AnchorRef, type CustomerIdCodec } from './customer-id.js';
export { createCursorCodec, type CursorCodec } from './cursor.js';
export { DEFAULT_RESOLUTION_BOUNDS, type ContactLookup, type LinkAlarm, type Resolution, type ResolutionBounds, type ResolutionRead, type ResolutionTrace } from './resolve.js';
export { createLinkReview, LinkReview, type LinkReviewEntry } from './link-review.js';
export { isGenericEmail } from './generic-email.js';
export { givenNamesCompatible } from './names.js';
export { mergeConsent, type ConsentDecision, type ConsentStatement } from './consent.js';
export { parseCustomerIdArg, parseEmailArg, parseNameArg, parsePhoneArg } from './arguments.js';
