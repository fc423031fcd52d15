import { describe, expect, it } from 'vitest';
import { consentStateOf, toContactRecord } from '../../../connectors/shopify/mapping.js';
import { customersPageSchema, type ShopifyCustomer } from '../../../connectors/shopify/schemas.js';
import { fixture } from './support.js';

const FETCHED = '2026-01-02T03:04:05.000Z';
const example = (): ShopifyCustomer => {
  const parsed = customersPageSchema.parse(fixture<{ data: unknown }>('customers-by-email.response.json').data);
  return parsed.customers.edges[0]?.node as ShopifyCustomer;
};

describe('Shopify mapping', () => {
  it('reads marketing states as consent: SUBSCRIBED grants, UNSUBSCRIBED and REDACTED deny, the rest say nothing', () => {
    expect(['SUBSCRIBED', 'UNSUBSCRIBED', 'REDACTED', 'NOT_SUBSCRIBED', 'PENDING', 'INVALID'].map(consentStateOf)).toEqual([
      'GRANTED', 'DENIED', 'DENIED', 'UNKNOWN', 'UNKNOWN', 'UNKNOWN',
    ]);
  });

  it('passes fetchedAt through and reads no clock', () => {
    expect(toContactRecord(example(), FETCHED).provenance.fetchedAt).toBe(FETCHED);
  });

  it('maps a customer without email, phone, address or consent to empty lists and nulls', () => {
    const bare = { ...example(), email: null, phone: null, defaultAddress: null, emailMarketingConsent: null, smsMarketingConsent: null, displayName: '' };
    expect(toContactRecord(bare, FETCHED)).toMatchObject({ emails: [], phones: [], postalCode: null, countryCode: null, consent: [], fullName: null, crossRefs: [] });
  });
});
