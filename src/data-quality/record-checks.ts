import { isDisposableEmailDomain } from 'disposable-email-domains-js';
import { validatePhoneNumberLength, type CountryCode } from 'libphonenumber-js';
import { normaliseEmail, normalisePhone } from '../model/index.js';

// What is wrong with one stored value, said without the value: a finding's detail may reach roles that may not read it.

/**
 * Why an email address fails: the syntax identity demands of a key (`normaliseEmail`: one '@', a dot in the domain, no
 * white space), or a domain on the disposable-domain list; null when it passes.
 */
export function emailProblem(raw: string): string | null {
  const email = normaliseEmail(raw);
  if (email !== null) return isDisposableEmailDomain(email.slice(email.indexOf('@') + 1)) ? 'domain on the disposable list' : null;
  const trimmed = raw.trim();
  const parts = trimmed.split('@');
  if (parts.length === 1) return "no '@'";
  if (parts.length > 2) return "more than one '@'";
  if (/\s/.test(trimmed)) return 'white space inside the address';
  const [local, domain] = parts as [string, string];
  if (local === '') return "nothing before the '@'";
  if (domain === '') return "nothing after the '@'";
  return 'the domain has no dot between two labels';
}

const LENGTH_PROBLEM: Readonly<Record<string, (region: string) => string>> = {
  TOO_SHORT: (region) => `too short for ${region}`,
  TOO_LONG: (region) => `too long for ${region}`,
  INVALID_LENGTH: (region) => `a length ${region}'s numbering plan does not allow`,
  INVALID_COUNTRY: () => 'no known country code',
  NOT_A_NUMBER: () => 'not a phone number',
};

/** Why a phone is impossible in `region` (libphonenumber: no possible length there); null when it is possible. */
export function phoneProblem(raw: string, region: string): string | null {
  if (normalisePhone(raw, region) !== null) return null;
  const reason = validatePhoneNumberLength(raw.trim(), region as CountryCode);
  return (reason && LENGTH_PROBLEM[reason]?.(region)) ?? `impossible for ${region}`;
}
