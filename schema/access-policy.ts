/**
 * The access policy, declared once beside the SDL: every field of the schema names the category of data
 * it carries, and every category says what each role gets. A field with no rule is denied, and the
 * gateway refuses to start while any field lacks one.
 */
import type { Role } from '../src/auth/index.js';
import type { ConsentChannel, Source } from '../src/model/index.js';
import type { TimelineEventKind } from '../src/timeline/index.js';

/**
 * What a role gets for a category. `ifConsented`: allowed when the customer granted marketing on a channel that
 * category's contact goes through (CONSENT_CHANNELS), else masked.
 */
export type Rule = 'allow' | 'ifConsented' | 'mask' | 'pseudonym' | 'deny';

/** The categories of data the schema carries, why the gateway processes each, and the roles' rules. Personal ones are audited. */
export const CATEGORIES = {
  STRUCTURE: { personal: false, description: 'opaque ids, paging and connection structure', purpose: 'let clients address a customer and page through results; carries nothing about the person', rules: { support: 'allow', marketing: 'allow', analyst: 'allow', privacy: 'allow', admin: 'allow' } },
  NAME: { personal: true, description: 'a person\'s name', purpose: 'identify the customer across silos and let support and consented marketing address them by name', rules: { support: 'allow', marketing: 'ifConsented', analyst: 'pseudonym', privacy: 'allow', admin: 'allow' } },
  EMAIL: { personal: true, description: 'email addresses', purpose: 'identify the customer across silos and let support and consented marketing contact them', rules: { support: 'allow', marketing: 'ifConsented', analyst: 'pseudonym', privacy: 'allow', admin: 'allow' } },
  PHONE: { personal: true, description: 'phone numbers', purpose: 'match the customer\'s records across silos and let support and consented marketing call or text them', rules: { support: 'allow', marketing: 'ifConsented', analyst: 'pseudonym', privacy: 'allow', admin: 'allow' } },
  CONSENT: { personal: true, description: 'marketing consent states and their sources', purpose: 'show and honour the customer\'s marketing choices, so that marketing contacts only those who agreed', rules: { support: 'allow', marketing: 'allow', analyst: 'allow', privacy: 'allow', admin: 'allow' } },
  CRM_PROFILE: { personal: true, description: 'CRM lifecycle, company, job title, owner', purpose: 'give support and marketing the relationship context: lifecycle stage, company, account owner', rules: { support: 'allow', marketing: 'allow', analyst: 'allow', privacy: 'allow', admin: 'allow' } },
  PURCHASES: { personal: true, description: 'orders and POS sales: amounts, dates, items, states', purpose: 'let support answer questions about orders and in-store sales, and marketing and analysts see buying across channels', rules: { support: 'allow', marketing: 'allow', analyst: 'allow', privacy: 'allow', admin: 'allow' } },
  VENDOR_ID: { personal: false, description: 'a silo\'s own id of an order, sale, ticket or CRM record', purpose: 'find a customer from an order, sale or ticket, and open the record in the silo that holds it', rules: { support: 'allow', marketing: 'allow', analyst: 'allow', privacy: 'allow', admin: 'allow' } },
  SUPPORT_META: { personal: true, description: 'ticket states, dates, priority, channel, satisfaction', purpose: 'show the customer\'s service history so support can help and others see open issues without their content', rules: { support: 'allow', marketing: 'allow', analyst: 'allow', privacy: 'allow', admin: 'allow' } },
  INSIGHTS: { personal: true, description: 'KPIs derived from a customer\'s purchases, tickets and survey answers: historic value, CSAT, first reply time, RFM scores, churn risk, predicted value and their latest NPS score, with what each rests on', purpose: 'let support see at a glance how valuable and how satisfied a customer is and whether they are drifting away, and marketing and analysts segment customers beside pseudonyms, without a copy of anyone\'s data', rules: { support: 'allow', marketing: 'allow', analyst: 'allow', privacy: 'allow', admin: 'allow' } },
  INSIGHTS_MODEL: { personal: false, description: 'the population models: fitted parameters, cut points, fit diagnostics and the population NPS counts, no customer\'s data', purpose: 'show what the per-customer scores and predictions rest on, and how well the models fit', rules: { support: 'deny', marketing: 'deny', analyst: 'allow', privacy: 'deny', admin: 'allow' } },
  INSIGHTS_MODEL_REFIT: { personal: false, description: 'refitting the population models: a crawl of every customer through the silos', purpose: 'keep the population models current when the scheduled refit is not soon enough', rules: { support: 'deny', marketing: 'deny', analyst: 'deny', privacy: 'deny', admin: 'allow' } },
  DATA_QUALITY: { personal: true, description: 'data-quality findings on a customer\'s silo records: which record and field is invalid, conflicting, stale, unconsented, duplicated or orphaned, and why, never the value', purpose: 'let support and privacy officers fix the silo that holds a bad or contradictory record, and analysts measure data quality, without seeing values their role may not read', rules: { support: 'allow', marketing: 'deny', analyst: 'allow', privacy: 'allow', admin: 'allow' } },
  DATA_QUALITY_REPORT: { personal: false, description: 'the data-quality report: counts of findings per silo and code over every customer, with a few example record ids; no customer id or value', purpose: 'show data stewards which silo decays where, and let them run the crawl when the scheduled one is not soon enough', rules: { support: 'deny', marketing: 'deny', analyst: 'deny', privacy: 'deny', admin: 'allow' } },
  TIMELINE: { personal: true, description: 'when, in which silo and to which record a customer\'s events happened: orders, POS sales, refunds, cancellations, tickets, CRM lifecycle stages and consent changes in one time order', purpose: 'let support follow a customer\'s story across silos (the order, then the ticket, then the refund) without reading each silo apart; each role sees only the kinds of events its other categories let it read (TIMELINE_KIND_CATEGORIES)', rules: { support: 'allow', marketing: 'allow', analyst: 'allow', privacy: 'allow', admin: 'allow' } },
  TICKET_CONTENT: { personal: true, description: 'what a customer wrote to support', purpose: 'let support resolve what the customer asked, and privacy officers answer access requests', rules: { support: 'allow', marketing: 'deny', analyst: 'deny', privacy: 'allow', admin: 'allow' } },
  AUDIT: { personal: false, description: 'the audit trail: who read which customer\'s data, never the data', purpose: 'account for every read of personal data, to demonstrate compliance and answer data-subject requests', rules: { support: 'deny', marketing: 'deny', analyst: 'deny', privacy: 'allow', admin: 'allow' } },
  PRIVACY_OPERATIONS: { personal: false, description: 'data-subject requests: exports, erasure jobs and their receipts, consent writes, the record of processing', purpose: 'carry out data-subject rights (access, portability, erasure, consent changes) and keep this record', rules: { support: 'deny', marketing: 'deny', analyst: 'deny', privacy: 'allow', admin: 'allow' } },
  LINK_REVIEW: { personal: false, description: 'identifier values identity resolution stopped trusting (as keyed hashes) and customers cut at their weakest link', purpose: 'let privacy officers and admins find over-merged customers and shared identifiers before they spread wrong data', rules: { support: 'deny', marketing: 'deny', analyst: 'deny', privacy: 'allow', admin: 'allow' } },
  LINKAGE: { personal: true, description: 'which silo records are linked into a customer and why', purpose: 'let privacy officers check which silo records make up a customer and why, before exports and erasures', rules: { support: 'deny', marketing: 'deny', analyst: 'deny', privacy: 'allow', admin: 'allow' } },
} as const satisfies Record<string, { personal: boolean; description: string; purpose: string; rules: Record<Role, Rule> }>;

