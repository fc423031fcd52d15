import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** Zendesk users carry no country, so phones written without a country code are read as US numbers. */
export const PHONE_REGION = 'US';

/** An email as identity compares it: trimmed and lower-case. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** A phone as identity compares it: E.164, or null when it is not a phone number. */
export function normalizePhone(phone: string): string | null {
  return parsePhoneNumberFromString(phone, PHONE_REGION)?.number ?? null;
}
