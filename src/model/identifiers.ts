import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { LRUCache } from 'lru-cache';

// One form per identifier kind, shared by identity (which asks with keys in this form) and every connector (which
// files what its vendor returns by reading the stored values the same way): a record is only ever filed under a key
// identity can ask with. The rules, chosen deliberately where the five earlier normalisers differed:
// - email: trimmed and lower-cased, and only when it looks like an address (one `@`, a dot in the domain, no white
//   space). Identity needs the shape check so free text never becomes a key; a stored value that fails it could
//   never equal such a key, so connectors lose nothing by it.
// - phone: parsed with libphonenumber in the given region and kept when it is *possible* (a length its country's
//   numbering plan allows). Identity used to demand `isValid()` as well, which also rejects numbers of the right
//   length in blocks libphonenumber's metadata lists as unallocated (+44 7911 5xxxxx): a rule that shifts with
//   metadata updates, and one under which connectors could not find numbers their vendors hold. The connectors
//   accepted any parse, which turns "12" into "+112". "Possible" refuses both kinds of junk and keeps every real
//   number a vendor holds.
// - region: the record's own country when libphonenumber knows it, else the caller's fallback (`phoneRegionOf`);
//   identity's fallback is DEFAULT_PHONE_REGION, the connectors' FALLBACK_PHONE_REGION, the same by default.

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const E164 = /^\+[1-9]\d{1,14}$/;

/** The region connectors read a national phone number in when the record names no country it could be read in. */
export const FALLBACK_PHONE_REGION = 'US';

/** Trims and lower-cases an email; null when what remains is not an address. */
export function normaliseEmail(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const email = raw.trim().toLowerCase();
  return EMAIL.test(email) ? email : null;
}

// libphonenumber's parse is the costliest step of linking records; the same numbers come back on every request
// (and from every silo), so recent answers are remembered: `region|raw` → E.164, or '' for no phone number.
const phones = new LRUCache<string, string>({ max: 20_000 });

/** Parses a phone in any common format into E.164, reading national numbers in `region`; null when it is no phone number. */
export function normalisePhone(raw: string | null | undefined, region: string): string | null {
  if (!raw?.trim()) return null;
  const key = `${region}|${raw}`;
  let known = phones.get(key);
  if (known === undefined) {
    const phone = parsePhoneNumberFromString(raw.trim(), region as CountryCode);
    phones.set(key, (known = phone?.isPossible() ? phone.number : ''));
  }
  return known === '' ? null : known;
}

/** The region a record's national phone numbers are read in: its country (any case) when libphonenumber knows it, else `fallback`. */
export function phoneRegionOf(country: string | null | undefined, fallback: string = FALLBACK_PHONE_REGION): string {
  const code = country?.trim().toUpperCase();
  return code && isSupportedCountry(code) ? code : fallback;
}

/** Determines if a string is a phone number in E.164 form (what `normalisePhone` returns, and vendors' exact filters take). */
export function isE164(value: string): boolean {
  return E164.test(value);
}

/** A family name in the form `familyName` keys compare: accents stripped, lower-case letters only; null if none. */
export function familyNameKey(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const key = raw.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z]/g, '');
  return key === '' ? null : key;
}

/** A postal code in the form `familyName` keys compare: upper-case letters and digits only; null if none. */
export function postalCodeKey(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const key = raw.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return key === '' ? null : key;
}