/** A category of data. */
export type Category = keyof typeof CATEGORIES;

/** Field → category, as `Type.field`, or `Type.*` for every field of a type. The exact entry wins. */
export const FIELD_CATEGORIES: Readonly<Record<string, Category>> = {
  'Query.*': 'STRUCTURE',
  'Query.auditEvents': 'AUDIT',
  'AuditEvent.*': 'AUDIT',
  'AuditCategory.*': 'AUDIT',
  'AuditEventEdge.*': 'AUDIT',
  'AuditEventConnection.*': 'AUDIT',
  'Customer.id': 'STRUCTURE',
  'Customer.displayName': 'NAME',
  'Customer.emails': 'EMAIL',
  'Customer.phones': 'PHONE',
  'Customer.consent': 'CONSENT',
  'Customer.crm': 'CRM_PROFILE',
  'Customer.orders': 'PURCHASES',
  'Customer.posTransactions': 'PURCHASES',
  'Customer.tickets': 'SUPPORT_META',
  'Customer.sourceRecords': 'LINKAGE',
  'Customer.dataQuality': 'DATA_QUALITY',
  'DataQualityFinding.*': 'DATA_QUALITY',
  'Query.dataQualityReport': 'DATA_QUALITY_REPORT',
  'Mutation.runDataQualityReport': 'DATA_QUALITY_REPORT',
  'DataQualityReport.*': 'DATA_QUALITY_REPORT',
  'DataQualityCountEdge.*': 'DATA_QUALITY_REPORT',
  'DataQualityCount.*': 'DATA_QUALITY_REPORT',
  'Customer.insights': 'INSIGHTS',
  'CustomerInsights.*': 'INSIGHTS',
  'CustomerInsights.asOf': 'STRUCTURE',
  'CustomerValue.*': 'INSIGHTS',
  'CurrencyValue.*': 'INSIGHTS',
  'SupportInsights.*': 'INSIGHTS',
  'CsatInsight.*': 'INSIGHTS',
  'FirstReplyTimeInsight.*': 'INSIGHTS',
  'NumberInsight.*': 'INSIGHTS',
  'RfmInsight.*': 'INSIGHTS',
  'RfmScore.*': 'INSIGHTS',
  'ChurnRiskInsight.*': 'INSIGHTS',
  'ChurnRiskTier.*': 'INSIGHTS',
  'InsightBasis.*': 'INSIGHTS',
  'InsightInterval.*': 'INSIGHTS',
  'NpsInsight.*': 'INSIGHTS',
  'InsightGap.*': 'STRUCTURE',
  'Query.insightsModel': 'INSIGHTS_MODEL',
  'Mutation.refitInsightsModel': 'INSIGHTS_MODEL_REFIT',
  'InsightsModel.*': 'INSIGHTS_MODEL',
  'BgNbdModel.*': 'INSIGHTS_MODEL',
  'GammaGammaModel.*': 'INSIGHTS_MODEL',
  'RfmCutPoints.*': 'INSIGHTS_MODEL',
  'ChurnRiskCutPoints.*': 'INSIGHTS_MODEL',
  'InsightsModelDiagnostics.*': 'INSIGHTS_MODEL',
  'PopulationNps.*': 'INSIGHTS_MODEL',
  'Consent.*': 'CONSENT',
  'ConsentDecision.*': 'CONSENT',
  'ConsentStatement.*': 'CONSENT',
  'CrmProfile.*': 'CRM_PROFILE',
  'CrmProfile.recordId': 'VENDOR_ID',
  'Order.*': 'PURCHASES',
  'Order.id': 'VENDOR_ID',
  'PosTransaction.*': 'PURCHASES',
  'PosTransaction.id': 'VENDOR_ID',
  'LineItem.*': 'PURCHASES',
  'Money.*': 'PURCHASES',
  'Ticket.*': 'SUPPORT_META',
  'Ticket.id': 'VENDOR_ID',
  'Ticket.subject': 'TICKET_CONTENT',
  'Ticket.description': 'TICKET_CONTENT',
  'SourceRecord.*': 'LINKAGE',
  'Query.explainCustomer': 'LINKAGE',
  'Query.whyNotLinked': 'LINKAGE',
  'CustomerExplanation.*': 'LINKAGE',
  'LinkExplanation.*': 'LINKAGE',
  'FieldComparison.*': 'LINKAGE',
  'RuleEvaluation.*': 'LINKAGE',
  'PairExplanation.*': 'LINKAGE',
  'Query.linkReview': 'LINK_REVIEW',
  'LinkReviewEntry.*': 'LINK_REVIEW',
  'PageInfo.*': 'STRUCTURE',
  'Mutation.*': 'PRIVACY_OPERATIONS',
  'Query.erasureRequest': 'PRIVACY_OPERATIONS',
  'Query.erasureRequests': 'PRIVACY_OPERATIONS',
  'Query.reappearances': 'PRIVACY_OPERATIONS',
  'Query.recordOfProcessing': 'PRIVACY_OPERATIONS',
  'DataExport.*': 'PRIVACY_OPERATIONS',
  'ExportFile.*': 'PRIVACY_OPERATIONS',
  'SubjectRecordCount.*': 'PRIVACY_OPERATIONS',
  'ReviewLink.*': 'PRIVACY_OPERATIONS',
  'VendorReceipt.*': 'PRIVACY_OPERATIONS',
  'ConsentReceipt.*': 'PRIVACY_OPERATIONS',
  'ConsentUpdate.*': 'PRIVACY_OPERATIONS',
  'ErasureRequest.*': 'PRIVACY_OPERATIONS',
  'ErasureRequestEdge.*': 'PRIVACY_OPERATIONS',
  'ErasureRequestConnection.*': 'PRIVACY_OPERATIONS',
  'ErasureStep.*': 'PRIVACY_OPERATIONS',
  'ErasureRecord.*': 'PRIVACY_OPERATIONS',
  'ErasureReceipt.*': 'PRIVACY_OPERATIONS',
  'ReadBackFinding.*': 'PRIVACY_OPERATIONS',
  'Reappearance.*': 'PRIVACY_OPERATIONS',
  'ReappearanceEdge.*': 'PRIVACY_OPERATIONS',
  'ReappearanceConnection.*': 'PRIVACY_OPERATIONS',
  'RecordOfProcessing.*': 'PRIVACY_OPERATIONS',
  'ProcessingCategory.*': 'PRIVACY_OPERATIONS',
  'ProcessedField.*': 'PRIVACY_OPERATIONS',
  'RoleAccess.*': 'PRIVACY_OPERATIONS',
  'CustomerEdge.*': 'STRUCTURE',
  'CustomerConnection.*': 'STRUCTURE',
  'OrderEdge.*': 'STRUCTURE',
  'OrderConnection.*': 'STRUCTURE',
  'PosTransactionEdge.*': 'STRUCTURE',
  'PosTransactionConnection.*': 'STRUCTURE',
  'TicketEdge.*': 'STRUCTURE',
  'TicketConnection.*': 'STRUCTURE',
  'Customer.timeline': 'TIMELINE',
  'TimelineEvent.*': 'TIMELINE',
  'TimelineEvent.recordId': 'VENDOR_ID',
  'TimelineEvent.order': 'PURCHASES',
  'TimelineEvent.posTransaction': 'PURCHASES',
  'TimelineEvent.ticket': 'SUPPORT_META',
  'TimelinePurchase.*': 'PURCHASES',
  'TimelineTicketChange.*': 'SUPPORT_META',
  'TimelineTicketChange.subject': 'TICKET_CONTENT',
  'TimelineLifecycleChange.*': 'CRM_PROFILE',
  'TimelineConsentChange.*': 'CONSENT',
  'TimelineGap.*': 'STRUCTURE',
  'TimelineEdge.*': 'STRUCTURE',
  'TimelineConnection.*': 'STRUCTURE',
};

