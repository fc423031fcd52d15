import type { WorldLine, WorldOrder } from '../../sandbox-kit/index.js';
import { connection, type ConnectionArgs, type Sorted } from './connection.js';
import type { SandboxContext } from './sandbox-context.js';
import { legacyIdOf, moneyBag, shopifyDateTime } from './values.js';

/** Places orders in the order of an `OrderSortKeys` value (unsupported keys fall back to ID). */
export function sortedOrders(orders: Iterable<WorldOrder>, sortKey: string | null | undefined): Sorted<WorldOrder>[] {
  return [...orders].map((node) => {
    const id = Number(legacyIdOf(node.id));
    const value = sortKey === 'CREATED_AT' || sortKey === 'PROCESSED_AT' ? node.createdAt
      : sortKey === 'UPDATED_AT' ? node.updatedAt
      : sortKey === 'ORDER_NUMBER' ? Number(node.name.replace(/\D/g, ''))
      : sortKey === 'TOTAL_PRICE' ? node.totalMinor
      : id;
    return { node, id, value };
  });
}

function lineItemOf(order: WorldOrder, line: WorldLine, index: number) {
  const id = Number(legacyIdOf(order.id)) * 100 + index + 1;
  const unit = moneyBag(line.unitMinor, order.currency);
  const total = moneyBag(line.unitMinor * line.quantity, order.currency);
  const none = moneyBag(0, order.currency);
  return {
    id: `gid://shopify/LineItem/${id}`, name: line.title, title: line.title, sku: line.sku, variantTitle: null, vendor: null,
    quantity: line.quantity, currentQuantity: order.cancelledAt ? 0 : line.quantity, refundableQuantity: line.quantity,
    unfulfilledQuantity: order.fulfillmentStatus === 'FULFILLED' ? 0 : line.quantity, nonFulfillableQuantity: 0,
    isGiftCard: line.title === 'Gift card', requiresShipping: line.title !== 'Gift card', taxable: true,
    restockable: true, merchantEditable: false, image: null,
    originalUnitPriceSet: unit, discountedUnitPriceSet: unit, discountedUnitPriceAfterAllDiscountsSet: unit,
    originalTotalSet: total, discountedTotalSet: total, totalDiscountSet: none,
  };
}

// Orders are never changed, so each order's line items are built once, on first read.
const lineItems = new WeakMap<WorldOrder, Sorted<ReturnType<typeof lineItemOf>>[]>();
function lineItemsOf(order: WorldOrder): Sorted<ReturnType<typeof lineItemOf>>[] {
  let items = lineItems.get(order);
  if (!items) lineItems.set(order, (items = order.lines.map((line, index) => ({ node: lineItemOf(order, line, index), id: index, value: index }))));
  return items;
}

/**
 * What the sandbox refunds of an order: all of a refunded one; of a partially refunded one, one unit of its last line
 * (the world holds no refunds, so they follow from the order alone).
 */
export function refundedMinorOf(o: Pick<WorldOrder, 'financialStatus' | 'totalMinor' | 'lines'>): number {
  if (o.financialStatus === 'REFUNDED') return o.totalMinor;
  if (o.financialStatus !== 'PARTIALLY_REFUNDED') return 0;
  return Math.min(o.totalMinor, o.lines.at(-1)?.unitMinor ?? 0);
}

/** Field resolvers of `Order` over a World order. */
export const orderResolvers = {
  Order: {
    legacyResourceId: (o: WorldOrder) => legacyIdOf(o.id),
    createdAt: (o: WorldOrder) => shopifyDateTime(o.createdAt),
    processedAt: (o: WorldOrder) => shopifyDateTime(o.createdAt),
    updatedAt: (o: WorldOrder) => shopifyDateTime(o.updatedAt),
    cancelledAt: (o: WorldOrder) => (o.cancelledAt ? shopifyDateTime(o.cancelledAt) : null),
    cancelReason: (o: WorldOrder) => (o.cancelledAt ? 'CUSTOMER' : null),
    closed: (o: WorldOrder) => o.cancelledAt !== null,
    closedAt: (o: WorldOrder) => (o.cancelledAt ? shopifyDateTime(o.cancelledAt) : null),
    currencyCode: (o: WorldOrder) => o.currency,
    presentmentCurrencyCode: (o: WorldOrder) => o.currency,
    displayFinancialStatus: (o: WorldOrder) => o.financialStatus,
    displayFulfillmentStatus: (o: WorldOrder) => o.fulfillmentStatus,
    totalPriceSet: (o: WorldOrder) => moneyBag(o.totalMinor, o.currency),
    subtotalPriceSet: (o: WorldOrder) => moneyBag(o.totalMinor, o.currency),
    originalTotalPriceSet: (o: WorldOrder) => moneyBag(o.totalMinor, o.currency),
    currentTotalPriceSet: (o: WorldOrder) => moneyBag(o.totalMinor - refundedMinorOf(o), o.currency),
    totalRefundedSet: (o: WorldOrder) => moneyBag(refundedMinorOf(o), o.currency),
    fullyPaid: (o: WorldOrder) => o.financialStatus === 'PAID',
    unpaid: (o: WorldOrder) => o.financialStatus === 'PENDING' || o.financialStatus === 'AUTHORIZED',
    subtotalLineItemsQuantity: (o: WorldOrder) => o.lines.reduce((n, l) => n + l.quantity, 0),
    customer: (o: WorldOrder, _: unknown, ctx: SandboxContext) => ctx.store.customers.get(o.customerId) ?? null,
    email: (o: WorldOrder, _: unknown, ctx: SandboxContext) => ctx.store.customers.get(o.customerId)?.email ?? null,
    phone: (o: WorldOrder, _: unknown, ctx: SandboxContext) => ctx.store.customers.get(o.customerId)?.phone ?? null,
    confirmed: () => true,
    test: () => false,
    edited: () => false,
    tags: () => [],
    discountCodes: () => [],
    paymentGatewayNames: () => ['shopify_payments'],
    sourceName: () => 'web',
    note: () => null,
    lineItems: (o: WorldOrder, args: ConnectionArgs) => connection(lineItemsOf(o), args),
  },
};
