import type { Faker } from '@faker-js/faker';
import { drawLines } from './catalogue.js';
import type { DateFn, Ids } from './world-ids.js';
import type { WorldContact, WorldLocation } from './world-types.js';

// Orders and sales were once drawn here from the world's shared stream, between one person's records and the next.
// They now come from a stream of their own (world-purchases.ts), but the draws they took are still taken, and
// dropped, so that every other value of a world (people, contacts, keys, tickets, ids) stays what it was.

type Chance = (p: number) => boolean;
const weights = (values: readonly number[]) => values.map((value) => ({ value, weight: 1 }));

/** Takes the draws the former Shopify orders of one customer took from the shared stream. */
export function skipFormerShopifyOrders(f: Faker, customer: WorldContact, currency: string, ids: Ids, date: DateFn, chance: Chance): void {
  const n = f.helpers.weightedArrayElement(weights([0, 1, 1, 2, 2, 3, 4, 6, 9]));
  for (let i = 0; i < n; i++) {
    const createdAt = date(Date.parse(customer.createdAt));
    drawLines(f, currency);
    const cancelled = chance(0.03);
    ids.shopifyOrder();
    ids.orderName();
    date(Date.parse(createdAt));
    if (!cancelled) f.helpers.weightedArrayElement([{ value: 'PAID', weight: 85 }, { value: 'PENDING', weight: 5 }, { value: 'PARTIALLY_REFUNDED', weight: 4 }, { value: 'REFUNDED', weight: 3 }, { value: 'AUTHORIZED', weight: 3 }]);
    f.helpers.weightedArrayElement([{ value: 'FULFILLED', weight: 85 }, { value: 'UNFULFILLED', weight: 10 }, { value: 'PARTIALLY_FULFILLED', weight: 5 }]);
    if (cancelled) date(Date.parse(createdAt));
  }
}

/** Takes the draws the former Square sales of one profile took from the shared stream. */
export function skipFormerSquareSales(
  f: Faker, customer: WorldContact, locations: readonly WorldLocation[], pool: readonly WorldLocation[], ids: Ids, date: DateFn, chance: Chance,
): void {
  const n = f.helpers.weightedArrayElement(weights([0, 1, 1, 2, 2, 3, 4, 6]));
  for (let i = 0; i < n; i++) {
    const location = chance(0.05) ? f.helpers.arrayElement(locations) : f.helpers.arrayElement(pool);
    const createdAt = date(Date.parse(customer.createdAt));
    drawLines(f, location.currency);
    const state = f.helpers.weightedArrayElement([{ value: 'COMPLETED', weight: 92 }, { value: 'OPEN', weight: 4 }, { value: 'CANCELED', weight: 4 }]);
    ids.squareOrder();
    date(Date.parse(createdAt));
    if (state !== 'OPEN') ids.squareOrder();
  }
}
