import type { Faker } from '@faker-js/faker';

/** The world's "now": the end of the window every generated date lies in (the data-quality truth's default `asOf`). */
export const WORLD_REFERENCE_DATE = '2026-10-31T00:00:00.000Z';

/** Vendor-shaped ids, each kind counting up (or drawn) from the given stream. */
export function idFactory(f: Faker) {
  let hubspot = 51;
  let shopifyCustomer = 7_208_455_000_000;
  let shopifyOrder = 5_531_000_000_000;
  let orderName = 1000;
  let zendeskUser = 9_873_843_000;
  let zendeskTicket = 1;
  const alphabet = 'ABCDEFGHJKMNPQRSTVWXYZ0123456789';
  return {
    hubspot: () => String((hubspot += f.number.int({ min: 1, max: 40 }))),
    shopifyCustomer: () => String((shopifyCustomer += f.number.int({ min: 1, max: 900 }))),
    shopifyOrder: () => String((shopifyOrder += f.number.int({ min: 1, max: 900 }))),
    orderName: () => `#${++orderName}`,
    zendeskUser: () => String((zendeskUser += f.number.int({ min: 1, max: 5000 }))),
    zendeskTicket: () => String(zendeskTicket++),
    square: (length: number) => f.string.fromCharacters(alphabet, length),
    squareOrder: () => f.string.alphanumeric({ length: 27, casing: 'mixed' }),
  };
}

/** The id makers of one world. */
export type Ids = ReturnType<typeof idFactory>;

/** A date drawn uniformly between two epoch-ms bounds (defaults: the world's window), as ISO 8601. */
export type DateFn = (from?: number, to?: number) => string;
