import type { ResolvedCustomer } from '../identity/index.js';
import { phoneRegionOf, type ConsentChannel, type ContactRecord, type Source } from '../model/index.js';
import { finding, held, type DataQualityFinding } from './finding.js';
import { conflictFindings, missingConsentFindings } from './linked-values.js';
import { emailProblem, phoneProblem } from './record-checks.js';

/** What findings are judged against: the clock, the stale setting and the region of national phone numbers. */
export interface DataQualityOptions {
  /** The moment records' ages are measured at. */
  now: Date;
  /** A record last changed more than this many days before `now` is stale (DATA_QUALITY_STALE_DAYS). */
  staleDays: number;
  /** The region national phone numbers are read in when a record names no country (DEFAULT_PHONE_REGION). */
  region: string;
}

const DAY_MS = 86_400_000;
const count = new Intl.NumberFormat('en-GB');

/** Problems of many values of one field, as one detail ("2 of 3 emails: no '@'; domain on the disposable list"). */
function listed(problems: readonly (string | null)[], noun: string): string | null {
  const found = problems.filter((p): p is string => p !== null);
  if (found.length === 0) return null;
  const unique = [...new Set(found)].join('; ');
  return problems.length === 1 ? unique : `${found.length} of ${problems.length} ${noun}: ${unique}`;
}

function recordFindings(record: ContactRecord, options: DataQualityOptions): DataQualityFinding[] {
  const out: DataQualityFinding[] = [];
  const email = listed([...held(record.emails), ...held(record.secondaryEmails)].map(emailProblem), 'emails');
  if (email) out.push(finding(record, 'INVALID_EMAIL', 'email', email));
  const region = phoneRegionOf(record.countryCode, options.region);
  const phone = listed([...held(record.phones), ...held(record.secondaryPhones)].map((p) => phoneProblem(p, region)), 'phones');
  if (phone) out.push(finding(record, 'INVALID_PHONE', 'phone', phone));
  const changed = record.provenance.updatedAt === null ? Number.NaN : Date.parse(record.provenance.updatedAt);
  const age = options.now.getTime() - changed;
  if (age > options.staleDays * DAY_MS) {
    out.push(finding(record, 'STALE_RECORD', 'updatedAt', `last changed ${new Date(changed).toISOString().slice(0, 10)}, ${count.format(Math.floor(age / DAY_MS))} days ago`));
  }
  return out;
}

function duplicateFindings(records: readonly ContactRecord[]): DataQualityFinding[] {
  const bySource = new Map<Source, ContactRecord[]>();
  for (const r of records) bySource.set(r.provenance.source, [...(bySource.get(r.provenance.source) ?? []), r]);
  return [...bySource].flatMap(([source, same]) =>
    same.length < 2 ? [] : same.map((r) => finding(r, 'DUPLICATE_IN_SILO', 'record', `${same.length} ${source} records belong to this customer`)),
  );
}

const CHANNELS: readonly ConsentChannel[] = ['EMAIL', 'SMS'];

/**
 * Every data-quality finding of one resolved customer (src/model/data-quality.ts says what each code counts): each
 * linked record's own values, what its linked records disagree on, consent no silo states, duplicates within a silo,
 * and cross-references identity read and found nothing behind; no MISSING_CONSENT while a silo could not be read.
 * Pure: no call, no clock but `options.now`; at most one
 * finding per (code, source, recordId, field), and no detail carries a value.
 */
export function customerFindings(customer: ResolvedCustomer, options: DataQualityOptions): DataQualityFinding[] {
  const records = customer.records.map((r) => r.record);
  const orphaned = new Map<string, { record: ContactRecord; via: string[] }>();
  for (const ref of customer.orphanedReferences) {
    const record = records.find((r) => r.provenance.source === ref.source && r.provenance.recordId === ref.recordId);
    if (!record) continue;
    const key = `${ref.source}:${ref.recordId}`;
    const entry = orphaned.get(key) ?? { record, via: [] };
    orphaned.set(key, { ...entry, via: [...entry.via, `${ref.reference.via} (${ref.reference.source})`] });
  }
  return [
    ...records.flatMap((r) => recordFindings(r, options)),
    ...conflictFindings(records, options.region),
    // A silo that could not be read may be the one that states consent: absence proves nothing then. (The other
    // codes can only miss findings on a record not read, never make a wrong one.)
    ...(customer.failures.size === 0 ? CHANNELS.flatMap((channel) => missingConsentFindings(records, channel)) : []),
    ...duplicateFindings(records),
    ...[...orphaned.values()].map(({ record, via }) => finding(record, 'ORPHANED_REFERENCE', 'crossReference', `${via.join(', ')} resolves to no record`)),
  ];
}
