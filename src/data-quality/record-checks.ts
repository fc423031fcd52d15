import { validatePhoneNumberLength, type CountryCode } from 'libphonenumber-js';
import { emailDefectOf, normalisePhone } from '../model/index.js';

// What is wrong with one stored value, said without the value: a finding's detail may reach roles that may not read it.

/**
 * Why an email address fails `INVALID_EMAIL`'s one check (`emailDefectOf`, shared with the sandboxes' truth): its
 * syntax, said by what is wrong with it, or a domain on the disposable-domain list; null when it passes.
 */
export function emailProblem(raw: string): string | null {
  const defect = emailDefectOf(raw);
  if (defect === null) return null;
  if (defect === 'DISPOSABLE') return 'domain on the disposable list';
  const trimmed = raw.trim();
  const parts = trimmed.split('@');
  if (parts.length === 1) return "no '@'";
  if (parts.length > 2) return "more than one '@'";
  if (/\s/.test(trimmed)) return 'white space inside the address';
  const [local, domain] = parts as [string, string];
  if (local === '') return "nothing before the '@'";
  if (domain === '') return "nothing after the '@'";
  if (domain.split('.').some((label) => label === '')) return 'an empty label in the domain (a stray dot)';
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
