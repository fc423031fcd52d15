import type { Faker } from '@faker-js/faker';
import { COUNTRIES, price } from './variants.js';
import { lineTotalMinor } from './weigh-lines.js';
import type { Person, WorldLine } from './world-types.js';

/** What the shops sell: a title and the stem of its SKU. */
export const PRODUCTS = [
  ['Linen shirt', 'LIN-SH'], ['Canvas tote', 'CAN-TT'], ['Espresso beans 1kg', 'ESP-1K'], ['Ceramic mug', 'CER-MG'],
  ['Wool scarf', 'WOL-SC'], ['Running socks (3 pack)', 'RUN-S3'], ['Leather wallet', 'LEA-WL'], ['Desk lamp', 'DSK-LP'],
  ['Notebook A5', 'NTB-A5'], ['Water bottle', 'WTR-BT'], ['Gift card', 'GFT-CD'], ['Rain jacket', 'RAI-JK'],
] as const;

/** One to three lines of catalogue products, one to three of each, at prices that look like ones in the currency. */
export function drawLines(f: Faker, currency: string): WorldLine[] {
  return Array.from({ length: f.number.int({ min: 1, max: 3 }) }, () => {
    const [title, sku] = f.helpers.arrayElement(PRODUCTS);
    return { title, sku: `${sku}-${f.string.numeric(3)}`, quantity: f.number.int({ min: 1, max: 3 }), unitMinor: price(f, currency) };
  });
}

/** The total of some lines in minor units. */
export const totalOf = (items: readonly WorldLine[]): number => items.reduce((sum, l) => sum + lineTotalMinor(l), 0);

/** The currency a person's online orders are in: their country's. */
export const currencyOf = (p: Person): string => COUNTRIES.find((c) => c.code === p.countryCode)?.currency ?? 'USD';
