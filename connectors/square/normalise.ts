import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** The region a phone written without a country code is read in when the profile has no address country. */
export const FALLBACK_PHONE_REGION: CountryCode = 'US';

const E164 = /^\+[1-9]\d{1,14}$/;

/** Determines if a string is a phone number in E.164 form, the only form Square's exact phone filter takes. */
export function isE164(value: string): boolean {
  return E164.test(value);
}

/** Normalises an email the way Square's email filter compares it: surrounding white space dropped, lower-case. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Reads a stored phone (any format) as E.164, using the profile's address country as the region of a
 * national number, else `US`. Returns null when it is not a phone number at all.
 */
export function phoneToE164(phone: string, country: string | null | undefined): string | null {
  const region = country && isSupportedCountry(country) ? country : FALLBACK_PHONE_REGION;
  try {
    return parsePhoneNumberFromString(phone, region)?.number ?? null;
  } catch {
    return null;
  }
}
