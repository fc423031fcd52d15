import { familyNameKey, normaliseEmail, normalisePhone, phoneRegionOf, postalCodeKey, type ContactRecord, type Source } from '../model/index.js';
import { nameKey } from './names.js';
import { isGenericEmail } from './generic-email.js';
import { KIND_CONFIDENCE, decide, type CandidateValues, type ComparedValues, type FieldComparison, type LinkRule, type MatchKind } from './rules.js';

/** A silo record inside a customer, with why it was linked. */
export interface LinkedRecord {
  record: ContactRecord;
  /** What the link rests on; more kinds join when other members find the record again. */
  matchedOn: MatchKind[];
  confidence: number;
  /** The rule that linked it; null for the record the cluster was resolved from. */
  rule: LinkRule | null;
  /** What the rule compared, against the cluster as it stood when the record joined. */
  comparisons: readonly FieldComparison[];
}

/** The identity keys of one record, normalised. */
export interface IdentityKeys {
  /** Personal emails; role mailboxes are left out, since they do not identify one person. */
  readonly emails: readonly string[];
  readonly phones: readonly string[];
  /** The silo's further emails and phones (`secondaryEmails`, `secondaryPhones`): compared, never looked up. */
  readonly matchEmails: readonly string[];
  readonly matchPhones: readonly string[];
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
  const personalEmails = (list: readonly string[]) => list.map(normaliseEmail).filter((e): e is string => e !== null && !isGenericEmail(e));
  const validPhones = (list: readonly string[]) => list.map((p) => normalisePhone(p, region)).filter((p): p is string => p !== null);
  const emails = [...new Set(personalEmails(record.emails))];
  const phones = [...new Set(validPhones(record.phones))];
  const keys: IdentityKeys = Object.freeze({
    emails: Object.freeze(emails),
    phones: Object.freeze(phones),
    matchEmails: Object.freeze([...new Set(personalEmails(record.secondaryEmails ?? []))].filter((e) => !emails.includes(e))),
    matchPhones: Object.freeze([...new Set(validPhones(record.secondaryPhones ?? []))].filter((p) => !phones.includes(p))),
  });
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
 * A growing set of records believed to be one person. Each record offered is compared with every member's values so
 * far, field by field, and joins when one of the rules in `rules.ts` links it (the strongest that does names the
 * link). Values found to be held by many people are ignored as keys; a cluster past its size bound can be cut at
 * its weakest link.
 */
export class Cluster {
  readonly members = new Map<string, LinkedRecord>();
  private readonly ignored = new Set<string>();
  private held = emptyValues();

  constructor(
    seed: ContactRecord,
    private readonly defaultRegion: string,
  ) {
    this.members.set(recordKey(seed), { record: seed, matchedOn: ['ANCHOR'], confidence: 1, rule: null, comparisons: [] });
    this.hold(seed);
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

  /**
   * Offers a record found by `kind` (the key that found it). A member found again by another kind gains it as a
   * further reason, at a higher confidence. Returns true when the record is new and a rule linked it.
   */
  offer(record: ContactRecord, kind: Exclude<MatchKind, 'ANCHOR'>): boolean {
    const existing = this.members.get(recordKey(record));
    if (existing) {
      if (!existing.matchedOn.includes(kind)) {
        existing.matchedOn.push(kind);
        existing.confidence = round(1 - (1 - existing.confidence) * (1 - KIND_CONFIDENCE[kind]));
      }
      return false;
    }
    const link = decide(this.candidate(record, kind === 'CROSS_REFERENCE'), this.held);
    if (!link) return false;
    this.members.set(recordKey(record), { record, matchedOn: [...link.matchedOn], confidence: link.confidence, rule: link.rule, comparisons: link.comparisons });
    this.hold(record);
    return true;
  }

  /** The record's values in the forms the rules compare, without values ignored as keys. */
  candidate(record: ContactRecord, crossReferenced: boolean): CandidateValues {
    const { emails, phones, matchEmails, matchPhones } = identityKeys(record, this.defaultRegion);
    const kept = (values: readonly string[]) => values.filter((v) => !this.ignored.has(v));
    return {
      emails: kept(emails),
      phones: kept(phones),
      secondaryEmails: kept(matchEmails),
      secondaryPhones: kept(matchPhones),
      givenName: nameKey(record.firstName),
      familyName: familyNameKey(record.lastName),
      postalCode: postalCodeKey(record.postalCode),
      crossReferenced,
    };
  }

  /** The members' values the next record is compared with. */
  get values(): ComparedValues {
    return this.held;
  }

  /** Whether an email or phone is ignored as a key. */
  ignores(value: string): boolean {
    return this.ignored.has(value);
  }

  /** Stops treating an email or phone as a key (many people hold it): later offers neither match nor conflict on it. */
  ignore(value: string): void {
    this.ignored.add(value);
    for (const held of [this.held.emails, this.held.phones, this.held.secondaryEmails, this.held.secondaryPhones]) held.delete(value);
  }

  /**
   * Cuts the cluster down to `max` records at its weakest link: the least sure link (the later one on a tie) goes,
   * with every record linked after it, which may have been reached through it. Returns the records cut off.
   */
  cut(max: number): ContactRecord[] {
    const cutOff: ContactRecord[] = [];
    while (this.members.size > max) {
      const links = [...this.members.entries()].slice(1);
      let weakest = 0;
      links.forEach(([, m], n) => {
        if (m.confidence <= (links[weakest] as [string, LinkedRecord])[1].confidence) weakest = n;
      });
      for (const [key, { record }] of links.slice(weakest)) {
        this.members.delete(key);
        cutOff.push(record);
      }
    }
    if (cutOff.length > 0) {
      this.held = emptyValues();
      for (const { record } of this.members.values()) this.hold(record);
    }
    return cutOff;
  }

  private hold(record: ContactRecord) {
    const values = this.candidate(record, false);
    for (const e of values.emails) this.held.emails.add(e);
    for (const p of values.phones) this.held.phones.add(p);
    for (const e of values.secondaryEmails) this.held.secondaryEmails.add(e);
    for (const p of values.secondaryPhones) this.held.secondaryPhones.add(p);
    if (values.givenName) this.held.givenNames.push(values.givenName);
    if (values.familyName) this.held.familyNames.push(values.familyName);
    if (values.postalCode) this.held.postalCodes.add(values.postalCode);
  }
}

interface HeldValues {
  readonly emails: Set<string>;
  readonly phones: Set<string>;
  readonly secondaryEmails: Set<string>;
  readonly secondaryPhones: Set<string>;
  readonly givenNames: string[];
  readonly familyNames: string[];
  readonly postalCodes: Set<string>;
}

function emptyValues(): HeldValues {
  return { emails: new Set(), phones: new Set(), secondaryEmails: new Set(), secondaryPhones: new Set(), givenNames: [], familyNames: [], postalCodes: new Set() };
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
