import { createHash } from 'node:crypto';
import { lineTotalMinor, type WorldContact, type WorldLine, type WorldLocation, type WorldPayment, type WorldPosOrder } from '../../sandbox-kit/index.js';

type Json = Record<string, unknown>;

/** Drops null and undefined members: Square omits absent fields rather than sending null. */
export function compact<T extends Json>(object: T): Json {
  // A loop rather than entries → filter → fromEntries: every rendered record goes through here, and pages are long.
  const kept: Json = {};
  for (const key of Object.keys(object)) {
    const value = object[key];
    if (value !== null && value !== undefined) kept[key] = value;
  }
  return kept;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** How a profile came to be: a phone-only profile is one Square made from a payment. */
export function creationSourceOf(customer: WorldContact): 'INSTANT_PROFILE' | 'DIRECTORY' {
  return customer.firstName === null && customer.lastName === null && customer.email === null ? 'INSTANT_PROFILE' : 'DIRECTORY';
}

/** A world contact as Square's Customer object. */
export function renderCustomer(c: WorldContact): Json {
  const address = compact({ address_line_1: c.street, locality: c.city, postal_code: c.postalCode, country: c.countryCode });
  return compact({
    id: c.id,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    given_name: c.firstName,
    family_name: c.lastName,
    email_address: c.email,
    address: Object.keys(address).length > 0 ? address : null,
    phone_number: c.phone,
    reference_id: c.xref,
    preferences: c.emailConsent === 'UNKNOWN' ? null : { email_unsubscribed: c.emailConsent === 'DENIED' },
    creation_source: creationSourceOf(c),
    version: c.createdAt === c.updatedAt ? 0 : 1,
  });
}

/** When an order was closed: completed and canceled orders close at their last update. */
export const closedAtOf = (o: WorldPosOrder): string | null => (o.state === 'OPEN' ? null : o.updatedAt);

// Square writes a measured quantity to its unit's precision ("1.350" kg), a count as a whole number ("2").
const WEIGHT_PRECISION = 3;
function quantityOf(line: WorldLine): Json {
  if (line.weightUnit === undefined) return { quantity: String(line.quantity) };
  const [whole = '0', fraction = ''] = String(line.quantity).split('.');
  return {
    quantity: `${whole}.${fraction.padEnd(WEIGHT_PRECISION, '0')}`,
    quantity_unit: { measurement_unit: { weight_unit: line.weightUnit }, precision: WEIGHT_PRECISION },
  };
}

/** A world POS order as Square's Order object; `payment` is the payment that settled it, if any. */
export function renderOrder(o: WorldPosOrder, payment: WorldPayment | undefined): Json {
  const money = (amount: number) => ({ amount, currency: o.currency });
  const zero = money(0);
  const total = money(o.totalMinor);
  const lineItems = o.lines.map((line, i) => {
    const gross = money(lineTotalMinor(line));
    return {
      uid: digest(`${o.id}:${i}`).toString('base64url').slice(0, 22),
      name: line.title,
      ...quantityOf(line),
      item_type: 'ITEM',
      // The SKU lives on the catalog item variation this id points at, as in Square.
      catalog_object_id: digest(line.sku).toString('hex').slice(0, 24).toUpperCase(),
      variation_name: 'Regular',
      base_price_money: money(line.unitMinor),
      variation_total_price_money: gross,
      gross_sales_money: gross,
      total_tax_money: zero,
      total_discount_money: zero,
      total_money: gross,
    };
  });
  const tender = o.state === 'COMPLETED' && payment
    ? [{
      id: payment.id, location_id: o.locationId, transaction_id: o.id, created_at: payment.createdAt,
      amount_money: total, type: 'CARD', customer_id: o.customerId, payment_id: payment.id,
    }]
    : null;
  // A refund goes back on the tender it refunds, as Square lists it in Order.refunds; the net amounts are what was kept.
  const refunds = o.refunds?.map((r) => ({
    id: r.id, location_id: o.locationId, transaction_id: o.id, tender_id: payment?.id ?? null, created_at: r.createdAt,
    reason: r.reason, amount_money: money(r.amountMinor), status: r.status,
  }));
  const paidBack = (o.refunds ?? []).filter((r) => r.status === 'APPROVED').reduce((sum, r) => sum + r.amountMinor, 0);
  return compact({
    id: o.id,
    location_id: o.locationId,
    customer_id: o.customerId,
    source: { name: 'Point of Sale' },
    line_items: lineItems,
    tenders: tender,
    refunds: refunds ?? null,
    net_amounts: { total_money: money(o.totalMinor - paidBack), tax_money: zero, discount_money: zero, tip_money: zero, service_charge_money: zero },
    created_at: o.createdAt,
    updated_at: o.updatedAt,
    closed_at: closedAtOf(o),
    state: o.state,
    version: o.state === 'OPEN' ? 1 : 3,
    total_money: total,
    total_tax_money: zero,
    total_discount_money: zero,
    total_tip_money: zero,
    total_service_charge_money: zero,
    net_amount_due_money: o.state === 'OPEN' ? total : zero,
  });
}

const CARD_STATUS = { COMPLETED: 'CAPTURED', CANCELED: 'VOIDED', FAILED: 'FAILED' } as const;

/** A world payment as Square's Payment object: a card payment taken at the till. */
export function renderPayment(p: WorldPayment): Json {
  const money = { amount: p.amountMinor, currency: p.currency };
  const last4 = String(digest(p.id).readUInt16BE(0) % 10_000).padStart(4, '0');
  return compact({
    id: p.id,
    created_at: p.createdAt,
    updated_at: p.createdAt,
    amount_money: money,
    total_money: money,
    approved_money: p.status === 'FAILED' ? null : money,
    status: p.status,
    source_type: 'CARD',
    card_details: { status: CARD_STATUS[p.status], card: { card_brand: 'VISA', last_4: last4, card_type: 'DEBIT' }, entry_method: 'EMV' },
    location_id: p.locationId,
    order_id: p.orderId,
    customer_id: p.customerId,
    receipt_number: p.id.slice(0, 4),
  });
}

const LANGUAGE: Readonly<Record<string, string>> = { US: 'en-US', GB: 'en-GB', DE: 'de-DE', JP: 'ja-JP', KW: 'ar-KW' };

/** A world location as Square's Location object (ListLocations). */
export function renderLocation(l: WorldLocation): Json {
  return {
    id: l.id,
    name: l.name,
    status: 'ACTIVE',
    type: 'PHYSICAL',
    country: l.countryCode,
    currency: l.currency,
    language_code: LANGUAGE[l.countryCode] ?? 'en-US',
    business_name: 'Customer 360 Demo Shop',
    merchant_id: 'MLSANDBOX360',
    created_at: '2021-01-01T00:00:00Z',
    capabilities: ['CREDIT_CARD_PROCESSING'],
  };
}
