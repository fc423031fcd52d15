import { describe, expect, it } from 'vitest';
import { FALLBACK_PHONE_REGION, isE164, normaliseEmail, normalisePhone, phoneRegionOf } from '../../src/model/index.js';

describe('normalisation', () => {
  it('trims and lower-cases emails and refuses non-addresses', () => {
    expect(normaliseEmail('  Jane.Doe@Example.COM\t')).toBe('jane.doe@example.com');
    expect(normaliseEmail('not an email')).toBeNull();
    expect(normaliseEmail('')).toBeNull();
  });

  it('reads national phones with the given region and international ones anywhere', () => {
    expect(normalisePhone('(206) 555-0134', 'US')).toBe('+12065550134');
    expect(normalisePhone('206-555-0134', 'US')).toBe('+12065550134');
    expect(normalisePhone('+44 7911 123456', 'US')).toBe('+447911123456');
    expect(normalisePhone('07911 123456', 'GB')).toBe('+447911123456');
    expect(normalisePhone('12', 'US')).toBeNull();
  });
});

describe('one rule for identity and every connector', () => {
  it('keeps a phone of a length its country allows, even in a block libphonenumber lists as unallocated', () => {
    expect(normalisePhone('+447911571759', 'US')).toBe('+447911571759');
    expect(normalisePhone('07911 454010', 'GB')).toBe('+447911454010');
  });

  it('refuses numbers no country could have: too short, or national numbers read in the wrong region', () => {
    expect(normalisePhone('555-0134', 'US')).toBeNull();
    expect(normalisePhone('07911 083157', 'US')).toBeNull();
    expect(normalisePhone('call me maybe', 'US')).toBeNull();
    expect(normalisePhone('   ', 'US')).toBeNull();
    expect(normalisePhone(null, 'US')).toBeNull();
  });

  it('reads national numbers in no region libphonenumber does not know', () => {
    expect(normalisePhone('(404) 555-8211', 'ZZ')).toBeNull();
    expect(normalisePhone('+1 404 555 8211', 'ZZ')).toBe('+14045558211');
  });

  it('reads a record\'s phones in its own country in any case, else in the fallback region', () => {
    expect(phoneRegionOf('GB')).toBe('GB');
    expect(phoneRegionOf(' gb ')).toBe('GB');
    expect(phoneRegionOf('ZZ')).toBe(FALLBACK_PHONE_REGION);
    expect(phoneRegionOf(null)).toBe(FALLBACK_PHONE_REGION);
    expect(phoneRegionOf(undefined, 'DE')).toBe('DE');
    expect(phoneRegionOf('XX', 'DE')).toBe('DE');
  });

  it('refuses emails without a dot in the domain or with inner white space', () => {
    expect(normaliseEmail('a@b')).toBeNull();
    expect(normaliseEmail('a b@c.com')).toBeNull();
    expect(normaliseEmail(null)).toBeNull();
    expect(normaliseEmail(' A@B.Com ')).toBe('a@b.com');
  });

  it('tells E.164 from other spellings', () => {
    expect(isE164('+14045558211')).toBe(true);
    expect(isE164('+1 404 555 8211')).toBe(false);
    expect(isE164('14045558211')).toBe(false);
    expect(isE164('+0123')).toBe(false);
  });
});
