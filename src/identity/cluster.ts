import { normaliseEmail, normalisePhone, phoneRegionOf, type ContactRecord, type Source } from '../model/index.js';
import { familyNamesMatch, givenNamesCompatible, nameKey } from './names.js';
import { isGenericEmail } from './generic-email.js';

/** What a link rests on (the schema's MatchKind). */
export type MatchKind = 'ANCHOR' | 'EMAIL' | 'PHONE' | 'CROSS_REFERENCE' | 'NAME_AND_POSTAL_CODE';

/** How sure each kind of link is on its own; several kinds together are surer still. */
const CONFIDENCE: Readonly<Record<MatchKind, number>> = {
  ANCHOR: 1,
  CROSS_REFERENCE: 0.99,
  EMAIL: 0.97,
  PHONE: 0.95,
  NAME_AND_POSTAL_CODE: 0.8,
};

/** A silo record inside a customer, with why it was linked. */
export interface LinkedRecord {
  record: ContactRecord;
  matchedOn: MatchKind[];
  confidence: number;
}

/** The identity keys of one record, normalised. */
export interface IdentityKeys {
  /** Personal emails; role mailboxes are left out, since they do not identify one person. */
  readonly emails: readonly string[];
  readonly phones: readonly string[];
}

/** `SOURCE:recordId`, unique across silos. */
export function recordKey(record: Pick<ContactRecord, 'provenance'>): string {
  return `${record.provenance.source}:${record.provenance.recordId}`;
}

// Records are never changed once read (the record cache hands out frozen ones, the same objects on every hit), and a
// request asks for the keys of each record several times (offer, add, the next round, the resolvers): computed once
// per record and region.
const keysOf = new WeakMap<ContactRecord, { region: string; keys: IdentityKeys }>();

/** Normalised identity keys of a record; phones read with the record's own country, else `defaultRegion`. */
export function identityKeys(record: ContactRecord, defaultRegion: string): IdentityKeys {
  const known = keysOf.get(record);
  if (known?.region === defaultRegion) return known.keys;
  const region = phoneRegionOf(record.countryCode, defaultRegion);
  const emails = record.emails.map(normaliseEmail).filter((e): e is string => e !== null && !isGenericEmail(e));
  const phones = record.phones.map((p) => normalisePhone(p, region)).filter((p): p is string => p !== null);
  const keys: IdentityKeys = Object.freeze({ emails: Object.freeze([...new Set(emails)]), phones: Object.freeze([...new Set(phones)]) });
  keysOf.set(record, { region: defaultRegion, keys });
  return keys;
}

const SOURCE_RANK: Readonly<Record<Source, number>> = { CRM: 0, ECOMMERCE: 1, SUPPORT: 2, POS: 3 };

/** The deterministic order records are anchored and crawled in: silo role, then record id. */
export function compareRecords(a: ContactRecord, b: ContactRecord): number {
  const rank = SOURCE_RANK[a.provenance.source] - SOURCE_RANK[b.provenance.source];
  if (rank !== 0) return rank;
  const x = a.provenance.recordId;
  const y = b.provenance.recordId;
  return x.length - y.length || (x < y ? -1 : x > y ? 1 : 0);
}

/**
 * A growing set of records believed to be one person, with the guards that keep two people apart:
 * a shared email or phone links only when the given names agree, and an email shared by records
 * whose phones differ links only when the full names are the same.
 */
export class Cluster {
  readonly members = new Map<string, LinkedRecord>();
  private readonly phones = new Set<string>();
  private readonly givenNames: string[] = [];
  private readonly familyNames: string[] = [];

  constructor(
    seed: ContactRecord,
    private readonly defaultRegion: string,
  ) {
    this.add(seed, 'ANCHOR');
  }

  /** The record customer ids are minted from: the first member in the fixed order. */
  get anchor(): ContactRecord {
    let best: ContactRecord | undefined;
    for (const { record } of this.members.values()) if (!best || compareRecords(record, best) < 0) best = record;
    return best as ContactRecord;
  }

  has(record: ContactRecord): boolean {
    return this.members.has(recordKey(record));
  }

  /** Links `record` on `kind` if the guards allow; returns true when it is new to the cluster. */
  offer(record: ContactRecord, kind: Exclude<MatchKind, 'ANCHOR'>): boolean {
    const existing = this.members.get(recordKey(record));
    if (existing) {
      if (!existing.matchedOn.includes(kind)) {
        existing.matchedOn.push(kind);
        existing.confidence = combine(existing.matchedOn);
      }
      return false;
    }
    if (!this.allows(record, kind)) return false;
    this.add(record, kind);
    return true;
  }

  private allows(record: ContactRecord, kind: MatchKind): boolean {
    if (kind === 'CROSS_REFERENCE') return true; // ids the silos keep of each other are deliberate links
    const given = nameKey(record.firstName);
    if (kind === 'NAME_AND_POSTAL_CODE') {
      // The weakest rule: both given names known and compatible, and no phone that says otherwise.
      const phones = identityKeys(record, this.defaultRegion).phones;
      const phoneConflict = phones.length > 0 && this.phones.size > 0 && !phones.some((p) => this.phones.has(p));
      return given !== null && this.givenNames.some((g) => givenNamesCompatible(g, given)) && !phoneConflict;
    }
    const namesAgree = given === null || this.givenNames.length === 0 || this.givenNames.some((g) => givenNamesCompatible(g, given));
    if (!namesAgree) return false;
    if (kind !== 'EMAIL') return true;
    const phones = identityKeys(record, this.defaultRegion).phones;
    const phoneConflict = phones.length > 0 && this.phones.size > 0 && !phones.some((p) => this.phones.has(p));
    if (!phoneConflict) return true;
    return given !== null && this.givenNames.includes(given) && this.familyNames.some((f) => familyNamesMatch(f, record.lastName));
  }

  private add(record: ContactRecord, kind: MatchKind) {
    this.members.set(recordKey(record), { record, matchedOn: [kind], confidence: CONFIDENCE[kind] });
    for (const p of identityKeys(record, this.defaultRegion).phones) this.phones.add(p);
    const given = nameKey(record.firstName);
    if (given) this.givenNames.push(given);
    const family = nameKey(record.lastName);
    if (family) this.familyNames.push(family);
  }
}

function combine(kinds: MatchKind[]): number {
  const miss = kinds.reduce((p, k) => p * (1 - CONFIDENCE[k]), 1);
  return Math.round((1 - miss) * 10_000) / 10_000;
}
