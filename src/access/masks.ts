import { createHmac } from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** `jane.doe@example.com` → `j***@example.com`: enough to recognise, not to contact. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/** `+12065550134` → `+1 ••• ••• 0134`: the country and the last four digits. */
export function maskPhone(phone: string): string {
  const parsed = parsePhoneNumberFromString(phone);
  const digits = phone.replace(/\D/g, '');
  const last4 = digits.slice(-4);
  return parsed ? `+${parsed.countryCallingCode} ••• ••• ${last4}` : `••• ${last4}`;
}

/** `Jane Doe` → `J. D.`: initials only. */
export function maskName(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((part) => `${part[0]?.toUpperCase() ?? ''}.`)
    .join(' ');
}

/**
 * A keyed pseudonym (HMAC-SHA256 under a key derived from GATEWAY_SECRET): the same value always gives the
 * same pseudonym on every replica, so BI can join and count on it, and nobody without the key can reverse it.
 */
export function createPseudonymiser(key: Buffer): (kind: string, value: string) => string {
  return (kind, value) => `psn_${createHmac('sha256', key).update(`${kind}\0${value.trim().toLowerCase()}`).digest('base64url').slice(0, 22)}`;
}