/**
 * Timeline event kind → the category a role must read raw to see events of that kind at all. Events of a kind the
 * caller may not read are left out before paging, so they show in no count, cursor or `hasNextPage`; the fields of
 * the events shown keep their own categories (a ticket's subject is TICKET_CONTENT).
 */
export const TIMELINE_KIND_CATEGORIES: Readonly<Record<TimelineEventKind, Category>> = {
  ORDER_PLACED: 'PURCHASES',
  ORDER_REFUNDED: 'PURCHASES',
  ORDER_CANCELLED: 'PURCHASES',
  POS_SALE: 'PURCHASES',
  POS_REFUNDED: 'PURCHASES',
  TICKET_OPENED: 'SUPPORT_META',
  TICKET_SOLVED: 'SUPPORT_META',
  LIFECYCLE_STAGE_CHANGED: 'CRM_PROFILE',
  CONSENT_CHANGED: 'CONSENT',
};

const EVERY_SILO: readonly Source[] = ['CRM', 'ECOMMERCE', 'SUPPORT', 'POS'];
const CONSENT_SILOS: readonly Source[] = ['CRM', 'ECOMMERCE', 'POS'];
const SALES_SILOS: readonly Source[] = ['ECOMMERCE', 'POS'];
const INSIGHT_SILOS: readonly Source[] = ['CRM', 'ECOMMERCE', 'SUPPORT', 'POS'];

