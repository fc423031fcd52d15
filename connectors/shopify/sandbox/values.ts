import { memoized } from '../../sandbox-kit/index.js';
import { formatMinorUnits } from '../../../src/model/index.js';

/** Shopify's `DateTime` form: ISO 8601 UTC to the second (`2005-06-15T15:57:11Z`); every page repeats the same few. */
export const shopifyDateTime: (iso: string) => string = memoized((iso) => new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z'));

/** A `MoneyV2`: the exact decimal string of minor units, never a float. */
export function moneyV2(minor: number, currencyCode: string): { amount: string; currencyCode: string } {
  return { amount: formatMinorUnits({ minor, currency: currencyCode }), currencyCode };
}

/** A `MoneyBag`; the sandbox shop sells in the buyer's currency, so shop and presentment money agree. */
export function moneyBag(minor: number, currencyCode: string) {
  const money = moneyV2(minor, currencyCode);
  return { shopMoney: money, presentmentMoney: money };
}

/** A Shopify global id taken apart: `gid://shopify/Customer/544365967` → type `Customer`, number `544365967`. */
export interface ParsedGid {
  type: string;
  legacyId: string;
}

const GID = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(?:\?.*)?$/;

/** Parses a Shopify global id, or returns null when the string is not one. */
export function parseGid(id: string): ParsedGid | null {
  const match = GID.exec(id);
  return match ? { type: match[1] as string, legacyId: match[2] as string } : null;
}

/** The numeric REST id inside a global id (`legacyResourceId`). */
export function legacyIdOf(id: string): string {
  return parseGid(id)?.legacyId ?? '0';
}
