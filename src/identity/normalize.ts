import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Trims and lower-cases an email; null when what remains is not an address. */
export function normaliseEmail(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const email = raw.trim().toLowerCase();
  return EMAIL.test(email) ? email : null;
}

// Role mailboxes are read by many people: an address like these never identifies one person.
const GENERIC_LOCALS = new Set([
  'info', 'office', 'contact', 'noreply', 'no-reply', 'donotreply', 'do-not-reply', 'admin', 'support', 'sales',
  'hello', 'team', 'mail', 'help', 'billing', 'accounts', 'orders', 'service', 'enquiries', 'inquiries', 'reception',
]);

/** Determines if an email is a shared role mailbox (info@, noreply@, ...) that must not link people. */
export function isGenericEmail(email: string): boolean {
  const local = email.slice(0, email.indexOf('@'));
  return GENERIC_LOCALS.has(local);
}

/**
 * Parses a phone in any common format into E.164. `region` (the record's own country, else the
 * gateway's default) reads national formats; null when the number is not valid.
 */
export function normalisePhone(raw: string | null | undefined, region: string): string | null {
  if (!raw) return null;
  const phone = parsePhoneNumberFromString(raw.trim(), region as CountryCode);
  return phone?.isValid() ? phone.number : null;
}
