import type { Faker } from '@faker-js/faker';
import beta from '@stdlib/random-base-beta';
import gamma from '@stdlib/random-base-gamma';
import mt19937 from '@stdlib/random-base-mt19937';
import { currencyExponent } from '../../src/model/index.js';
import { currencyOf, drawLines, PRODUCTS, totalOf } from './catalogue.js';
import { simulateCustomerPurchases, WORLD_PURCHASE_PROCESS, type PurchaseRandom, type SimulatedPurchase } from './simulate-purchases.js';
import { price } from './variants.js';
import { lineTotalMinor } from './weigh-lines.js';
import type { Ids } from './world-ids.js';
import type { Person, World, WorldContact, WorldLine, WorldLocation, WorldOrder, WorldPosOrder } from './world-types.js';

/** A person who buys, with the accounts their purchases go to (the first Shopify customer and Square profile). */
export interface Buyer {
  readonly person: Person;
  readonly shopify: WorldContact | null;
  readonly square: WorldContact | null;
}

/** How the drawn purchases become orders and sales; shares are per drawn purchase. */
export const WORLD_PURCHASE_SHARES = Object.freeze({
  /**
   * A buyer with both accounts makes the first purchase day in both (an online order and a sale at a home till on
   * the same UTC day, the drawn value split between them: the models count one purchase day and add its value), and
   * every later purchase online (Shopify) with this chance, else at a till (Square).
   */
  online: 0.6,
  /** A Shopify purchase is partially refunded (one returned unit bought on top of the kept value). */
  shopifyPartialRefund: 0.04,
  /** A Square sale is partially refunded (one returned unit bought on top of the kept value). */
  squareRefund: 0.05,
  /** Beside a purchase, a cancelled Shopify order (REFUNDED, not a purchase). */
  shopifyCancelled: 0.03,
  /** Beside a purchase, a Square sale left OPEN or CANCELED (not a purchase), half each. */
  squareUnfinished: 0.08,
});

// Key words keep these streams apart from the generator's own, the weigher's and the secondary keys'.
const PROCESS_STREAM = 0x70_75_72_63; // "purc"
const ORDER_STREAM = 0x6f_72_64_72; // "ordr"
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** The process's draws on a Mersenne Twister of the world's seed and a key word of its own. */
function createPurchaseRandom(seed: number): PurchaseRandom {
  const twister = mt19937.factory({ seed: [seed >>> 0, PROCESS_STREAM] });
  // Two 32-bit words make one double on [0, 1) with 53 random bits (genrand_res53 of the reference MT19937).
  const uniform = () => ((twister() >>> 5) * 67_108_864 + (twister() >>> 6)) / 9_007_199_254_740_992;
  const gammaOf = gamma.factory({ prng: uniform });
  const betaOf = beta.factory({ prng: uniform });
  return { uniform, gamma: (shape, rate) => gammaOf(shape, rate), beta: (a, b) => betaOf(a, b) };
}

/** The tills a person buys at: their country's Square locations, else the US ones. */
export function homeLocations(locations: readonly WorldLocation[], countryCode: string | null): readonly WorldLocation[] {
  const home = locations.filter((l) => l.countryCode === countryCode);
  return home.length > 0 ? home : locations.filter((l) => l.countryCode === 'US');
}

/** A currency's minor units per major unit (whole yen, three-decimal dinars), as the gateway counts them. */
const minorPerMajor = (currency: string) => 10 ** currencyExponent(currency);

/**
 * Catalogue lines that add up to `targetMinor` exactly: one to three products, one to three of each (a till may weigh
 * coffee beans), the value split over the lines at random and each line priced at its share divided by its quantity,
 * rounded down; the last line, a single counted unit, takes what the rounding left. Only a value under one minor unit
 * per unit cannot be met: no price is below one minor unit (the order then costs one more minor unit per line).
 */
function linesFor(f: Faker, targetMinor: number, weigh: (line: WorldLine) => WorldLine): WorldLine[] {
  const count = Math.max(1, Math.min(f.number.int({ min: 1, max: 3 }), targetMinor));
  const shares = Array.from({ length: count }, () => f.number.float({ min: 0.2, max: 1 }));
  const sum = shares.reduce((s, w) => s + w, 0);
  const items: WorldLine[] = [];
  let left = targetMinor;
  shares.forEach((share, i) => {
    const [title, stem] = f.helpers.arrayElement(PRODUCTS);
    const sku = `${stem}-${f.string.numeric(3)}`;
    if (i === count - 1) {
      items.push({ title, sku, quantity: 1, unitMinor: Math.max(1, left) });
      return;
    }
    const portion = Math.floor((targetMinor * share) / sum);
    const drawn = weigh({ title, sku, quantity: f.number.int({ min: 1, max: 3 }), unitMinor: 1 });
    const line = { ...drawn, unitMinor: Math.max(1, Math.floor(portion / drawn.quantity)) };
    left -= lineTotalMinor(line);
    items.push(line);
  });
  return items;
}

