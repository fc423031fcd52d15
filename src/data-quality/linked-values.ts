import {
  familyNameKey,
  normalisePhone,
  postalCodeKey,
  phoneRegionOf,
  type ConsentChannel,
  type ConsentState,
  type ContactRecord,
  type DataQualityField,
} from '../model/index.js';
import { finding, held, recordLabel, type DataQualityFinding } from './finding.js';

/** The record's stated consent on a channel: GRANTED or DENIED, or null when it states nothing (UNKNOWN or no fact). */
export function statedConsent(record: ContactRecord, channel: ConsentChannel): Exclude<ConsentState, 'UNKNOWN'> | null {
  for (const fact of record.consent) if (fact.channel === channel && fact.state !== 'UNKNOWN') return fact.state;
  return null;
}

const CONSENT_FIELD: Readonly<Record<ConsentChannel, DataQualityField>> = { EMAIL: 'emailConsent', SMS: 'smsConsent' };

/** Each compared field, how a record's value is read for it, and whether the detail may say the values. */
function comparedFields(region: string): { field: DataQualityField; value: (r: ContactRecord) => string | null; says?: true }[] {
  return [
    // Names as identity's name keys compare them: accents, case, spacing and punctuation ignored.
    { field: 'firstName', value: (r) => familyNameKey(r.firstName) },
    { field: 'lastName', value: (r) => familyNameKey(r.lastName) },
    // The primary phone only, in E.164: a second phone is often another line of the same person.
    { field: 'phone', value: (r) => normalisePhone(held(r.phones)[0], phoneRegionOf(r.countryCode, region)) },
    { field: 'postalCode', value: (r) => postalCodeKey(r.postalCode) },
    // Consent states are no contact value: every role that reads findings reads consent.
    { field: 'emailConsent', value: (r) => statedConsent(r, 'EMAIL'), says: true },
    { field: 'smsConsent', value: (r) => statedConsent(r, 'SMS'), says: true },
  ];
}

/**
 * CONFLICTING_VALUE: for each compared field, when two or more records hold a value and the values differ once
 * normalised, every record holding one gets a finding whose detail groups the records by value (consent says the
 * states; the other fields never say a value).
 */
export function conflictFindings(records: readonly ContactRecord[], region: string): DataQualityFinding[] {
  return comparedFields(region).flatMap(({ field, value, says }) => {
    const holding = records.flatMap((record) => {
      const v = value(record);
      return v === null ? [] : [{ record, value: v }];
    });
    const groups = new Map<string, ContactRecord[]>();
    for (const { record, value: v } of holding) groups.set(v, [...(groups.get(v) ?? []), record]);
    if (groups.size < 2) return [];
    const detail = says
      ? [...groups].map(([state, rs]) => `${rs.map(recordLabel).join(' and ')} says ${state}`).join(', ')
      : `${groups.size} different values: ${[...groups.values()].map((rs) => rs.map(recordLabel).join(' and ')).join(' / ')}`;
    return holding.map(({ record }) => finding(record, 'CONFLICTING_VALUE', field, detail));
  });
}

/** The addresses a record holds for a channel, primary or secondary: its emails for EMAIL, its phones for SMS. */
function addressesFor(record: ContactRecord, channel: ConsentChannel): string[] {
  return channel === 'EMAIL' ? [...held(record.emails), ...held(record.secondaryEmails)] : [...held(record.phones), ...held(record.secondaryPhones)];
}

/**
 * MISSING_CONSENT: the customer has an address for the channel and no record states GRANTED or DENIED for it; every
 * record holding such an address gets a finding.
 */
export function missingConsentFindings(records: readonly ContactRecord[], channel: ConsentChannel): DataQualityFinding[] {
  if (records.some((r) => statedConsent(r, channel) !== null)) return [];
  const holders = records.filter((r) => addressesFor(r, channel).length > 0);
  const what = channel === 'EMAIL' ? 'an email address' : 'a phone number';
  return holders.map((r) => finding(r, 'MISSING_CONSENT', CONSENT_FIELD[channel], `holds ${what} and no linked record states ${channel} consent`));
}
