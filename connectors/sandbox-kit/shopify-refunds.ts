import mt19937 from '@stdlib/random-base-mt19937';
import type { World, WorldOrder, WorldOrderRefund } from './world-types.js';

// A key word of its own keeps this stream apart from the generator's, the purchases' and the feedback answers'.
const STREAM = 0x72_65_66_64; // "refd"
const DAY_MS = 86_400_000;

/** How long after an order the generated refund of a (partially) refunded, uncancelled one is made: 1 to 60 days. */
export const SHOPIFY_REFUND_LAG_DAYS = Object.freeze({ min: 1, max: 60 });

/**
 * What an order's status says was refunded, where it lists no refunds: all of a REFUNDED one; of a PARTIALLY_REFUNDED
 * one, one unit of its last line (the returned unit the generator adds to such an order); nothing otherwise.
 */
export function statusRefundMinorOf(o: Pick<WorldOrder, 'financialStatus' | 'totalMinor' | 'lines'>): number {
  if (o.financialStatus === 'REFUNDED') return o.totalMinor;
  if (o.financialStatus !== 'PARTIALLY_REFUNDED') return 0;
  return Math.min(o.totalMinor, o.lines.at(-1)?.unitMinor ?? 0);
}

/**
 * An order's refunds, oldest first: those it lists, else (a world file that leaves them out) one refund of what its
 * status says, made at its `updatedAt`, or none.
 */
export function shopifyRefundsOf(o: Pick<WorldOrder, 'financialStatus' | 'totalMinor' | 'lines' | 'updatedAt' | 'refunds'>): readonly WorldOrderRefund[] {
  if (o.refunds) return o.refunds;
  const amountMinor = statusRefundMinorOf(o);
  return amountMinor > 0 ? [{ createdAt: o.updatedAt, amountMinor }] : [];
}

/**
 * Gives each refunded or partially refunded Shopify order of a generated world one refund with its time, of what its
 * status says (so every refunded amount stays what it was, and only gains a time). A cancelled order is refunded when it
 * was cancelled; another one `SHOPIFY_REFUND_LAG_DAYS` after it was placed, never after `end` (the world's reference
 * date) nor after its own `updatedAt` (a refund changes the order). Draws from a stream of its own (the world's seed and
 * "refd") and writes nothing but `refunds` on those orders, so the world without them is byte-identical to one before.
 */
export function addShopifyRefunds(world: World, end: number): void {
  const twister = mt19937.factory({ seed: [world.seed >>> 0, STREAM] });
  const uniform = () => twister() / 4_294_967_296;
  const { min, max } = SHOPIFY_REFUND_LAG_DAYS;
  for (const order of world.shopify.orders) {
    const amountMinor = statusRefundMinorOf(order);
    if (amountMinor <= 0) continue;
    const placed = Date.parse(order.createdAt);
    const lag = Math.floor((min + uniform() * (max - min)) * DAY_MS);
    const at = order.cancelledAt !== null
      ? Date.parse(order.cancelledAt)
      : Math.max(placed, Math.min(placed + lag, Date.parse(order.updatedAt), end));
    order.refunds = [{ createdAt: new Date(at).toISOString(), amountMinor }];
  }
}