/**
 * Field → the silos its data is read from, keyed like FIELD_CATEGORIES (the exact entry wins). A field with no
 * entry is the gateway's own (structure, audit, privacy operations); the record of processing refuses to build
 * while a field with a personal category has none.
 */
export const FIELD_SOURCES: Readonly<Record<string, readonly Source[]>> = {
  'Customer.displayName': EVERY_SILO,
  'Customer.emails': EVERY_SILO,
  'Customer.phones': EVERY_SILO,
  'Customer.consent': CONSENT_SILOS,
  'Consent.*': CONSENT_SILOS,
  'ConsentDecision.*': CONSENT_SILOS,
  'ConsentStatement.*': CONSENT_SILOS,
  'Customer.crm': ['CRM'],
  'CrmProfile.*': ['CRM'],
  'Customer.orders': ['ECOMMERCE'],
  'Order.*': ['ECOMMERCE'],
  'LineItem.*': SALES_SILOS,
  'Money.*': SALES_SILOS,
  'Customer.posTransactions': ['POS'],
  'PosTransaction.*': ['POS'],
  'Customer.tickets': ['SUPPORT'],
  'Ticket.*': ['SUPPORT'],
  'Customer.sourceRecords': EVERY_SILO,
  'SourceRecord.*': EVERY_SILO,
  'Customer.dataQuality': EVERY_SILO,
  'DataQualityFinding.*': EVERY_SILO,
  'Customer.insights': INSIGHT_SILOS,
  'CustomerInsights.*': INSIGHT_SILOS,
  'CustomerInsights.support': ['SUPPORT'],
  'CustomerInsights.value': SALES_SILOS,
  'CustomerInsights.nps': ['CRM'],
  'NpsInsight.*': ['CRM'],
  'CustomerValue.*': SALES_SILOS,
  'CurrencyValue.*': SALES_SILOS,
  'SupportInsights.*': ['SUPPORT'],
  'CsatInsight.*': ['SUPPORT'],
  'FirstReplyTimeInsight.*': ['SUPPORT'],
  'NumberInsight.*': SALES_SILOS,
  'RfmInsight.*': SALES_SILOS,
  'RfmScore.*': SALES_SILOS,
  'ChurnRiskInsight.*': SALES_SILOS,
  'ChurnRiskTier.*': SALES_SILOS,
  'InsightBasis.*': SALES_SILOS,
  'InsightInterval.*': SALES_SILOS,
  'Customer.timeline': EVERY_SILO,
  'TimelineEvent.*': EVERY_SILO,
  'TimelineEvent.order': ['ECOMMERCE'],
  'TimelineEvent.posTransaction': ['POS'],
  'TimelineEvent.ticket': ['SUPPORT'],
  'TimelinePurchase.*': SALES_SILOS,
  'TimelineTicketChange.*': ['SUPPORT'],
  'TimelineLifecycleChange.*': ['CRM'],
  'TimelineConsentChange.*': CONSENT_SILOS,
  'Query.explainCustomer': EVERY_SILO,
  'Query.whyNotLinked': EVERY_SILO,
  'CustomerExplanation.*': EVERY_SILO,
  'LinkExplanation.*': EVERY_SILO,
  'FieldComparison.*': EVERY_SILO,
  'RuleEvaluation.*': EVERY_SILO,
  'PairExplanation.*': EVERY_SILO,
};

/**
 * For `ifConsented`: the consent channels whose merged grant lets a category be read raw. Each contact channel follows
 * its own consent: an email address the email consent, a phone number the SMS consent (calls and texts). A name is
 * what any consented message addresses the person by, so either channel's grant shows it. A category with an
 * `ifConsented` rule and no channel here stops the gateway at start-up.
 */
export const CONSENT_CHANNELS: Partial<Record<Category, readonly ConsentChannel[]>> = {
  EMAIL: ['EMAIL'],
  PHONE: ['SMS'],
  NAME: ['EMAIL', 'SMS'],
};

/** How a masked or pseudonymised value is made for each category that can be hidden. */
export const MASK_KIND: Partial<Record<Category, 'email' | 'phone' | 'name'>> = {
  NAME: 'name',
  EMAIL: 'email',
  PHONE: 'phone',
};
