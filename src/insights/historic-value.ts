import { currencyExponent, type Money, type Order, type PosTransaction } from '../model/index.js';
import type { Purchase } from './summarize-purchases.js';

/** A customer's purchases in one currency. */
export interface CurrencyValue {
  readonly currency: string;
  /** Purchases counted in this currency. */
  readonly purchases: number;
  /** What they were sold for. */
  readonly gross: Money;
  /** What was refunded of them. */
  readonly refunded: Money;
  /** Gross less refunds: the historic value. */
  readonly net: Money;
  /** Net / purchases, rounded to the minor unit. */
  readonly averageOrderValue: Money;
}

/** What a customer has bought so far, across the silos that sell. */
export interface HistoricValue {
  /** Per currency, the largest net value first; amounts in different currencies are never added. */
  readonly perCurrency: readonly CurrencyValue[];
  /** Purchases counted: orders not cancelled and completed POS sales. */
  readonly purchases: number;
  readonly firstPurchaseAt: string | null;
  readonly lastPurchaseAt: string | null;
  /** (last − first) / (purchases − 1), in days; null with fewer than 2 purchases. */
  readonly meanDaysBetweenPurchases: number | null;
}

interface Counted {
  readonly at: string;
  readonly total: Money;
  readonly refundedMinor: number;
}

const DAY_MS = 86_400_000;

/** The orders and sales that count as purchases: orders not cancelled, POS sales completed (open and cancelled ones are not sales); each with its refunds. */
function counted(orders: readonly Order[], sales: readonly PosTransaction[]): Counted[] {
  const fromOrders = orders
    .filter((o) => o.cancelledAt === null)
    // A refund in another currency than the order's cannot be netted exactly; the silos refund in the order's own.
    .map((o) => ({ at: o.createdAt, total: o.total, refundedMinor: o.refunded?.currency === o.total.currency ? o.refunded.minor : 0 }));
  const fromSales = sales
    .filter((s) => s.state === 'COMPLETED')
    .map((s) => ({ at: s.createdAt, total: s.total, refundedMinor: s.refunded?.currency === s.total.currency ? s.refunded.minor : 0 }));
  return [...fromOrders, ...fromSales];
}

/**
 * The purchases the models count (as historic value counts them), each at its net value in major units of its own
 * currency: the gateway converts no currency, so a population selling in several mixes their scales in the spend model.
 */
export function purchasesOf(orders: readonly Order[], sales: readonly PosTransaction[]): Purchase[] {
  return counted(orders, sales).map(({ at, total, refundedMinor }) => ({
    at: new Date(at),
    amount: (total.minor - refundedMinor) / 10 ** currencyExponent(total.currency),
  }));
}

/**
 * Historic value per currency (orders plus completed POS sales, less refunds; cancelled orders excluded), the
 * purchase count, average order value, first and last purchase and the mean days between purchases.
 */
export function historicValue(orders: readonly Order[], sales: readonly PosTransaction[]): HistoricValue {
  const purchases = counted(orders, sales);
  const byCurrency = new Map<string, { purchases: number; gross: number; refunded: number }>();
  for (const { total, refundedMinor } of purchases) {
    const sum = byCurrency.get(total.currency) ?? { purchases: 0, gross: 0, refunded: 0 };
    byCurrency.set(total.currency, { purchases: sum.purchases + 1, gross: sum.gross + total.minor, refunded: sum.refunded + refundedMinor });
  }
  const perCurrency = [...byCurrency].map(([currency, sum]) => {
    const net = sum.gross - sum.refunded;
    return {
      currency,
      purchases: sum.purchases,
      gross: { minor: sum.gross, currency },
      refunded: { minor: sum.refunded, currency },
      net: { minor: net, currency },
      averageOrderValue: { minor: Math.round(net / sum.purchases), currency },
    };
  }).sort((p, q) => q.net.minor - p.net.minor || p.currency.localeCompare(q.currency));
  const times = purchases.map((p) => Date.parse(p.at)).filter(Number.isFinite).sort((p, q) => p - q);
  const first = times[0];
  const last = times.at(-1);
  return {
    perCurrency,
    purchases: purchases.length,
    firstPurchaseAt: first === undefined ? null : new Date(first).toISOString(),
    lastPurchaseAt: last === undefined ? null : new Date(last).toISOString(),
    meanDaysBetweenPurchases: first !== undefined && last !== undefined && times.length >= 2 ? (last - first) / DAY_MS / (times.length - 1) : null,
  };
}
