import {
  parseDecimalMoney,
  parseDecimalQuantity,
  type ConsentFact,
  type ConsentState,
  type ContactRecord,
  type LineItem,
  type Order,
  type Provenance,
  type Refund,
} from '../../src/model/index.js';
import type { ShopifyCustomer, ShopifyOrder } from './schemas.js';

const provenance = (recordId: string, updatedAt: string | null | undefined, fetchedAt: string): Provenance => ({
  source: 'ECOMMERCE',
  system: 'shopify',
  recordId,
  updatedAt: updatedAt ?? null,
  fetchedAt,
});

/**
 * Shopify's marketing states as consent: SUBSCRIBED is a grant; UNSUBSCRIBED an opt-out; REDACTED (erased data) counts
 * as one too; NOT_SUBSCRIBED (never asked), PENDING (double opt-in unconfirmed) and INVALID say nothing either way.
 */
export function consentStateOf(marketingState: string): ConsentState {
  switch (marketingState) {
    case 'SUBSCRIBED':
      return 'GRANTED';
    case 'UNSUBSCRIBED':
    case 'REDACTED':
      return 'DENIED';
    default:
      return 'UNKNOWN';
  }
}

function consentOf(customer: ShopifyCustomer): ConsentFact[] {
  const facts: ConsentFact[] = [];
  const email = customer.emailMarketingConsent;
  const sms = customer.smsMarketingConsent;
  if (email) facts.push({ channel: 'EMAIL', state: consentStateOf(email.marketingState), updatedAt: email.consentUpdatedAt });
  if (sms) facts.push({ channel: 'SMS', state: consentStateOf(sms.marketingState), updatedAt: sms.consentUpdatedAt });
  return facts;
}

/** Maps a validated Shopify customer to the canonical contact record. */
export function toContactRecord(customer: ShopifyCustomer, fetchedAt: string): ContactRecord {
  return {
    provenance: provenance(customer.id, customer.updatedAt, fetchedAt),
    firstName: customer.firstName,
    lastName: customer.lastName,
    fullName: customer.displayName || null,
    emails: customer.email ? [customer.email] : [],
    phones: customer.phone ? [customer.phone] : [],
    secondaryEmails: [],
    // A match key only: Shopify's search on `phone` does not look at addresses, and the phone may be a gift recipient's.
    secondaryPhones: customer.defaultAddress?.phone?.trim() ? [customer.defaultAddress.phone] : [],
    postalCode: customer.defaultAddress?.zip ?? null,
    countryCode: customer.defaultAddress?.countryCodeV2 ?? null,
    crossRefs: [],
    consent: consentOf(customer),
    createdAt: customer.createdAt,
  };
}

const money = (m: { amount: string; currencyCode: string }) => parseDecimalMoney(m.amount, m.currencyCode);

function toLineItem(node: ShopifyOrder['lineItems']['edges'][number]['node']): LineItem {
  return {
    title: node.name,
    // Shopify counts line items in whole units (`Int!`); the canonical quantity is a decimal string all the same.
    quantity: parseDecimalQuantity(node.quantity),
    sku: node.sku,
    unitPrice: money(node.originalUnitPriceSet.shopMoney),
    total: money(node.discountedTotalSet.shopMoney),
  };
}

/**
 * The order's refunds that paid money back, each with its time, oldest first; null where the read carried none. A
 * refund without a time (Shopify's `createdAt` may be null) or of nothing (a restock alone) is no event to place.
 */
export function refundsOf(order: Pick<ShopifyOrder, 'refunds'>): Refund[] | null {
  if (!order.refunds) return null;
  return order.refunds
    .flatMap((r) => (r.createdAt ? [{ createdAt: new Date(r.createdAt).toISOString(), amount: money(r.totalRefundedSet.shopMoney) }] : []))
    .filter((r) => r.amount.minor > 0)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** Maps a validated Shopify order; `customerRecordId` is the owner's gid when the order itself does not name it. */
export function toOrder(order: ShopifyOrder, customerRecordId: string, fetchedAt: string): Order {
  return {
    provenance: provenance(order.id, order.updatedAt, fetchedAt),
    customerRecordId: order.customer?.id ?? customerRecordId,
    name: order.name,
    createdAt: order.createdAt,
    financialStatus: order.displayFinancialStatus,
    fulfillmentStatus: order.displayFulfillmentStatus,
    cancelledAt: order.cancelledAt,
    total: money(order.totalPriceSet.shopMoney),
    refunded: order.totalRefundedSet ? money(order.totalRefundedSet.shopMoney) : null,
    refunds: refundsOf(order),
    lineItems: order.lineItems.edges.map((edge) => toLineItem(edge.node)),
  };
}
