import { describe, expect, it } from 'vitest';
import { customerFindings, type DataQualityFinding } from '../../src/data-quality/index.js';
import type { OrphanedReference, ResolvedCustomer } from '../../src/identity/index.js';
import { SourceUnavailable, type ConsentFact, type ContactRecord, type DataQualityCode } from '../../src/model/index.js';
import { contact } from '../identity/records.js';

const NOW = new Date('2026-11-01T00:00:00.000Z');
const OPTIONS = { now: NOW, staleDays: 730, region: 'US' };
const FRESH = '2026-10-01T00:00:00.000Z';
// Both channels stated by default, so that a test sees only the code it is about.
const STATED: ConsentFact[] = [{ channel: 'EMAIL', state: 'GRANTED', updatedAt: null }, { channel: 'SMS', state: 'GRANTED', updatedAt: null }];

function rec(source: Parameters<typeof contact>[0], id: string, fields: Partial<ContactRecord> = {}, updatedAt: string | null = FRESH): ContactRecord {
  const base = contact(source, id, { consent: STATED, ...fields });
  return { ...base, provenance: { ...base.provenance, updatedAt } };
}

function customerOf(records: ContactRecord[], orphanedReferences: OrphanedReference[] = []): ResolvedCustomer {
  return {
    id: 'cus_x',
    anchor: records[0] ?? null,
    records: records.map((record) => ({ record, matchedOn: ['EMAIL' as const], confidence: 1, rule: 'EMAIL' as const, comparisons: [] })),
    failures: new Map(),
    alarms: [],
    orphanedReferences,
  };
}

const findings = (records: ContactRecord[], orphans: OrphanedReference[] = [], options = OPTIONS) => customerFindings(customerOf(records, orphans), options);
const ofCode = (all: DataQualityFinding[], code: DataQualityCode) => all.filter((f) => f.code === code);
const keys = (all: DataQualityFinding[]) => all.map((f) => `${f.code} ${f.source}:${f.recordId} ${f.field}`).sort();

