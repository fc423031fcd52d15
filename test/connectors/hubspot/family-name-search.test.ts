import { describe, expect, it } from 'vitest';
import { familyNameGroups, familyNameKeyIdOfContact, postalCodeSpellings } from '../../../connectors/hubspot/family-name-search.js';
import type { HubSpotContact } from '../../../connectors/hubspot/schemas.js';
import type { LookupKey } from '../../../src/model/index.js';

const key = (value: string, postalCode: string): LookupKey => ({ kind: 'familyName', value, postalCode });
/** A distinct letters-only word per number: 0 → a, 25 → z, 26 → ba. */
const word = (i: number) => [...i.toString(26)].map((c) => String.fromCharCode(97 + parseInt(c, 26))).join('');
const contact = (lastname: string | null, zip: string | null): HubSpotContact => ({
  id: '51', properties: { lastname, zip }, createdAt: '2024-01-01T00:00:00Z', updatedAt: '2024-01-01T00:00:00Z', archived: false,
});

describe('HubSpot family-name search plan', () => {
  it('spells a postal code as sent and in its conventional written form, lower-cased', () => {
    expect(postalCodeSpellings('SW1A1AA')).toEqual(['sw1a1aa', 'sw1a 1aa']);
    expect(postalCodeSpellings('LS19OQ')).toEqual(['ls19oq', 'ls1 9oq']);
    expect(postalCodeSpellings('K1A0B6')).toEqual(['k1a0b6', 'k1a 0b6']);
    expect(postalCodeSpellings('1011AB')).toEqual(['1011ab', '1011 ab']);
    expect(postalCodeSpellings('7210353')).toEqual(['7210353', '721-0353']);
    expect(postalCodeSpellings('021391234')).toEqual(['021391234', '02139-1234']);
    expect(postalCodeSpellings('02139')).toEqual(['02139']);
  });

  it('asks lastname IN and zip IN in one group, each value once however many keys carry it', () => {
    expect(familyNameGroups([key('smith', 'SW1A1AA'), key('smith', '02139'), key('jones', '02139'), key('smith', 'SW1A1AA')])).toEqual([
      {
        filters: [
          { propertyName: 'lastname', operator: 'IN', values: ['jones', 'smith'] },
          { propertyName: 'zip', operator: 'IN', values: ['02139', 'sw1a1aa', 'sw1a 1aa'] },
        ],
      },
    ]);
  });

  it('packs keys while both IN lists hold at most 100 values: 250 US keys in 3 groups, 250 UK keys in 5', () => {
    const us = Array.from({ length: 250 }, (_, i) => key(word(i), String(10000 + i)));
    const uk = Array.from({ length: 250 }, (_, i) => key(word(i), `EC1V${i % 10}${String.fromCharCode(65 + Math.floor(i / 10))}A`));
    const sizes = (keys: LookupKey[]) => familyNameGroups(keys).map((g) => g.filters.map((f) => f.values?.length));
    expect(sizes(us)).toEqual([[100, 100], [100, 100], [50, 50]]);
    expect(sizes(uk)).toEqual(Array.from({ length: 5 }, () => [50, 100]));
  });

  it('searches a hyphenated or apostrophed name as its askers wrote it, once per spelling', () => {
    const spelt = (spelling: string): LookupKey => ({ kind: 'familyName', value: 'wardroob', postalCode: '26381', spelling });
    expect(familyNameGroups([spelt('ward-roob'), spelt("ward'roob"), spelt('ward-roob'), key('wardroob', '26381')])).toEqual([
      {
        filters: [
          { propertyName: 'lastname', operator: 'IN', values: ['ward-roob', "ward'roob", 'wardroob'] },
          { propertyName: 'zip', operator: 'IN', values: ['26381'] },
        ],
      },
    ]);
  });

  it('searches nothing for keys in no compared form, which can match no record', () => {
    expect(familyNameGroups([key("O'Brien", 'SW1A1AA'), key('smith', 'sw1a 1aa'), key('', 'X1'), key('*', '02139')])).toEqual([]);
    expect(familyNameGroups([{ kind: 'email', value: 'a@b.com' }, { kind: 'name', value: 'smith' }])).toEqual([]);
  });

  it('files a contact under the key of its own normalised last name and zip only', () => {
    expect(familyNameKeyIdOfContact(contact(" O'Brién ", 'sw1a  1aa'))).toBe('familyName:obrien|SW1A1AA');
    expect(familyNameKeyIdOfContact(contact('Smith', null))).toBeNull();
    expect(familyNameKeyIdOfContact(contact(null, '02139'))).toBeNull();
  });
});
