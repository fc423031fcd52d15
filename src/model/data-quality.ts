import { disposableEmailBlocklistSet } from 'disposable-email-domains-js';
import { normaliseEmail } from './identifiers.js';
import type { Source } from './provenance.js';

/**
 * The data-quality finding codes, as `Customer.dataQuality` reports them and as the sandboxes' truth seeds them. One
 * finding is keyed by (code, source, recordId, field); what each code means, so that the gateway's findings and the
 * generator's truth count the same thing:
 * - `INVALID_EMAIL` (field `email`): one of the record's emails (primary or secondary) fails the syntax check, or its
 *   domain is on the disposable-domain list: `emailDefectOf` below is that check, for both sides.
 * - `INVALID_PHONE` (field `phone`): one of the record's phones is impossible for its region (libphonenumber).
 * - `CONFLICTING_VALUE` (fields `firstName`, `lastName`, `phone`, `postalCode`, `emailConsent`, `smsConsent`): two or
 *   more of the customer's records hold a value for the field and the values differ once normalised (names ignore case,
 *   accents and spacing; phones compare in E.164, the primary phone only; postal codes ignore case and spacing; consent
 *   compares GRANTED with DENIED, UNKNOWN states nothing). Every record that holds a value for the field gets a finding.
 * - `STALE_RECORD` (field `updatedAt`): the record was last changed more than the stale setting's days before now.
 * - `MISSING_CONSENT` (fields `emailConsent`, `smsConsent`): the customer has an address for the channel (an email; a
 *   phone) and no record states GRANTED or DENIED for it; every record that holds such an address gets a finding.
 * - `DUPLICATE_IN_SILO` (field `record`): the customer has two or more records in one silo; each of them gets one.
 * - `ORPHANED_REFERENCE` (field `crossReference`): a cross-reference the record keeps resolves to no record.
 */
export const DATA_QUALITY_CODES = [
  'INVALID_EMAIL',
  'INVALID_PHONE',
  'CONFLICTING_VALUE',
  'STALE_RECORD',
  'MISSING_CONSENT',
  'DUPLICATE_IN_SILO',
  'ORPHANED_REFERENCE',
] as const;

/** What is wrong with a record's data. */
export type DataQualityCode = (typeof DATA_QUALITY_CODES)[number];

/** The record fields a finding names (see `DATA_QUALITY_CODES` for which code uses which). */
export type DataQualityField =
  | 'email'
  | 'phone'
  | 'firstName'
  | 'lastName'
  | 'postalCode'
  | 'emailConsent'
  | 'smsConsent'
  | 'updatedAt'
  | 'record'
  | 'crossReference';

/** One defect of one silo record's field: the unit that findings and the seeded truth are compared in. */
export interface DataQualityDefect {
  code: DataQualityCode;
  source: Source;
  recordId: string;
  field: DataQualityField;
}

/** Why an email is invalid for `INVALID_EMAIL`: its syntax, or a disposable (throw-away) domain. */
export type EmailDefect = 'SYNTAX' | 'DISPOSABLE';

/**
 * The one check `INVALID_EMAIL` makes of an email as stored: `SYNTAX` when `normaliseEmail` refuses it (no `@`, two,
 * white space inside, no dot in the domain) or its domain has an empty label (a trailing dot, `..`); `DISPOSABLE` when
 * its domain is on the disposable-email-domains list (npm `disposable-email-domains-js`); null when it is fine.
 */
export function emailDefectOf(raw: string): EmailDefect | null {
  const email = normaliseEmail(raw);
  const domain = email?.slice(email.indexOf('@') + 1);
  if (domain === undefined || domain.split('.').some((label) => label === '')) return 'SYNTAX';
  return disposableDomains().has(domain) ? 'DISPOSABLE' : null;
}

// The package's isDisposableEmailDomain builds a Set of the whole list on every call (milliseconds each): the list is
// read into one Set, once, on first use.
let disposable: ReadonlySet<string> | undefined;
const disposableDomains = (): ReadonlySet<string> => (disposable ??= disposableEmailBlocklistSet());
