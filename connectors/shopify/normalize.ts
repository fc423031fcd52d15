import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** An email as identity compares it: trimmed and lower-cased; null when there is none. */
export function normalizeEmail(email: string | null | undefined): string | null {
  const value = email?.trim().toLowerCase();
  return value ? value : null;
}

/** A phone in E.164, read with `region` for numbers written without a country code; null when it is not a phone number. */
export function normalizePhone(phone: string | null | undefined, region: string | null | undefined): string | null {
  if (!phone?.trim()) return null;
  const parsed = parsePhoneNumberFromString(phone, { defaultCountry: (region ?? 'US').toUpperCase() as CountryCode });
  return parsed?.number ?? null;
}
