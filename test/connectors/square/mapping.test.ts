import { describe, expect, it } from 'vitest';
import { toContactRecord, toPosTransaction } from '../../../connectors/square/mapping.js';
import { customerSchema, orderSchema } from '../../../connectors/square/schemas.js';
import { example, squareSpec } from './support.js';

const FETCHED = '2025-01-02T03:04:05.000Z';
const customer = (body: unknown) => customerSchema.parse(body);
const order = (body: unknown) => orderSchema.parse(body);

describe('Square customer → ContactRecord', () => {
  it("maps Square's RetrieveCustomer example field by field, values as stored", () => {
    const record = toContactRecord(customer(example('customer-retrieve.200.json').customer), FETCHED);
    expect(record).toEqual({
      provenance: { source: 'POS', system: 'square', recordId: 'JDKYHBWT1D4F8MFH63DBMEN8Y4', updatedAt: '2016-03-23T20:21:54.859Z', fetchedAt: FETCHED },
      firstName: 'Amelia',
      lastName: 'Earhart',
      fullName: 'Amelia Earhart',
      emails: ['Amelia.Earhart@example.com'],
      phones: ['+1-212-555-4240'],
      postalCode: '10003',
      countryCode: 'US',
      crossRefs: [{ source: 'CRM', recordId: 'YOUR_REFERENCE_ID', via: 'reference_id' }],
      consent: [{ channel: 'EMAIL', state: 'GRANTED', updatedAt: null }],
      createdAt: '2016-03-23T20:21:54.859Z',
    });
  });

  it('reads email_unsubscribed true as DENIED and absent preferences as UNKNOWN', () => {
    const base = example('customer-retrieve.200.json').customer;
    const denied = toContactRecord(customer({ ...base, preferences: { email_unsubscribed: true } }), FETCHED);
    const unknown = toContactRecord(customer({ ...base, preferences: undefined }), FETCHED);
    expect(denied.consent[0]?.state).toBe('DENIED');
    expect(unknown.consent[0]?.state).toBe('UNKNOWN');
  });

  // The OAS requires no field of a Customer; only the id, which links it, is needed.
  it('maps a customer that carries only its id, with every other field empty', () => {
    const record = toContactRecord(customer({ id: 'JDKYHBWT1D4F8MFH63DBMEN8Y4' }), FETCHED);
    expect(record).toMatchObject({ provenance: { recordId: 'JDKYHBWT1D4F8MFH63DBMEN8Y4', updatedAt: null }, fullName: null, emails: [], phones: [], createdAt: null });
  });

  it('leaves absent fields empty instead of inventing them (bulk-retrieve example without email or address)', () => {
    const curie = example('customers-bulk-retrieve.200.json').responses.N18CPRVXR5214XPBBA6BZQWF3C.customer;
    const record = toContactRecord(customer(curie), FETCHED);
    expect(record).toMatchObject({ emails: [], phones: [], postalCode: null, countryCode: null, crossRefs: [], fullName: 'Marie Curie' });
    // Square's two-digit fraction "54.59Z" becomes canonical ISO 8601 UTC.
    expect(record.createdAt).toBe('2024-01-19T00:27:54.590Z');
  });
});

