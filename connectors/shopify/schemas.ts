import { z } from 'zod';
import { parseDecimalMoney } from '../../src/model/index.js';

// Lenient on fields we do not read (zod objects drop unknown keys), strict on the ones we map.

/** `MoneyV2`: the amount must be an exact decimal of its currency, or the payload is refused. */
export const moneyV2Schema = z
  .object({ amount: z.string(), currencyCode: z.string().regex(/^[A-Z]{3}$/) })
  .refine((m) => {
    try {
      parseDecimalMoney(m.amount, m.currencyCode);
      return true;
    } catch {
      return false;
    }
  }, 'not an exact decimal amount of its currency');

const consentSchema = z.object({ marketingState: z.string(), consentUpdatedAt: z.string().nullable() });

/** The `Customer` fields the connector asks for (fragment ContactFields). */
export const customerSchema = z.object({
  id: z.string().startsWith('gid://shopify/Customer/'),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  displayName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  // The address's phone may be the customer's own, another of theirs, or a gift recipient's: a match key only.
  defaultAddress: z.object({ zip: z.string().nullable(), countryCodeV2: z.string().nullable(), phone: z.string().nullish() }).nullable(),
  emailMarketingConsent: consentSchema.nullable(),
  smsMarketingConsent: consentSchema.nullable(),
});

/** A Shopify customer as validated. */
export type ShopifyCustomer = z.infer<typeof customerSchema>;

const pageInfoSchema = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() });

const lineItemSchema = z.object({
  name: z.string(),
  sku: z.string().nullable(),
  quantity: z.number().int().nonnegative(),
  originalUnitPriceSet: z.object({ shopMoney: moneyV2Schema }),
  discountedTotalSet: z.object({ shopMoney: moneyV2Schema }),
});

/** The `Order` fields the connector asks for (fragment OrderFields). */
export const orderSchema = z.object({
  id: z.string().startsWith('gid://shopify/Order/'),
  name: z.string(),
  createdAt: z.string(),
  // Older example payloads leave these out; they are not needed to place the order.
  updatedAt: z.string().nullish(),
  customer: z.object({ id: z.string() }).nullish(),
  cancelledAt: z.string().nullable(),
  displayFinancialStatus: z.string().nullable(),
  displayFulfillmentStatus: z.string(),
  totalPriceSet: z.object({ shopMoney: moneyV2Schema }),
  // Non-null in the Admin API; older example payloads leave it out.
  totalRefundedSet: z.object({ shopMoney: moneyV2Schema }).nullish(),
  // `Refund.createdAt` is nullable in the Admin API; absent where an older payload or read did not ask for refunds.
  refunds: z.array(z.object({ createdAt: z.string().nullable(), totalRefundedSet: z.object({ shopMoney: moneyV2Schema }) })).nullish(),
  lineItems: z.object({ edges: z.array(z.object({ node: lineItemSchema })) }),
});

/** A Shopify order as validated. */
export type ShopifyOrder = z.infer<typeof orderSchema>;

/** A customer with the newest orders read along with it (fragment PrefetchedOrders); absent when not asked for. */
export const customerWithOrdersSchema = customerSchema.extend({
  numberOfOrders: z.string().regex(/^\d+$/).optional(),
  orders: z.object({ edges: z.array(z.object({ cursor: z.string(), node: orderSchema })), pageInfo: pageInfoSchema }).optional(),
});

/** A customer as validated, with its prefetched orders when they came. */
export type ShopifyCustomerWithOrders = z.infer<typeof customerWithOrdersSchema>;

/** One page of the customer connection. */
export const customerConnectionSchema = z.object({ edges: z.array(z.object({ node: customerWithOrdersSchema })), pageInfo: pageInfoSchema });

/** `customers(...)`: one page of the customer connection. */
export const customersPageSchema = z.object({ customers: customerConnectionSchema });

/** Aliased `customers(...)` searches (`s0`…), each one page. */
export const customerSearchesSchema = z.record(z.string(), customerConnectionSchema);

// A node of another type arrives as `{}` (the type condition did not apply) and an unknown id as null: both read as null.
const otherNode = z.strictObject({}).transform(() => null);

/** `nodes(ids:)` read with the customer fragment. */
export const customerNodesSchema = z.object({ nodes: z.array(z.union([customerWithOrdersSchema, otherNode]).nullable()) });

/** A customer's page of orders, with the total count Shopify keeps. */
export const customerOrdersSchema = z.object({
  id: z.string(),
  numberOfOrders: z.string().regex(/^\d+$/),
  orders: z.object({ edges: z.array(z.object({ node: orderSchema })), pageInfo: pageInfoSchema }),
});

/** A customer's page of orders as validated. */
export type ShopifyCustomerOrders = z.infer<typeof customerOrdersSchema>;

/** `nodes(ids:)` read with the orders selection. */
export const orderNodesSchema = z.object({ nodes: z.array(z.union([customerOrdersSchema, otherNode]).nullable()) });

/** `order(id:)`. */
export const orderByIdSchema = z.object({ order: orderSchema.nullable() });

/** `extensions.cost`, read to know how long a throttled call must wait. */
export const costSchema = z.object({
  requestedQueryCost: z.number(),
  throttleStatus: z.object({ currentlyAvailable: z.number(), restoreRate: z.number().positive() }),
});

/** `extensions.cost` with the whole `throttleStatus`: the bucket's depth, what it holds now and its restore rate. */
export const throttleStatusSchema = z.object({
  requestedQueryCost: z.number().nonnegative(),
  throttleStatus: z.object({ maximumAvailable: z.number().positive(), currentlyAvailable: z.number().nonnegative(), restoreRate: z.number().positive() }),
});

/** A GraphQL error entry; only its code is ever surfaced, never its message. */
export const graphqlErrorSchema = z.object({ message: z.string(), extensions: z.object({ code: z.string() }).partial().optional() });

// Values that go into receipts must be enum-shaped: anything else could carry free text.
const enumValue = z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/);

/** A mutation's user error; its message is never read. */
export const userErrorSchema = z.object({ field: z.array(z.string()).nullable(), message: z.string(), code: enumValue.nullable() });

/** A validated user error. */
export type ShopifyUserError = z.infer<typeof userErrorSchema>;

/** `customerRequestDataErasure`'s payload. */
export const requestDataErasureSchema = z.object({
  customerRequestDataErasure: z.object({ customerId: z.string().nullable(), userErrors: z.array(userErrorSchema) }),
});

/** `customerEmailMarketingConsentUpdate`'s payload. */
export const emailConsentUpdateSchema = z.object({
  customerEmailMarketingConsentUpdate: z.object({
    customer: z.object({
      id: z.string(),
      emailMarketingConsent: z.object({ marketingState: enumValue, consentUpdatedAt: z.string().nullable() }).nullable(),
    }).nullable(),
    userErrors: z.array(userErrorSchema),
  }),
});