/** One returned unit, bought on top of what the customer kept: the refund of a partially refunded purchase. */
function returnedLine(f: Faker, currency: string): WorldLine {
  const [title, stem] = f.helpers.arrayElement(PRODUCTS);
  return { title, sku: `${stem}-${f.string.numeric(3)}`, quantity: 1, unitMinor: price(f, currency) };
}

/**
 * Draws every buyer's purchases from {@link WORLD_PURCHASE_PROCESS} (one unified history per person, across Shopify and
 * Square) and files them as orders and sales. The process draws from a stream of its own and the orders' ids, lines
 * and states from another (the shared Faker reseeded), so no other value of the world moves. A purchase's drawn
 * value is what the customer kept, in major units of its currency: the lines of a refunded one add the returned unit.
 */
export function addPurchases(f: Faker, world: World, buyers: readonly Buyer[], ids: Ids, weigh: (line: WorldLine) => WorldLine, until: number): void {
  f.seed([world.seed >>> 0, ORDER_STREAM]);
  const random = createPurchaseRandom(world.seed);
  const chance = (p: number) => f.number.float({ min: 0, max: 1 }) < p;
  const laterThan = (at: number) => new Date(f.number.int({ min: at, max: Math.max(at, until) })).toISOString();
  const shares = WORLD_PURCHASE_SHARES;
  const { locations } = world.square;
  for (const { person, shopify, square } of buyers) {
    const opened = Math.max(...[shopify, square].flatMap((c) => (c ? [Date.parse(c.createdAt)] : [])));
    // The first purchase falls uniformly between the later account's opening and the end of the window.
    const window = { from: new Date(opened), spanDays: (until - opened) / DAY_MS, until: new Date(until) };
    const history = simulateCustomerPurchases(WORLD_PURCHASE_PROCESS, window, random);
    const pool = homeLocations(locations, person.countryCode);
    const orders: WorldOrder[] = [];
    const sales: WorldPosOrder[] = [];
    for (const [i, purchase] of history.entries()) {
      if (i === 0 && shopify && square) {
        const onlineShare = f.number.float({ min: 0.3, max: 0.7 });
        const at = purchase.at.getTime();
        // Minutes later at the till, on the same UTC day.
        const tillAt = Math.min(at + f.number.int({ min: 60_000, max: 4 * HOUR_MS }), Math.floor(at / DAY_MS) * DAY_MS + DAY_MS - 1);
        const location = f.helpers.arrayElement(pool);
        orders.push(...shopifyPurchase(f, shopify, currencyOf(person), { at: purchase.at, amount: purchase.amount * onlineShare }, { ids, chance, laterThan, until }));
        sales.push(...squarePurchase(f, square, location, { at: new Date(tillAt), amount: purchase.amount * (1 - onlineShare) }, { ids, chance, laterThan, until, weigh }));
        continue;
      }
      const online = shopify !== null && (square === null || chance(shares.online));
      if (online) orders.push(...shopifyPurchase(f, shopify, currencyOf(person), purchase, { ids, chance, laterThan, until }));
      else if (square) {
        // Now and then a traveller buys abroad, in that location's currency.
        const location = chance(0.05) ? f.helpers.arrayElement(locations) : f.helpers.arrayElement(pool);
        sales.push(...squarePurchase(f, square, location, purchase, { ids, chance, laterThan, until, weigh }));
      }
    }
    world.shopify.orders.push(...orders.sort((a, b) => a.createdAt.localeCompare(b.createdAt)));
    for (const sale of sales.sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
      world.square.orders.push(sale);
      if (sale.state === 'OPEN') continue;
      world.square.payments.push({
        id: ids.squareOrder(), orderId: sale.id, customerId: sale.customerId, locationId: sale.locationId, amountMinor: sale.totalMinor,
        currency: sale.currency, status: sale.state === 'COMPLETED' ? 'COMPLETED' : 'CANCELED', createdAt: sale.createdAt,
      });
    }
  }
}