describe('Square order → PosTransaction', () => {
  it("maps Square's order-by-customer example with integer minor units carried over exactly", () => {
    const [sale] = example('orders-search-by-customer.200.json').orders;
    expect(toPosTransaction(order(sale), FETCHED)).toEqual({
      provenance: { source: 'POS', system: 'square', recordId: 'CAISENgvlJ6jLWAzERDzjyHVybY', updatedAt: '2025-10-03T17:42:01.553Z', fetchedAt: FETCHED },
      customerRecordId: 'JDKYHBWT1D4F8MFH63DBMEN8Y4',
      locationId: '057P5VYJ4A5X1',
      state: 'COMPLETED',
      createdAt: '2025-10-03T17:41:29.161Z',
      total: { minor: 900, currency: 'USD' },
      refunded: { minor: 0, currency: 'USD' },
      refunds: [],
      lineItems: [{ title: 'Cold Brew Coffee', quantity: '2', sku: null, unitPrice: { minor: 450, currency: 'USD' }, total: { minor: 900, currency: 'USD' } }],
    });
  });

  // Square's example order with Order.refunds filled in per the spec's Refund schema (the spec has no example of one):
  // the approved refund paid one coffee back; the rejected one paid nothing.
  it('counts an order\'s APPROVED refunds as refunded, and not a REJECTED one', () => {
    const body = example('orders-search-by-customer-refunded.200.json');
    expect(squareSpec.orders.problems('SearchOrdersResponse', body)).toEqual([]);
    const sale = toPosTransaction(order(body.orders[0]), FETCHED);
    expect([sale.total, sale.refunded]).toEqual([{ minor: 900, currency: 'USD' }, { minor: 450, currency: 'USD' }]);
  });

  it("maps Square's RetrieveOrder example: two lines, discounts already in the totals", () => {
    const sale = toPosTransaction(order(example('order-retrieve.200.json').order), FETCHED);
    expect(sale.total).toEqual({ minor: 550, currency: 'USD' });
    expect(sale.lineItems.map((l) => [l.title, l.quantity, l.unitPrice?.minor, l.total?.minor])).toEqual([
      ['Item 1', '1', 500, 250],
      ['Item 2', '2', 300, 300],
    ]);
  });

  // Square's OrderLineItem: "If quantity is a whole or decimal number, and quantity_unit is also specified, then
  // quantity denotes a measurement. For example: 2.25 pounds of broccoli." Written to the unit's precision.
  it('carries a measured quantity ("2.250" pounds) as the exact decimal "2.25", never a number', () => {
    const sale = example('orders-search-by-customer.200.json').orders[0];
    const [line] = sale.line_items;
    sale.line_items = [{
      ...line, name: 'Broccoli', quantity: '2.250',
      quantity_unit: { measurement_unit: { weight_unit: 'IMPERIAL_POUND' }, precision: 3 },
      base_price_money: { amount: 199, currency: 'USD' }, gross_sales_money: { amount: 448, currency: 'USD' }, total_money: { amount: 448, currency: 'USD' },
    }];
    expect(squareSpec.orders.problems('OrderLineItem', sale.line_items[0])).toEqual([]);
    const [item] = toPosTransaction(order(sale), FETCHED).lineItems;
    expect(item).toEqual({ title: 'Broccoli', quantity: '2.25', sku: null, unitPrice: { minor: 199, currency: 'USD' }, total: { minor: 448, currency: 'USD' } });
  });

  it('takes the customer from a tender when the order has none, else leaves it empty (anonymous sale)', () => {
    const sale = example('orders-search-by-customer.200.json').orders[0];
    delete sale.customer_id;
    expect(toPosTransaction(order(sale), FETCHED).customerRecordId).toBe('JDKYHBWT1D4F8MFH63DBMEN8Y4');
    expect(toPosTransaction(order(example('order-retrieve.200.json').order), FETCHED).customerRecordId).toBe('');
  });

  it('keeps zero-decimal and three-decimal currencies as the integers Square sends', () => {
    const sale = example('orders-search-by-customer.200.json').orders[0];
    const yen = toPosTransaction(order({ ...sale, total_money: { amount: 1200, currency: 'JPY' } }), FETCHED);
    const dinar = toPosTransaction(order({ ...sale, total_money: { amount: 12345, currency: 'KWD' } }), FETCHED);
    expect([yen.total, dinar.total]).toEqual([{ minor: 1200, currency: 'JPY' }, { minor: 12345, currency: 'KWD' }]);
  });

  it('refuses a fractional amount or a missing total rather than mapping garbage', () => {
    const sale = example('orders-search-by-customer.200.json').orders[0];
    expect(orderSchema.safeParse({ ...sale, total_money: { amount: 9.5, currency: 'USD' } }).success).toBe(false);
    expect(orderSchema.safeParse({ ...sale, total_money: undefined }).success).toBe(false);
    expect(orderSchema.safeParse({ ...sale, line_items: [{ name: 'x', quantity: 'two' }] }).success).toBe(false);
  });
});
