import { z } from 'zod';
import { idAt, usableRecord, usableRecords } from '../shared/index.js';

// Lenient on fields we do not map (z.object drops them); strict on those we map, absent only where the OAS allows it
// (it requires no field of a Customer, and only `location_id` of an Order) and the canonical record does without. A
// record of a list that fails is left out and reported for itself (`usableRecords`), never failing the answer.
const text = z.string().nullish();
const timestamp = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'not an RFC 3339 timestamp');

/** One entry of Square's `errors` array. */
export const squareErrorSchema = z.object({
  category: z.string(),
  code: z.string(),
  detail: z.string().optional(),
  field: z.string().optional(),
});

/** Square's error envelope: `{ errors: [...] }`. */
export const squareErrorBodySchema = z.object({ errors: z.array(squareErrorSchema).min(1) });

/** Square's Money: integer minor units, never a decimal. */
export const moneySchema = z.object({
  amount: z.number().int(),
  currency: z.string().regex(/^[A-Z]{3}$/),
});

/** The fields of a Square Customer the connector maps; its read-only `id` is what links it, so it must be there. */
export const customerSchema = z.object({
  id: z.string().min(1),
  created_at: timestamp.nullish(),
  updated_at: timestamp.nullish(),
  given_name: text,
  family_name: text,
  email_address: text,
  phone_number: text,
  reference_id: text,
  address: z.object({ postal_code: text, country: text }).nullish(),
  preferences: z.object({ email_unsubscribed: z.boolean().nullish() }).nullish(),
});

/** A Square Customer as validated. */
export type SquareCustomer = z.infer<typeof customerSchema>;

/** SearchCustomers and ListCustomers answers; a search without hits is `{}`. */
export const customerPageSchema = z.object({
  customers: usableRecords(customerSchema, idAt('id')).optional(),
  cursor: z.string().optional(),
  count: z.number().int().optional(),
});

/** BulkRetrieveCustomers: one entry per requested id, either a customer or per-id errors. */
export const bulkRetrieveCustomersSchema = z.object({
  responses: z
    .record(z.string(), z.object({ customer: usableRecord(customerSchema, idAt('id')).optional(), errors: z.array(squareErrorSchema).optional() }))
    .default({}),
});

const lineItemSchema = z.object({
  name: text,
  quantity: z.string().regex(/^\d+(\.\d+)?$/),
  item_type: text,
  base_price_money: moneySchema.nullish(),
  total_money: moneySchema.nullish(),
});

/** A refund of an order's tender (Square `Refund`, in `Order.refunds`): the fields the connector maps. */
export const refundSchema = z.object({
  id: z.string().min(1),
  amount_money: moneySchema,
  created_at: timestamp,
  // PENDING, APPROVED, REJECTED or FAILED; kept a string so a status Square adds later cannot fail the order.
  status: z.string().min(1),
});

/** The fields of a Square Order the connector maps. */
export const orderSchema = z.object({
  id: z.string().min(1),
  location_id: z.string().min(1),
  customer_id: text,
  state: z.string().min(1),
  created_at: timestamp,
  updated_at: timestamp.nullish(),
  total_money: moneySchema,
  line_items: z.array(lineItemSchema).nullish(),
  tenders: z.array(z.object({ customer_id: text })).nullish(),
  refunds: z.array(refundSchema).nullish(),
});

/** A Square Order as validated. */
export type SquareOrder = z.infer<typeof orderSchema>;

/** SearchOrders answer (with `return_entries` false); no hits is `{}`. */
export const searchOrdersSchema = z.object({
  orders: usableRecords(orderSchema, idAt('id')).optional(),
  cursor: z.string().optional(),
});

/** RetrieveOrder answer. */
export const retrieveOrderSchema = z.object({ order: orderSchema });

/** RetrieveCustomer answer, reduced to the id: a presence check needs nothing else, so no personal data travels on. */
export const retrieveCustomerIdSchema = z.object({ customer: z.object({ id: z.string().min(1) }) });

/** DeleteCustomer answer: `{}` on success; Square's envelope also allows `errors` in it. */
export const deleteCustomerSchema = z.object({ errors: z.array(squareErrorSchema).optional() });

/** ListLocations answer, reduced to the ids SearchOrders needs. */
export const listLocationsSchema = z.object({
  locations: z.array(z.object({ id: z.string().min(1) })).default([]),
});