interface Draws {
  ids: Ids;
  /** The end of the world's window, epoch ms. */
  until: number;
  chance: (p: number) => boolean;
  laterThan: (at: number) => string;
}

/** The Shopify order of one purchase, and a cancelled order before it now and then. */
function shopifyPurchase(f: Faker, customer: WorldContact, currency: string, purchase: SimulatedPurchase, d: Draws): WorldOrder[] {
  const at = purchase.at.getTime();
  const refunded = d.chance(WORLD_PURCHASE_SHARES.shopifyPartialRefund);
  const kept = linesFor(f, Math.max(1, Math.round(purchase.amount * minorPerMajor(currency))), (l) => l);
  // The sandbox refunds one unit of a partially refunded order's last line: the returned one.
  const items = refunded ? [...kept, returnedLine(f, currency)] : kept;
  const order = (createdAt: number, lines: WorldLine[], cancelled: boolean): WorldOrder => {
    const id = `gid://shopify/Order/${d.ids.shopifyOrder()}`;
    const name = d.ids.orderName();
    const updatedAt = d.laterThan(createdAt);
    const financialStatus = cancelled ? 'REFUNDED' : refunded ? 'PARTIALLY_REFUNDED' : f.helpers.weightedArrayElement([
      { value: 'PAID', weight: 85 }, { value: 'PENDING', weight: 5 }, { value: 'AUTHORIZED', weight: 3 },
    ] as const);
    const fulfillmentStatus = f.helpers.weightedArrayElement([
      { value: 'FULFILLED', weight: 85 }, { value: 'UNFULFILLED', weight: 10 }, { value: 'PARTIALLY_FULFILLED', weight: 5 },
    ] as const);
    // A cancelled order is the one its buyer dropped and placed again within the hour: cancelled before the order that
    // replaced it (one draw, as the former uniform time up to the world's end took, so every other draw stays).
    const cancelledAt = cancelled
      ? new Date(f.number.int({ min: createdAt, max: Math.max(createdAt, Math.min(at, Date.parse(updatedAt))) })).toISOString()
      : null;
    return { id, customerId: customer.id, name, createdAt: new Date(createdAt).toISOString(), updatedAt, currency, lines, totalMinor: totalOf(lines), financialStatus, fulfillmentStatus, cancelledAt };
  };
  const placed = [order(at, items, false)];
  if (d.chance(WORLD_PURCHASE_SHARES.shopifyCancelled)) {
    // An order placed within the hour before and cancelled: not a purchase, so the process's history is untouched.
    placed.push(order(at - f.number.int({ min: 1, max: HOUR_MS }), drawLines(f, currency), true));
  }
  return placed;
}

/** The Square sale of one purchase, and an unfinished sale before it now and then. */
function squarePurchase(
  f: Faker, customer: WorldContact, location: WorldLocation, purchase: SimulatedPurchase, d: Draws & { weigh: (line: WorldLine) => WorldLine },
): WorldPosOrder[] {
  const at = purchase.at.getTime();
  const { currency } = location;
  const refunded = d.chance(WORLD_PURCHASE_SHARES.squareRefund);
  const kept = linesFor(f, Math.max(1, Math.round(purchase.amount * minorPerMajor(currency))), d.weigh);
  const returned = refunded ? returnedLine(f, currency) : null;
  const sale = (createdAt: number, lines: WorldLine[], state: WorldPosOrder['state']): WorldPosOrder => ({
    id: d.ids.squareOrder(), customerId: customer.id, locationId: location.id, state, createdAt: new Date(createdAt).toISOString(),
    updatedAt: d.laterThan(createdAt), currency, lines, totalMinor: totalOf(lines),
  });
  const completed = sale(at, returned ? [...kept, returned] : kept, 'COMPLETED');
  if (returned) {
    completed.refunds = [{
      id: d.ids.squareOrder(), reason: 'Returned item', status: 'APPROVED', amountMinor: lineTotalMinor(returned),
      createdAt: new Date(Math.min(at + f.number.int({ min: HOUR_MS, max: 30 * DAY_MS }), Math.max(at, d.until))).toISOString(),
    }];
  }
  const placed = [completed];
  if (d.chance(WORLD_PURCHASE_SHARES.squareUnfinished)) {
    placed.push(sale(at - f.number.int({ min: 1, max: HOUR_MS }), drawLines(f, currency).map(d.weigh), d.chance(0.5) ? 'OPEN' : 'CANCELED'));
  }
  return placed;
}
