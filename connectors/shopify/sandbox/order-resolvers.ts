import { shopifyRefundsOf, type WorldLine, type WorldOrder, type WorldOrderRefund } from '../../sandbox-kit/index.js';
import { connection, type ConnectionArgs, type Sorted } from './connection.js';
import type { SandboxContext } from './sandbox-context.js';
import { legacyIdOf, moneyBag, shopifyDateTime } from './values.js';

// Orders never change, nor does the store's list of a customer's orders: each list is placed once per sort key
// (and frozen, which tells `connection` it may keep its sorting too).
const placed = new WeakMap<readonly WorldOrder[], Map<string, readonly Sorted<WorldOrder>[]>>();

/** Places orders in the order of an `OrderSortKeys` value (unsupported keys fall back to ID), once per kept list. */
export function sortedOrders(orders: readonly WorldOrder[], sortKey: string | null | undefined): readonly Sorted<WorldOrder>[] {
  let bySortKey = placed.get(orders);
  if (!bySortKey) placed.set(orders, (bySortKey = new Map()));
  const key = sortKey ?? '';
  let sorted = bySortKey.get(key);
  if (!sorted) bySortKey.set(key, (sorted = Object.freeze(placeOrders(orders, sortKey))));
  return sorted;
}

function placeOrders(orders: readonly WorldOrder[], sortKey: string | null | undefined): Sorted<WorldOrder>[] {
  return orders.map((node) => {
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
const lineItems = new WeakMap<WorldOrder, readonly Sorted<ReturnType<typeof lineItemOf>>[]>();
function lineItemsOf(order: WorldOrder): readonly Sorted<ReturnType<typeof lineItemOf>>[] {
  let items = lineItems.get(order);
  if (!items) lineItems.set(order, (items = Object.freeze(order.lines.map((line, index) => ({ node: lineItemOf(order, line, index), id: index, value: index })))));
  return items;
}

// An order's money never changes either: its bags are built once, on first read.
const moneyOfOrder = new WeakMap<WorldOrder, { total: ReturnType<typeof moneyBag>; refunded: ReturnType<typeof moneyBag> }>();
function moneyOf(order: WorldOrder) {
  let money = moneyOfOrder.get(order);
  if (!money) moneyOfOrder.set(order, (money = { total: moneyBag(order.totalMinor, order.currency), refunded: moneyBag(refundedMinorOf(order), order.currency) }));
  return money;
}

/**
 * What the sandbox has refunded of an order: the sum of its refunds (a world file that lists none is refunded as its
 * status says, `shopifyRefundsOf`).
 */
export function refundedMinorOf(o: Pick<WorldOrder, 'financialStatus' | 'totalMinor' | 'lines' | 'updatedAt' | 'refunds'>): number {
  return shopifyRefundsOf(o).reduce((sum, refund) => sum + refund.amountMinor, 0);
}

/** A refund as the resolvers of `Refund` read it: the world's refund with its order and place in the order's list. */
interface SandboxRefund {
  order: WorldOrder;
  refund: WorldOrderRefund;
  index: number;
}

// Orders are never changed, so each order's refunds are placed once, on first read.
const refundsOfOrder = new WeakMap<WorldOrder, readonly SandboxRefund[]>();
function refundsOf(order: WorldOrder): readonly SandboxRefund[] {
  let refunds = refundsOfOrder.get(order);
  if (!refunds) refundsOfOrder.set(order, (refunds = Object.freeze(shopifyRefundsOf(order).map((refund, index) => ({ order, refund, index })))));
  return refunds;
}

// A refund's number follows its order's, as a line item's does (its gid names another type, so the two never meet).
const refundLegacyIdOf = (r: SandboxRefund) => String(Number(legacyIdOf(r.order.id)) * 100 + r.index + 1);

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
    totalPriceSet: (o: WorldOrder) => moneyOf(o).total,
    subtotalPriceSet: (o: WorldOrder) => moneyOf(o).total,
    originalTotalPriceSet: (o: WorldOrder) => moneyOf(o).total,
    currentTotalPriceSet: (o: WorldOrder) => moneyBag(o.totalMinor - refundedMinorOf(o), o.currency),
    totalRefundedSet: (o: WorldOrder) => moneyOf(o).refunded,
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
    // Shopify lists an order's refunds oldest first; `first` keeps the oldest.
    refunds: (o: WorldOrder, args: { first?: number | null }) => refundsOf(o).slice(0, args.first == null ? undefined : Math.max(0, args.first)),
  },
  Refund: {
    id: (r: SandboxRefund) => `gid://shopify/Refund/${refundLegacyIdOf(r)}`,
    legacyResourceId: refundLegacyIdOf,
    createdAt: (r: SandboxRefund) => shopifyDateTime(r.refund.createdAt),
    updatedAt: (r: SandboxRefund) => shopifyDateTime(r.refund.createdAt),
    note: () => null,
    order: (r: SandboxRefund) => r.order,
    totalRefundedSet: (r: SandboxRefund) => moneyBag(r.refund.amountMinor, r.order.currency),
  },
};