describe('data-quality findings of one customer', () => {
  it('finds nothing wrong with clean, agreeing, consented records', () => {
    expect(findings([
      rec('CRM', '1', { firstName: 'Ana', lastName: 'Silva', emails: ['ana@example.com'], phones: ['+14155550100'], postalCode: '94107' }),
      rec('ECOMMERCE', '2', { firstName: 'ana', lastName: 'SILVA', emails: ['Ana@Example.com'], phones: ['(415) 555-0100'], postalCode: '94107' }),
    ])).toEqual([]);
  });

  describe('INVALID_EMAIL', () => {
    it.each([
      ['ana.example.com', "no '@'"],
      ['ana@@example.com', "more than one '@'"],
      ['ana silva@example.com', 'white space inside the address'],
      ['ana@example', 'the domain has no dot between two labels'],
      ['ana@example.com.', 'an empty label in the domain (a stray dot)'],
      ['ana@mailinator.com', 'domain on the disposable list'],
    ])('flags %s: %s, without the value', (email, detail) => {
      const [f, ...rest] = findings([rec('CRM', '1', { emails: [email] })]);
      expect(rest).toEqual([]);
      expect(f).toEqual({ source: 'CRM', recordId: '1', field: 'email', code: 'INVALID_EMAIL', detail });
      expect(f?.detail).not.toContain(email.split('@')[0]);
    });

    it('checks secondary emails too, and files one finding per record', () => {
      const all = ofCode(findings([rec('SUPPORT', '7', { emails: ['ana@example.com'], secondaryEmails: ['x@mailinator.com', 'nope'] })]), 'INVALID_EMAIL');
      expect(all).toEqual([{ source: 'SUPPORT', recordId: '7', field: 'email', code: 'INVALID_EMAIL', detail: "2 of 3 emails: domain on the disposable list; no '@'" }]);
    });
  });

  describe('INVALID_PHONE', () => {
    it('reads a national number in the record\'s country, and says why it is impossible there', () => {
      const all = findings([rec('POS', '3', { phones: ['0791'], countryCode: 'GB' }), rec('POS', '4', { phones: ['07911 123456'], countryCode: 'GB' })]);
      expect(ofCode(all, 'INVALID_PHONE')).toEqual([{ source: 'POS', recordId: '3', field: 'phone', code: 'INVALID_PHONE', detail: 'too short for GB' }]);
    });

    it('falls back to the default region for a record without a country', () => {
      const [f] = ofCode(findings([rec('CRM', '1', { phones: ['415 555 01'] })]), 'INVALID_PHONE');
      expect(f?.detail).toBe('too short for US');
      expect(ofCode(findings([rec('CRM', '1', { phones: ['415 555 0100'] })]), 'INVALID_PHONE')).toEqual([]);
    });
  });

  describe('CONFLICTING_VALUE', () => {
    it('compares names ignoring case, accents, spacing and punctuation', () => {
      expect(ofCode(findings([
        rec('CRM', '1', { firstName: 'José', lastName: 'De la Cruz' }),
        rec('SUPPORT', '2', { firstName: 'JOSE', lastName: 'de-la-cruz' }),
      ]), 'CONFLICTING_VALUE')).toEqual([]);
    });

    it('gives every record holding a value a finding, grouping the records by value without saying any', () => {
      const all = ofCode(findings([
        rec('CRM', '1', { lastName: 'Silva' }),
        rec('ECOMMERCE', '2', { lastName: 'Souza' }),
        rec('SUPPORT', '3', { lastName: 'silva' }),
        rec('POS', '4'),
      ]), 'CONFLICTING_VALUE');
      expect(keys(all)).toEqual(['CONFLICTING_VALUE CRM:1 lastName', 'CONFLICTING_VALUE ECOMMERCE:2 lastName', 'CONFLICTING_VALUE SUPPORT:3 lastName']);
      expect(all[0]?.detail).toBe('2 different values: CRM 1 and SUPPORT 3 / ECOMMERCE 2');
      for (const f of all) expect(f.detail.toLowerCase()).not.toMatch(/silva|souza/);
    });

    it('compares only the primary phone, in E.164', () => {
      expect(ofCode(findings([
        rec('CRM', '1', { phones: ['+1 415 555 0100', '+1 415 555 0199'] }),
        rec('ECOMMERCE', '2', { phones: ['(415) 555-0100'] }),
      ]), 'CONFLICTING_VALUE')).toEqual([]);
      expect(keys(ofCode(findings([rec('CRM', '1', { phones: ['+14155550100'] }), rec('ECOMMERCE', '2', { phones: ['+14155550199', '+14155550100'] })]), 'CONFLICTING_VALUE')))
        .toEqual(['CONFLICTING_VALUE CRM:1 phone', 'CONFLICTING_VALUE ECOMMERCE:2 phone']);
    });

    it('compares postal codes ignoring case and spacing', () => {
      expect(ofCode(findings([rec('CRM', '1', { postalCode: 'SW1A 1AA' }), rec('POS', '2', { postalCode: 'sw1a1aa' })]), 'CONFLICTING_VALUE')).toEqual([]);
      expect(ofCode(findings([rec('CRM', '1', { postalCode: 'SW1A 1AA' }), rec('POS', '2', { postalCode: 'SW1A 2AA' })]), 'CONFLICTING_VALUE')).toHaveLength(2);
    });

    it('compares GRANTED with DENIED and says which silo says what; UNKNOWN states nothing', () => {
      const all = ofCode(findings([
        rec('CRM', '1', { consent: [{ channel: 'EMAIL', state: 'GRANTED', updatedAt: null }] }),
        rec('ECOMMERCE', '2', { consent: [{ channel: 'EMAIL', state: 'DENIED', updatedAt: null }] }),
        rec('POS', '3', { consent: [{ channel: 'EMAIL', state: 'UNKNOWN', updatedAt: null }] }),
      ]), 'CONFLICTING_VALUE');
      expect(all.map((f) => [f.source, f.field, f.detail])).toEqual([
        ['CRM', 'emailConsent', 'CRM 1 says GRANTED, ECOMMERCE 2 says DENIED'],
        ['ECOMMERCE', 'emailConsent', 'CRM 1 says GRANTED, ECOMMERCE 2 says DENIED'],
      ]);
    });

    it('needs two records holding a value: one value and an empty field is no conflict', () => {
      expect(ofCode(findings([rec('CRM', '1', { firstName: 'Ana' }), rec('SUPPORT', '2', { firstName: '  ' })]), 'CONFLICTING_VALUE')).toEqual([]);
    });
  });

  describe('STALE_RECORD', () => {
    it('flags a record last changed more than the stale setting\'s days before now, saying when', () => {
      const all = findings([rec('CRM', '1', {}, '2021-03-04T10:00:00.000Z'), rec('POS', '2', {}, '2024-11-02T00:00:00.000Z'), rec('SUPPORT', '3', {}, null)]);
      expect(ofCode(all, 'STALE_RECORD')).toEqual([{ source: 'CRM', recordId: '1', field: 'updatedAt', code: 'STALE_RECORD', detail: 'last changed 2021-03-04, 2,067 days ago' }]);
    });

    it('follows the setting', () => {
      expect(ofCode(findings([rec('POS', '2', {}, '2024-11-02T00:00:00.000Z')], [], { ...OPTIONS, staleDays: 700 }), 'STALE_RECORD')).toHaveLength(1);
      // Exactly the setting's days old is not more than it; a millisecond older is.
      expect(ofCode(findings([rec('POS', '2', {}, '2024-11-01T00:00:00.000Z')], [], { ...OPTIONS, staleDays: 730 }), 'STALE_RECORD')).toEqual([]);
      expect(ofCode(findings([rec('POS', '2', {}, '2024-10-31T23:59:59.999Z')], [], { ...OPTIONS, staleDays: 730 }), 'STALE_RECORD')).toHaveLength(1);
    });
  });

  describe('MISSING_CONSENT', () => {
    it('flags every record holding an address for a channel no record states consent on', () => {
      const all = ofCode(findings([
        rec('CRM', '1', { emails: ['ana@example.com'], consent: [{ channel: 'EMAIL', state: 'UNKNOWN', updatedAt: null }] }),
        rec('SUPPORT', '2', { emails: ['ana@example.com'], phones: ['+14155550100'], consent: [] }),
        rec('POS', '3', { consent: [] }),
      ]), 'MISSING_CONSENT');
      expect(keys(all)).toEqual(['MISSING_CONSENT CRM:1 emailConsent', 'MISSING_CONSENT SUPPORT:2 emailConsent', 'MISSING_CONSENT SUPPORT:2 smsConsent']);
    });

    it('counts secondary addresses as addresses', () => {
      expect(keys(ofCode(findings([rec('SUPPORT', '2', { secondaryEmails: ['ana@example.com'], secondaryPhones: ['+14155550100'], consent: [] })]), 'MISSING_CONSENT')))
        .toEqual(['MISSING_CONSENT SUPPORT:2 emailConsent', 'MISSING_CONSENT SUPPORT:2 smsConsent']);
    });

    it('says nothing while one of the customer\'s silos could not be read: it may be the one stating consent', () => {
      const customer = { ...customerOf([rec('SUPPORT', '2', { emails: ['ana@example.com'], consent: [] })]), failures: new Map([['CRM', new SourceUnavailable('CRM', 'down')]] as const) };
      expect(ofCode(customerFindings(customer, OPTIONS), 'MISSING_CONSENT')).toEqual([]);
    });

    it('is satisfied by a DENIED as by a GRANTED in any linked record', () => {
      expect(ofCode(findings([
        rec('CRM', '1', { emails: ['ana@example.com'], consent: [{ channel: 'EMAIL', state: 'DENIED', updatedAt: null }, { channel: 'SMS', state: 'GRANTED', updatedAt: null }] }),
        rec('SUPPORT', '2', { emails: ['ana@example.com'], phones: ['+14155550100'], consent: [] }),
      ]), 'MISSING_CONSENT')).toEqual([]);
    });
  });

  describe('DUPLICATE_IN_SILO', () => {
    it('flags each of two records of one silo in one customer', () => {
      const all = ofCode(findings([rec('CRM', '1'), rec('CRM', '2'), rec('POS', '3')]), 'DUPLICATE_IN_SILO');
      expect(all.map((f) => [f.source, f.recordId, f.field, f.detail])).toEqual([['CRM', '1', 'record', '2 CRM records belong to this customer'], ['CRM', '2', 'record', '2 CRM records belong to this customer']]);
    });

    it('finds none for a household sharing a mailbox: two customers of one record each', () => {
      const shared = ['family@example.com'];
      const [ana, ben] = [rec('CRM', '1', { firstName: 'Ana', emails: shared }), rec('CRM', '2', { firstName: 'Ben', emails: shared })];
      expect([...findings([ana as ContactRecord]), ...findings([ben as ContactRecord])]).toEqual([]);
    });
  });

  describe('ORPHANED_REFERENCE', () => {
    it('flags the record keeping a cross-reference identity found nothing behind, naming the vendor field', () => {
      const support = rec('SUPPORT', '9', { crossRefs: [{ source: 'CRM', recordId: '404', via: 'external_id' }] });
      const all = findings([rec('CRM', '1'), support], [{ source: 'SUPPORT', recordId: '9', reference: { source: 'CRM', recordId: '404', via: 'external_id' } }]);
      expect(ofCode(all, 'ORPHANED_REFERENCE')).toEqual([{ source: 'SUPPORT', recordId: '9', field: 'crossReference', code: 'ORPHANED_REFERENCE', detail: 'external_id (CRM) resolves to no record' }]);
    });
  });
});
