/**
 * The access policy, declared once beside the SDL: every field of the schema names the category of data
 * it carries, and every category says what each role gets. A field with no rule is denied, and the
 * gateway refuses to start while any field lacks one.
 */
import type { Role } from '../src/auth/index.js';

/** What a role gets for a category. `ifConsented`: allowed when the customer granted email marketing, else masked. */
export type Rule = 'allow' | 'ifConsented' | 'mask' | 'pseudonym' | 'deny';

/** The categories of data the schema carries, with the roles' rules. Personal ones are audited. */
export const CATEGORIES = {
  STRUCTURE: { personal: false, description: 'opaque ids, paging and connection structure', rules: { support: 'allow', marketing: 'allow', analyst: 'allow', privacy: 'allow', admin: 'allow' } },
  NAME: { personal: true, description: 'a person\'s name', rules: { support: 'allow', marketing: 'ifConsented', analyst: 'pseudonym', privacy: 'allow', admin: 'allow' } },
  EMAIL: { personal: true, description: 'email addresses', rules: { support: 'allow', marketing: 'ifConsented', analyst: 'pseudonym', privacy: 'allow', admin: 'allow' } },
  PHONE: { personal: true, description: 'phone numbers', rules: { support: 'allow', marketing: 'ifConsented', analyst: 'pseudonym', privacy: 'allow', admin: 'allow' } },
  CONSENT: { personal: true, description: 'marketing consent states and their sources', rules: { support: 'allow', marketing: 'allow', analyst: 'allow', privacy: 'allow', admin: 'allow' } },
  CRM_PROFILE: { personal: true, description: 'CRM lifecycle, company, job title, owner', rules: { support: 'allow', marketing: 'allow', analyst: 'allow', privacy: 'allow', admin: 'allow' } },
  PURCHASES: { personal: true, description: 'orders and POS sales: amounts, dates, items, states', rules: { support: 'allow', marketing: 'allow', analyst: 'allow', privacy: 'allow', admin: 'allow' } },
  VENDOR_ID: { personal: false, description: 'a silo\'s own id of an order, sale, ticket or CRM record', rules: { support: 'allow', marketing: 'allow', analyst: 'allow', privacy: 'allow', admin: 'allow' } },
  SUPPORT_META: { personal: true, description: 'ticket states, dates, priority, channel, satisfaction', rules: { support: 'allow', marketing: 'allow', analyst: 'allow', privacy: 'allow', admin: 'allow' } },
  TICKET_CONTENT: { personal: true, description: 'what a customer wrote to support', rules: { support: 'allow', marketing: 'deny', analyst: 'deny', privacy: 'allow', admin: 'allow' } },
  AUDIT: { personal: false, description: 'the audit trail: who read which customer\'s data, never the data', rules: { support: 'deny', marketing: 'deny', analyst: 'deny', privacy: 'allow', admin: 'allow' } },
  LINKAGE: { personal: true, description: 'which silo records are linked into a customer and why', rules: { support: 'deny', marketing: 'deny', analyst: 'deny', privacy: 'allow', admin: 'allow' } },
} as const satisfies Record<string, { personal: boolean; description: string; rules: Record<Role, Rule> }>;

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
  'PageInfo.*': 'STRUCTURE',
  'CustomerEdge.*': 'STRUCTURE',
  'CustomerConnection.*': 'STRUCTURE',
  'OrderEdge.*': 'STRUCTURE',
  'OrderConnection.*': 'STRUCTURE',
  'PosTransactionEdge.*': 'STRUCTURE',
  'PosTransactionConnection.*': 'STRUCTURE',
  'TicketEdge.*': 'STRUCTURE',
  'TicketConnection.*': 'STRUCTURE',
};

/** How a masked or pseudonymised value is made for each category that can be hidden. */
export const MASK_KIND: Partial<Record<Category, 'email' | 'phone' | 'name'>> = {
  NAME: 'name',
  EMAIL: 'email',
  PHONE: 'phone',
};
