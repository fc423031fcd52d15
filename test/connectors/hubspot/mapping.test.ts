import { describe, expect, it } from 'vitest';
import { emailConsentOf, shopifyCrossRef, toContactRecord, toEmailConsent } from '../../../connectors/hubspot/mapping.js';
import { contactSchema } from '../../../connectors/hubspot/schemas.js';

const FETCHED = '2026-01-01T00:00:00.000Z';
const full = contactSchema.parse({
  id: '88',
  properties: {
    firstname: 'Devan', lastname: 'Leannon', email: 'Devan.leannon969@Mail.example', phone: '07911 454010',
    zip: 'B2 3NX', country: 'United Kingdom', hs_country_region_code: 'gb', company: 'Nienow - Carter',
    jobtitle: 'Assistant', lifecyclestage: 'customer', hs_lead_status: 'OPEN', hubspot_owner_id: '106007',
    createdate: '2024-01-28T04:13:00.027+01:00', lastmodifieddate: '2024-05-31T10:41:13.855Z', hs_object_id: '88',
    hs_email_optout: 'false', hs_legal_basis: 'Freely given consent from contact', shopify_customer_id: '7208455000123',
  },
  createdAt: '2024-01-28T03:13:00.027Z', updatedAt: '2024-05-31T10:41:13.855Z', archived: false,
});

describe('HubSpot contact mapping', () => {
  it('maps every property the record carries, dates restated in UTC', () => {
    expect(toContactRecord(full, FETCHED)).toEqual({
      provenance: { source: 'CRM', system: 'hubspot', recordId: '88', updatedAt: '2024-05-31T10:41:13.855Z', fetchedAt: FETCHED },
      firstName: 'Devan', lastName: 'Leannon', fullName: 'Devan Leannon',
      emails: ['Devan.leannon969@Mail.example'], phones: ['07911 454010'], secondaryEmails: [], secondaryPhones: [],
      postalCode: 'B2 3NX', countryCode: 'GB',
      crossRefs: [{ source: 'ECOMMERCE', recordId: 'gid://shopify/Customer/7208455000123', via: 'shopify_customer_id' }],
      consent: [{ channel: 'EMAIL', state: 'GRANTED', updatedAt: '2024-05-31T10:41:13.855Z' }],
      createdAt: '2024-01-28T03:13:00.027Z',
      crm: { lifecycleStage: 'customer', leadStatus: 'OPEN', company: 'Nienow - Carter', jobTitle: 'Assistant', ownerId: '106007', createdAt: '2024-01-28T03:13:00.027Z' },
    });
  });

  it('reads consent: an opt-out beats a legal basis, a legal basis of consent grants, anything else is unknown', () => {
    expect(emailConsentOf({ hs_email_optout: 'true', hs_legal_basis: 'Freely given consent from contact' })).toBe('DENIED');
    expect(emailConsentOf({ hs_email_optout: 'false', hs_legal_basis: 'Freely given consent from contact' })).toBe('GRANTED');
    expect(emailConsentOf({ hs_email_optout: 'false', hs_legal_basis: 'Legitimate interest – existing customer' })).toBe('UNKNOWN');
    expect(emailConsentOf({ hs_email_optout: 'false', hs_legal_basis: null })).toBe('UNKNOWN');
  });

  it('links a Shopify customer only from a numeric id', () => {
    expect(shopifyCrossRef({ shopify_customer_id: ' 42 ' })?.recordId).toBe('gid://shopify/Customer/42');
    expect(shopifyCrossRef({ shopify_customer_id: 'see notes' })).toBeNull();
    expect(shopifyCrossRef({ shopify_customer_id: '' })).toBeNull();
  });

  it('maps a contact with nothing but an id to nulls and empty lists, falling back to the envelope dates', () => {
    const bare = contactSchema.parse({ id: '1', properties: { email: '', phone: null }, createdAt: '2024-01-01T00:00:00Z', updatedAt: '2024-02-01T00:00:00Z', archived: false });
    expect(toContactRecord(bare, FETCHED)).toMatchObject({
      provenance: { updatedAt: '2024-02-01T00:00:00.000Z' }, fullName: null, emails: [], phones: [], countryCode: null,
      crossRefs: [], createdAt: '2024-01-01T00:00:00.000Z', consent: [{ state: 'UNKNOWN' }],
    });
  });

  it('reads communication preferences: a portal-wide opt-out denies, a subscription grants, none is unknown', () => {
    const status = (s: 'SUBSCRIBED' | 'NOT_SUBSCRIBED', sourceOfStatus: 'PORTAL_WIDE_STATUS' | 'SUBSCRIPTION_STATUS') =>
      ({ id: '1', name: 'Marketing', status: s, sourceOfStatus });
    const answer = (...subscriptionStatuses: ReturnType<typeof status>[]) => ({ recipient: 'a@b.com', subscriptionStatuses });
    expect(toEmailConsent(answer(status('NOT_SUBSCRIBED', 'PORTAL_WIDE_STATUS'))).state).toBe('DENIED');
    expect(toEmailConsent(answer(status('SUBSCRIBED', 'SUBSCRIPTION_STATUS'), status('NOT_SUBSCRIBED', 'SUBSCRIPTION_STATUS'))).state).toBe('GRANTED');
    expect(toEmailConsent(answer(status('NOT_SUBSCRIBED', 'SUBSCRIPTION_STATUS'))).state).toBe('UNKNOWN');
  });
});
