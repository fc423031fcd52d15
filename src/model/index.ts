/**
 * The canonical model and the connector contract, the one home both trees import: the records every connector
 * returns whatever its vendor, the interfaces connectors implement, the look-up keys and identifier forms they
 * compare in, the options and hooks the gateway passes down, and the typed errors connectors throw.
 */
export type { Source, System, Provenance } from './provenance.js';
export { SOURCES, SYSTEM_OF } from './provenance.js';
export type { Money } from './money.js';
export { parseDecimalMoney, formatMinorUnits, currencyExponent } from './money.js';
export { parseDecimalQuantity } from './quantity.js';
export type {
  ConsentChannel,
  ConsentFact,
  ConsentState,
  ContactRecord,
  CrmProfile,
  CrmHistoryProperty,
  CrmPropertyChange,
  CrossRef,
  LineItem,
  NpsAnswer,
  Order,
  PosTransaction,
  Refund,
  Ticket,
  TicketStatus,
} from './records.js';
export { TICKET_STATUSES } from './records.js';
export {
  FALLBACK_PHONE_REGION,
  familyNameKey,
  isE164,
  normaliseEmail,
  normalisePhone,
  phoneRegionOf,
  postalCodeKey,
} from './identifiers.js';
export { lookupKeyId, supportedKeys, type LookupKey } from './lookup-key.js';
export type { ListWindow, Page } from './page.js';
export { collectPages, type FetchedPage } from './collect-pages.js';
export type { CallOptions } from './call-options.js';
export type { SkippedRecord } from './skipped-record.js';
export type { BudgetRequest, CallEvent, ConnectorHooks, QuotaAnnouncement, RequestBudget, RetryBudget, SiloBudgetHooks } from './connector-hooks.js';
export {
  CircuitOpen,
  GatewayStalled,
  MAX_TIMER_LATE_MS,
  SourceBadResponse,
  SourceError,
  SourceRateLimited,
  SourceTimeout,
  SourceUnavailable,
  SourceUnauthorized,
  isSourceError,
  type SourceErrorCode,
} from './source-error.js';
export { UnreachableCaseError } from './unreachable-case-error.js';
export type { ContactConnector } from './contact-connector.js';
export type { CrmHistorySource, FeedbackSource, OrderSource, PosSource, TicketSource } from './facet-sources.js';
export {
  DATA_QUALITY_CODES,
  emailDefectOf,
  type DataQualityCode,
  type DataQualityDefect,
  type DataQualityField,
  type EmailDefect,
} from './data-quality.js';
export type {
  ConsentDecisionInput,
  ConsentWriteResult,
  ConsentWriteState,
  ErasureResult,
  ErasureState,
  PrivacyConnector,
  RecordPresence,
  VendorReceipt,
} from './privacy-connector.js';
export type { PrivacySilos, Silos } from './silos.js';
