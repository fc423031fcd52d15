import { parseDecimalQuantity, type ConsentState, type ContactRecord, type LineItem, type Money, type PosTransaction, type Provenance, type Refund } from '../../src/model/index.js';
import type { SquareCustomer, SquareOrder } from './schemas.js';

type SquareMoney = { amount: number; currency: string };
type SquareLineItem = NonNullable<SquareOrder['line_items']>[number];

/** Square's RFC 3339 timestamps as ISO 8601 UTC, the canonical form. */
export function toIsoUtc(timestamp: string): string {
  return new Date(timestamp).toISOString();
}

function provenance(recordId: string, updatedAt: string | null | undefined, fetchedAt: string): Provenance {
  return { source: 'POS', system: 'square', recordId, updatedAt: updatedAt ? toIsoUtc(updatedAt) : null, fetchedAt };
}

/** Square Money is already integer minor units: it is carried over as is, never through a float. */
export function toMoney(money: SquareMoney): Money {
  return { minor: money.amount, currency: money.currency.toUpperCase() };
}

/** `preferences.email_unsubscribed` as a consent state; a profile without preferences never said. */
export function emailConsentOf(customer: Pick<SquareCustomer, 'preferences'>): ConsentState {
  const unsubscribed = customer.preferences?.email_unsubscribed;
  if (unsubscribed === true) return 'DENIED';
  return unsubscribed === false ? 'GRANTED' : 'UNKNOWN';
}

const present = (value: string | null | undefined): value is string => typeof value === 'string' && value !== '';

/** Maps a validated Square Customer to the canonical contact record. */
export function toContactRecord(customer: SquareCustomer, fetchedAt: string): ContactRecord {
  const firstName = customer.given_name ?? null;
  const lastName = customer.family_name ?? null;
  const fullName = [firstName, lastName].filter(present).join(' ');
  return {
    provenance: provenance(customer.id, customer.updated_at, fetchedAt),
    firstName,
    lastName,
    fullName: fullName === '' ? null : fullName,
    emails: present(customer.email_address) ? [customer.email_address] : [],
    phones: present(customer.phone_number) ? [customer.phone_number] : [],
    postalCode: customer.address?.postal_code ?? null,
    countryCode: customer.address?.country ?? null,
    crossRefs: present(customer.reference_id)
      ? [{ source: 'CRM', recordId: customer.reference_id, via: 'reference_id' }]
      : [],
    // Square keeps no consent timestamp, and no SMS preference on the customer profile.
    consent: [{ channel: 'EMAIL', state: emailConsentOf(customer), updatedAt: null }],
    createdAt: customer.created_at ? toIsoUtc(customer.created_at) : null,
  };
}

function toLineItem(line: SquareLineItem): LineItem {
  return {
    // Square leaves custom-amount lines unnamed; its own POS shows them as "Custom Amount".
    title: line.name ?? (line.item_type === 'GIFT_CARD' ? 'Gift Card' : 'Custom Amount'),
    // A decimal string ("2.25" pounds of an item sold by weight): kept exact, never made a number.
    quantity: parseDecimalQuantity(line.quantity),
    // SKUs live in the Catalog API (catalog_object_id → ItemVariation.sku), not on the order.
    sku: null,
    unitPrice: line.base_price_money ? toMoney(line.base_price_money) : null,
    total: line.total_money ? toMoney(line.total_money) : null,
  };
}

/** The customer a Square order belongs to: the order's own customer_id, else the one a tender names. */
export function customerOfOrder(order: Pick<SquareOrder, 'customer_id' | 'tenders'>): string | null {
  if (present(order.customer_id)) return order.customer_id;
  return order.tenders?.map((tender) => tender.customer_id).find(present) ?? null;
}

/**
 * What was paid back of an order: its APPROVED refunds in the order's currency (a PENDING one has not paid back yet,
 * a REJECTED or FAILED one never will). Square leaves `refunds` out of an order without any: nothing refunded.
 */
export function refundedOf(order: Pick<SquareOrder, 'refunds' | 'total_money'>): Money {
  const minor = refundsOf(order).reduce((sum, refund) => sum + refund.amount.minor, 0);
  return toMoney({ amount: minor, currency: order.total_money.currency });
}

/** The order's APPROVED refunds in its currency, each with its time, oldest first (the timeline's refund events). */
export function refundsOf(order: Pick<SquareOrder, 'refunds' | 'total_money'>): Refund[] {
  const { currency } = order.total_money;
  return (order.refunds ?? [])
    .filter((r) => r.status === 'APPROVED' && r.amount_money.currency === currency)
    .map((r) => ({ createdAt: toIsoUtc(r.created_at), amount: toMoney(r.amount_money) }))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** Maps a validated Square Order to the canonical POS transaction. */
export function toPosTransaction(order: SquareOrder, fetchedAt: string): PosTransaction {
  return {
    provenance: provenance(order.id, order.updated_at, fetchedAt),
    // An anonymous sale has no customer; the canonical model has no null here (see the report).
    customerRecordId: customerOfOrder(order) ?? '',
    locationId: order.location_id,
    state: order.state,
    createdAt: toIsoUtc(order.created_at),
    total: toMoney(order.total_money),
    refunded: refundedOf(order),
    refunds: refundsOf(order),
    lineItems: (order.line_items ?? []).map(toLineItem),
  };
}
